import type { Dockerfile } from 'dockerfile-ast';
import type { Document } from 'yaml';
import type { LineIndex, OffsetRange } from '../positions';
import { readProcfile, readShellScript, type CommandFile, type CommandLine } from './commandLines';
import { readCompose } from './compose';
import { readDockerfile } from './dockerfile';
import type { OtherFileKind } from './kinds';

export { fileKindOf, FILE_PATTERNS, type FileKind, type OtherFileKind } from './kinds';
export { execFormWords } from './dockerfile';
export { isWord, shellTokens, trailingCommentStart, type ShellToken, type ShellWord } from './shellWords';
export type { CommandLine } from './commandLines';

/** A file other than Python, parsed: what `checkFile` rules read. */
export type ParsedFile =
  | { kind: 'dockerfile'; dockerfile: Dockerfile }
  | { kind: 'compose'; document: Document.Parsed }
  | { kind: 'procfile' | 'shell'; commands: readonly CommandLine[] };

/** What the engine needs of such a file besides its parse: where `# noqa` comments are and may go. */
export interface FileRead {
  parsed: ParsedFile;
  /** Its `#` comments, in order. */
  comments: readonly OffsetRange[];
  /** Lines at the top that must stay first (a shebang, parser directives). */
  headerLines: number;
  /** Whether `  # noqa: ...` may be appended to `line` without changing what the file does. */
  acceptsTrailingComment(line: number): boolean;
}

/** Parses a file of a kind other than Python, with the library for that kind. */
export function readFile(kind: OtherFileKind, text: string, lines: LineIndex): FileRead {
  switch (kind) {
    case 'dockerfile': {
      const read = readDockerfile(text, lines);
      return {
        parsed: { kind, dockerfile: read.dockerfile },
        comments: read.comments,
        headerLines: read.headerLines,
        acceptsTrailingComment: (line) => read.trailingCommentLines.has(line),
      };
    }
    case 'compose': {
      const read = readCompose(text);
      return {
        parsed: { kind, document: read.document },
        comments: read.comments,
        headerLines: 0,
        acceptsTrailingComment: (line) => {
          const end = lines.lineContentEnd(line);
          return !read.multilineScalars.some((scalar) => scalar.start < end && end < scalar.end);
        },
      };
    }
    case 'procfile':
      return commandFile(kind, readProcfile(text, lines), 0);
    case 'shell':
      return commandFile(kind, readShellScript(text, lines), text.startsWith('#!') ? 1 : 0);
  }
}

function commandFile(kind: 'procfile' | 'shell', file: CommandFile, headerLines: number): FileRead {
  return {
    parsed: { kind, commands: file.lines },
    comments: file.comments,
    headerLines,
    acceptsTrailingComment: (line) => !file.textLines.has(line) && !file.continued.has(line),
  };
}
