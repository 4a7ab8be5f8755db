import { quote } from 'shell-quote';
import { stringify } from 'yaml';
import { isWord, trailingCommentStart, type ShellToken, type ShellWord } from '../../../engine/files';

/**
 * Writing command words back in the syntax they came from: a shell line, a JSON array (a
 * Dockerfile's exec form), a YAML scalar or sequence (a Compose file).
 */

export const literal = (word: string): ShellWord => ({ word, expands: false });

/** Operators a rewritten shell line may hold: command separators, nothing that redirects or nests. */
const SEPARATORS = new Set(['&&', '||', ';', '&']);

/** Characters a shell word may hold bare. */
const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** The same, with the `${NAME}` of a variable the shell expands. */
const BARE_WITH_VARIABLES = /^[A-Za-z0-9_@%+=:,./${}-]+$/;

/**
 * A word as a POSIX shell reads it back: bare when it can be, in double quotes when it holds a
 * variable to expand (written `$NAME` where nothing follows that could join the name), in single
 * quotes otherwise.
 */
export function shellWord({ word, expands }: ShellWord): string {
  if (BARE.test(word)) return word;
  if (expands) {
    const short = word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}(?![A-Za-z0-9_])/g, '$$$1');
    return BARE_WITH_VARIABLES.test(short) ? short : `"${short.replace(/["\\`]/g, '\\$&')}"`;
  }
  return word.includes("'") ? quote([word]) : `'${word}'`;
}

/**
 * A shell command line from tokens, or undefined when the line holds what shell-quote reads
 * loosely (redirections, subshells, globs, command substitution): writing it back could change it.
 */
export function shellLine(tokens: readonly ShellToken[], source: string): string | undefined {
  if (source.includes('$(') || source.includes('`')) return undefined;
  // A comment the line's text does not end with (it would be dropped here) cannot be written back.
  if (tokens.some((token) => 'comment' in token) && trailingCommentStart(source, tokens) === undefined) return undefined;
  let line = '';
  for (const token of tokens) {
    if (isWord(token)) line += `${line === '' ? '' : ' '}${shellWord(token)}`;
    else if ('op' in token && SEPARATORS.has(token.op)) line += token.op === ';' ? ';' : ` ${token.op}`;
    else if ('op' in token) return undefined;
  }
  return line;
}

/** A Dockerfile exec form, or a YAML flow sequence: a JSON array of strings. */
export function jsonArray(words: readonly string[]): string {
  return `[${words.map((word) => JSON.stringify(word)).join(', ')}]`;
}

/** One YAML scalar holding `value` as a string, plain where YAML allows it, quoted where a plain one would read as something else. */
export function yamlString(value: string): string {
  return stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
}
