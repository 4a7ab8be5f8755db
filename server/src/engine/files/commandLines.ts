import type { LineIndex, OffsetRange } from '../positions';
import { shellTokens, trailingCommentStart, isWord, type ShellToken } from './shellWords';

/** One command line of a shell script or a Procfile, as the shell reads it. */
export interface CommandLine {
  /** The command in the file, trailing comment and blanks excluded; continuation lines included. */
  range: OffsetRange;
  /** The text the shell reads: `\`-newline continuations removed, trailing comment kept. */
  text: string;
  tokens: ShellToken[];
  /** A Procfile line's process type (`web`). */
  process?: string;
}

/** What the engine reads from a shell script or a Procfile: its command lines and its comments. */
export interface CommandFile {
  lines: CommandLine[];
  comments: OffsetRange[];
  /** Lines inside a here-document: text, not commands, so no comment may be added there. */
  textLines: Set<number>;
  /** Lines that continue on the next one (`\` at the end): a comment there would end the command. */
  continued: Set<number>;
}

/** A shell script: logical lines (continuations joined), here-document bodies skipped. */
export function readShellScript(text: string, lines: LineIndex): CommandFile {
  const file: CommandFile = { lines: [], comments: [], textLines: new Set(), continued: new Set() };
  let heredocs: { delimiter: string; stripTabs: boolean }[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const content = text.slice(lines.lineStart(line), lines.lineContentEnd(line));
    if (heredocs.length > 0) {
      file.textLines.add(line);
      const body = heredocs[0]!.stripTabs ? content.replace(/^\t+/, '') : content;
      if (body === heredocs[0]!.delimiter) heredocs = heredocs.slice(1);
      continue;
    }
    const start = lines.lineStart(line);
    let joined = content;
    let tokens = shellTokens(joined);
    // A backslash at the end continues the command, unless a comment holds it.
    while (endsWithContinuation(joined) && !hasComment(tokens) && line + 1 < lines.lineCount) {
      file.continued.add(line);
      line++;
      joined = joined.slice(0, -1) + text.slice(lines.lineStart(line), lines.lineContentEnd(line));
      tokens = shellTokens(joined);
    }
    const end = lines.lineContentEnd(line);
    const command = commandLine(text, start, end, joined, tokens, file.comments);
    if (command) file.lines.push(command);
    heredocs = heredocsOpened(tokens);
  }
  return file;
}

/** A Procfile: `type: command` lines, run by a shell; lines starting with `#` are comments. */
export function readProcfile(text: string, lines: LineIndex): CommandFile {
  const file: CommandFile = { lines: [], comments: [], textLines: new Set(), continued: new Set() };
  for (let line = 0; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const content = text.slice(start, lines.lineContentEnd(line));
    const blanks = content.length - content.trimStart().length;
    if (content.trimStart().startsWith('#')) {
      file.comments.push({ start: start + blanks, end: start + content.trimEnd().length });
      continue;
    }
    // Heroku's own format: a process type, a colon, the command.
    const entry = /^([A-Za-z0-9_-]+):[ \t]*/.exec(content);
    if (!entry) continue;
    const commandStart = start + entry[0].length;
    const commandText = content.slice(entry[0].length);
    const command = commandLine(text, commandStart, start + content.length, commandText, shellTokens(commandText), file.comments);
    if (command) file.lines.push({ ...command, process: entry[1]! });
  }
  return file;
}

/** The command between `start` and `end` (its comment recorded apart), or undefined for a blank or comment-only line. */
function commandLine(text: string, start: number, end: number, joined: string, tokens: ShellToken[], comments: OffsetRange[]): CommandLine | undefined {
  let commandEnd = end;
  const comment = trailingCommentStart(joined, tokens);
  if (comment !== undefined) {
    // The comment sits on the last physical line, which the joined text ends with unchanged.
    const commentStart = end - (joined.length - comment);
    comments.push({ start: commentStart, end });
    commandEnd = commentStart;
  }
  while (commandEnd > start && /\s/.test(text[commandEnd - 1]!)) commandEnd--;
  let commandStart = start;
  while (commandStart < commandEnd && /\s/.test(text[commandStart]!)) commandStart++;
  if (commandStart >= commandEnd) return undefined;
  return { range: { start: commandStart, end: commandEnd }, text: joined, tokens };
}

function endsWithContinuation(line: string): boolean {
  let backslashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function hasComment(tokens: readonly ShellToken[]): boolean {
  return tokens.some((token) => 'comment' in token);
}

/** The here-documents a command line opens (`<<EOF`, `<<-EOF`), in order. */
function heredocsOpened(tokens: readonly ShellToken[]): { delimiter: string; stripTabs: boolean }[] {
  const opened: { delimiter: string; stripTabs: boolean }[] = [];
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if ('op' in token && (token.op === '<<' || token.op === '<<-') && isWord(next)) opened.push({ delimiter: next.word, stripTabs: token.op === '<<-' });
  });
  return opened;
}
