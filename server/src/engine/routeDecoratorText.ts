/**
 * A route decorator read from its text, as nearly every one is written: `@app.route("/x")`,
 * `@bp.get("/x", endpoint="x", strict_slashes=False)`, `@app.route("/", methods=["GET", "POST"])`.
 * A findings-dense module declares thousands; reading each from the tree cost a call into the wasm
 * per field and per argument. Anything else (a comment or a line break inside the parentheses, an
 * f-string, an escape, a splat, a call, a tuple) is not read here: summaries.ts asks the tree.
 * summaries.test.ts checks that both readings agree on every decorator of its texts.
 */

import { NAME, QUOTED } from './plainStatement';
import { PYTHON_KEYWORDS } from './syntax';

/** An argument's value, as far as a route's summary tells values apart. */
export type DecoratorValue =
  | { kind: 'string'; value: string }
  | { kind: 'methods'; names: string[] }
  | { kind: 'none' }
  | { kind: 'other' };

export interface DecoratorText {
  /** The object as written (`app`, `self.app`), and where it starts in the decorator's text. */
  owner: string;
  ownerOffset: number;
  /** The decorator's length up to its closing parenthesis: a comment after it is no part of the route. */
  length: number;
  /** `route`, `get`, `post`... */
  method: string;
  positional: DecoratorValue[];
  /** `name=value` arguments in order, repeats included. */
  keywords: { name: string; value: DecoratorValue }[];
}

/** `@owner.method(`: the owner a dotted name without blanks. */
const HEAD = new RegExp(`@[ \\t]*(${NAME}(?:\\.${NAME})*)\\.(${NAME})[ \\t]*\\(`, 'y');
/** One argument and what follows it: a comma, or the closing parenthesis (not consumed). */
const ARGUMENT = new RegExp(
  `[ \\t]*(?:(${NAME})[ \\t]*=(?!=)[ \\t]*)?` +
    // A plain string without prefix or escape; a list of plain method names; a constant or a (dotted) name.
    `(?:${QUOTED}|(\\[[ \\t]*(?:(?:"[A-Za-z]+"|'[A-Za-z]+')[ \\t]*,[ \\t]*)*(?:(?:"[A-Za-z]+"|'[A-Za-z]+')[ \\t]*)?\\])|(-?[0-9]+(?![\\w.])|${NAME}(?:\\.${NAME})*))` +
    `[ \\t]*(?:,|(?=\\)))`,
  'y',
);
/** The closing parenthesis, then at most a comment: the decorator node ends with its line's comment. */
const TAIL = /[ \t]*\)[ \t]*(?:#[^\r\n]*)?$/y;
const METHOD_NAME = /"([A-Za-z]+)"|'([A-Za-z]+)'/g;
const CONSTANTS = new Set(['True', 'False', 'None']);

/** A dotted name none of whose parts is a keyword, or a constant alone (`None`): a name may stand there. */
function isPlainName(dotted: string): boolean {
  if (!dotted.includes('.')) return !PYTHON_KEYWORDS.has(dotted) || CONSTANTS.has(dotted);
  return dotted.split('.').every((part) => !PYTHON_KEYWORDS.has(part));
}

/** The decorator's parts, when its text (the decorator node's, `@` to the end of its line) has the plain shape; otherwise undefined. */
export function readRouteDecorator(source: string): DecoratorText | undefined {
  HEAD.lastIndex = 0;
  const head = HEAD.exec(source);
  if (!head || !isPlainName(head[1]!) || PYTHON_KEYWORDS.has(head[2]!)) return undefined;
  const result: DecoratorText = { owner: head[1]!, ownerOffset: head[0].indexOf(head[1]!), method: head[2]!, positional: [], keywords: [], length: 0 };
  let at = HEAD.lastIndex;
  for (;;) {
    TAIL.lastIndex = at;
    if (TAIL.test(source)) {
      // Only blanks stand between the last argument and the parenthesis.
      result.length = source.indexOf(')', at) + 1;
      return result;
    }
    ARGUMENT.lastIndex = at;
    const argument = ARGUMENT.exec(source);
    if (!argument) return undefined;
    at = ARGUMENT.lastIndex;
    const value = valueOf(argument);
    if (!value) return undefined;
    const name = argument[1];
    if (name === undefined) {
      // A positional argument after a keyword one does not parse as Python.
      if (result.keywords.length > 0) return undefined;
      result.positional.push(value);
    } else {
      if (PYTHON_KEYWORDS.has(name)) return undefined;
      result.keywords.push({ name, value });
    }
  }
}

function valueOf(argument: RegExpExecArray): DecoratorValue | undefined {
  const quoted = argument[2] ?? argument[3];
  if (quoted !== undefined) return { kind: 'string', value: quoted };
  const list = argument[4];
  if (list !== undefined) return { kind: 'methods', names: methodNames(list) };
  const word = argument[5]!;
  // A number, or a name.
  const first = word.charCodeAt(0);
  if (first !== 45 /* - */ && (first < 48 || first > 57) && !isPlainName(word)) return undefined;
  return word === 'None' ? { kind: 'none' } : { kind: 'other' };
}

/** The quoted names of a plain methods list (`["GET", 'post']`), upper-cased: summaries.ts reads tuples and sets with it too. */
export function methodNames(list: string): string[] {
  const names: string[] = [];
  METHOD_NAME.lastIndex = 0;
  for (let match = METHOD_NAME.exec(list); match; match = METHOD_NAME.exec(list)) names.push((match[1] ?? match[2]!).toUpperCase());
  return names;
}
