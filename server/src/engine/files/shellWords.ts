import { parse, type ParseEntry } from 'shell-quote';

/**
 * A command line read as a POSIX shell reads it, through shell-quote: words after quote removal,
 * operators, and a trailing comment. Variables are not expanded: a word that holds one keeps it
 * as `${NAME}` (and says so), so writing the word back lets the shell expand it as before.
 */
export type ShellToken = ShellWord | { op: string } | { comment: string };

export interface ShellWord {
  word: string;
  /** True when the word holds a `${NAME}` the shell expands (not a quoted, literal `$`). */
  expands: boolean;
}

/** Stands in for every variable in a second parse: a word that differs between the two holds one. */
const MARKER = '\u0001';

/** What a line shell-quote cannot read (`${ x}`) becomes: an operator, so no rule takes a command from it. */
export const UNREADABLE: ShellToken = { op: 'unreadable' };

/** Stands in for a `#` inside a word while shell-quote reads the line (same length, so offsets hold). */
const HASH_IN_WORD = '\u0002';

export function shellTokens(text: string): ShellToken[] {
  let line = text;
  for (;;) {
    let kept: ParseEntry[];
    let marked: ParseEntry[];
    try {
      kept = parse(line, (name: string) => `\${${name}}`);
      marked = parse(line, () => MARKER);
    } catch {
      return [UNREADABLE];
    }
    // shell-quote takes any unquoted `#` for a comment; a shell only one that starts a word.
    const start = trailingCommentStart(line, kept);
    if (start !== undefined && !startsWord(line, start)) {
      line = `${line.slice(0, start)}${HASH_IN_WORD}${line.slice(start + 1)}`;
      continue;
    }
    const restore = (value: string) => value.replaceAll(HASH_IN_WORD, '#');
    return kept.map((token, i): ShellToken => {
      if (typeof token === 'string') return { word: restore(token), expands: marked[i] !== token };
      if ('comment' in token) return { comment: restore(token.comment) };
      // A glob is an operator here: a word the shell may replace with file names.
      return { op: token.op };
    });
  }
}

export function isWord(token: ShellToken | undefined): token is ShellWord {
  return token !== undefined && 'word' in token;
}

/** Where a command line's trailing comment starts in `text` (shell-quote reads it to the end of the text), or undefined. */
export function trailingCommentStart(text: string, tokens: readonly (ShellToken | ParseEntry)[]): number | undefined {
  const last = tokens[tokens.length - 1];
  if (typeof last !== 'object' || !('comment' in last)) return undefined;
  const start = text.length - last.comment.length - 1;
  return start >= 0 && text[start] === '#' ? start : undefined;
}

/** True when the character at `index` starts a word: first on the line, or after a blank or an operator. */
function startsWord(line: string, index: number): boolean {
  return index === 0 || /[\s;&|()<>]/.test(line[index - 1]!);
}
