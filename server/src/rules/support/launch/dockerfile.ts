import type { Dockerfile, ImageTemplate, Instruction } from 'dockerfile-ast';
import { execFormWords, shellTokens, trailingCommentStart, isWord, type ShellToken, type ShellWord } from '../../../engine/files';
import type { LineIndex } from '../../../engine/positions';
import type { LaunchCommand } from './commands';
import { jsonArray, literal, shellLine } from './words';

/**
 * A Dockerfile's CMD and ENTRYPOINT instructions. The exec form (a JSON array) runs its words as
 * they are and is written back as JSON; the shell form goes to `/bin/sh -c` and is written back
 * as one shell line, its trailing comment left in place.
 */
export function dockerfileCommands(dockerfile: Dockerfile, text: string, lines: LineIndex): LaunchCommand[] {
  const instructions = [...dockerfile.getCMDs(), ...dockerfile.getENTRYPOINTs()];
  instructions.sort((a, b) => a.getRange().start.line - b.getRange().start.line);
  const commands: LaunchCommand[] = [];
  for (const instruction of instructions) {
    const args = instruction.getArgumentsRange();
    const content = instruction.getArgumentsContent();
    if (!args || content === null) continue;
    const start = lines.offsetAt(args.start);
    let end = lines.offsetAt(args.end);
    const line = args.start.line;
    const image = dockerfile.getContainingImage(args.start) ?? dockerfile;
    const context = { env: environment(image, line), ...workdirOf(image, line) };
    const exec = execFormWords(instruction);
    if (exec) {
      const write = (tokens: readonly ShellToken[]) => (tokens.every(isWord) ? jsonArray(tokens.map((t) => t.word)) : undefined);
      commands.push({ range: { start, end }, tokens: exec.map(literal), write, ...context });
      continue;
    }
    const tokens = shellTokens(content);
    const comment = trailingCommentStart(content, tokens);
    // The comment ends the last line, which the joined content ends with unchanged.
    if (comment !== undefined) end -= content.length - comment;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    commands.push({ range: { start, end }, tokens, write: (next) => shellLine(next, content), ...context });
  }
  return commands;
}

/** The variables ENV sets in this build stage above `line`, with Docker's escapes removed. */
function environment(image: ImageTemplate, line: number): Map<string, ShellWord> {
  const env = new Map<string, ShellWord>();
  for (const instruction of image.getENVs()) {
    if (instruction.getRange().start.line >= line) continue;
    for (const property of instruction.getProperties()) {
      const value = property.getUnescapedValue();
      // A value built from other variables is not known here.
      if (value !== null && !value.includes('$')) env.set(property.getName(), literal(value));
    }
  }
  return env;
}

/** The last WORKDIR of the stage above `line`, when it is an absolute path without variables. */
function workdirOf(image: ImageTemplate, line: number): { workdir?: string } {
  const workdirs = image.getInstructions().filter((i: Instruction) => i.getKeyword() === 'WORKDIR' && i.getRange().start.line < line);
  const path = workdirs[workdirs.length - 1]?.getArgumentsContent()?.trim();
  return path && path.startsWith('/') && !path.includes('$') ? { workdir: path } : {};
}
