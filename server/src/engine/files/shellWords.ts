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

export function shellTokens(text: string): ShellToken[] {
  let kept: ParseEntry[];
  let marked: ParseEntry[];
  try {
    kept = parse(text, (name: string) => `\${${name}}`);
    marked = parse(text, () => MARKER);
  } catch {
    return [UNREADABLE];
  }
  return kept.map((token, i): ShellToken => {
    if (typeof token === 'string') return { word: token, expands: marked[i] !== token };
    if ('comment' in token) return { comment: token.comment };
    // A glob is an operator here: a word the shell may replace with file names.
    return { op: token.op };
  });
}

export function isWord(token: ShellToken | undefined): token is ShellWord {
  return token !== undefined && 'word' in token;
}

/**
 * Where a command line's trailing comment starts in `text`, or undefined: shell-quote reads the
 * comment to the end of the text, so it sits at the end, after a blank or at the start.
 */
export function trailingCommentStart(text: string, tokens: readonly ShellToken[]): number | undefined {
  const last = tokens[tokens.length - 1];
  if (!last || !('comment' in last)) return undefined;
  const start = text.length - last.comment.length - 1;
  if (start < 0 || text[start] !== '#') return undefined;
  // shell-quote also reads `a#b` as a comment; a shell does not.
  if (start > 0 && !/\s/.test(text[start - 1]!)) return undefined;
  return start;
}
