import { DockerfileParser, type Dockerfile, type Instruction } from 'dockerfile-ast';
import type { LineIndex, OffsetRange } from '../positions';
import { shellTokens, trailingCommentStart } from './shellWords';

/** Instructions whose shell form hands its text to `/bin/sh -c`, where `#` starts a comment. */
const SHELL_INSTRUCTIONS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

export interface DockerfileRead {
  dockerfile: Dockerfile;
  comments: OffsetRange[];
  /** Last lines of shell-form RUN/CMD/ENTRYPOINT: the shell reads a comment appended there. */
  trailingCommentLines: Set<number>;
  /** Parser directives (`# syntax=`, `# escape=`) must stay first; a file-level noqa goes below them. */
  headerLines: number;
}

/**
 * A Dockerfile through dockerfile-ast. Docker's own comments are whole lines; in the shell form of
 * RUN, CMD and ENTRYPOINT a trailing `# ...` reaches the shell, which reads it as a comment. The
 * exec form is JSON: nothing may be appended to it.
 */
export function readDockerfile(text: string, lines: LineIndex): DockerfileRead {
  const dockerfile = DockerfileParser.parse(text);
  const offset = (position: { line: number; character: number }) => lines.offsetAt(position);
  const comments = dockerfile.getComments().map((comment) => ({ start: offset(comment.getRange().start), end: offset(comment.getRange().end) }));
  const trailingCommentLines = new Set<number>();
  for (const instruction of dockerfile.getInstructions()) {
    if (!SHELL_INSTRUCTIONS.has(instruction.getKeyword()) || isExecForm(instruction)) continue;
    const args = instruction.getArgumentsRange();
    const content = instruction.getArgumentsContent();
    if (!args || content === null || content.includes('<<')) continue;
    trailingCommentLines.add(args.end.line);
    // The comment is on the last line, which the joined content ends with unchanged.
    const start = trailingCommentStart(content, shellTokens(content));
    const end = offset(args.end);
    if (start !== undefined) comments.push({ start: end - (content.length - start), end });
  }
  comments.sort((a, b) => a.start - b.start);
  const directives = dockerfile.getDirectives();
  const headerLines = directives.length > 0 ? directives[directives.length - 1]!.getRange().end.line + 1 : 0;
  return { dockerfile, comments, trailingCommentLines, headerLines };
}

/** Docker's rule: the arguments are the exec form when they parse as a JSON array of strings. */
export function isExecForm(instruction: Instruction): boolean {
  return execFormWords(instruction) !== undefined;
}

/** The exec form's words, or undefined for the shell form. */
export function execFormWords(instruction: Instruction): string[] | undefined {
  const content = instruction.getArgumentsContent();
  if (content === null || !content.trimStart().startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(content);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}
