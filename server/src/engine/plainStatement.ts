/**
 * Top-level statements of the two shapes nearly every Flask module writes, read from their text:
 * `app.run(debug=True)` and `app.config["SECRET_KEY"] = "..."`. A findings-dense module holds
 * thousands, and walking each one's tree for the rules that report on them cost more than its
 * parse. Rules read these (rule.ts `readPlain`) instead of visiting nodes; anything else (a
 * comment, a second line, a `;`, a call or a name as a value, an escape, a prefix) is left to the
 * tree. test/plain-statements.test.ts checks that the rules find the same either way.
 */

import { PYTHON_KEYWORDS } from './syntax';

/** A literal value as written: its kind and where it stands. */
export interface PlainValue {
  kind: 'true' | 'false' | 'none' | 'integer' | 'string';
  start: number;
  end: number;
  /** A string's body, between its quotes (no prefix, no escape). */
  body?: string;
}

/** `name=value`, from the name's start to the value's end. */
export interface PlainKeyword {
  name: string;
  start: number;
  end: number;
  value: PlainValue;
}

/** `object.method(name=value, ...)`: keyword arguments with literal values only. */
export interface PlainMethodCall {
  kind: 'method-call';
  object: string;
  method: string;
  /** The statement's range, which is the call's. */
  start: number;
  end: number;
  keywords: PlainKeyword[];
}

/** `object.config["KEY"] = value`, with a literal value. */
export interface PlainConfigWrite {
  kind: 'config-write';
  object: string;
  key: string;
  /** The statement's range, which is the assignment's. */
  start: number;
  end: number;
  value: PlainValue;
}

export type PlainStatement = PlainMethodCall | PlainConfigWrite;

/** An ASCII name: others are read from the tree. Pattern sources, shared with the other text readings. */
export const NAME = '[A-Za-z_][A-Za-z0-9_]*';
/** A string without prefix or escape on one line, its body in the first (`"`) or second (`'`) group. */
export const QUOTED = `"([^"\\\\\\r\\n]*)"|'([^'\\\\\\r\\n]*)'`;
const BLANKS = '[ \\t]*';
/**
 * `name.config["KEY"] =`: the name in the first group, the key in the second or third (see QUOTED).
 * configWrites.ts reads the target of any module-level config write with it.
 */
export const CONFIG_TARGET = `(${NAME})${BLANKS}\\.${BLANKS}config${BLANKS}\\[${BLANKS}(?:${QUOTED})${BLANKS}\\]${BLANKS}=`;
/** A literal: a constant, a decimal integer, or a string without prefix or escape. */
const VALUE = `(True|False|None|-?[0-9]+(?![\\w.])|"[^"\\\\\\r\\n]*"|'[^'\\\\\\r\\n]*')`;
const CALL_HEAD = new RegExp(`(${NAME})\\.(${NAME})\\(`, 'y');
const KEYWORD = new RegExp(`${BLANKS}(${NAME})${BLANKS}=${BLANKS}${VALUE}${BLANKS}`, 'y');
const CONFIG_WRITE = new RegExp(`${CONFIG_TARGET}${BLANKS}${VALUE}`, 'y');
/** After the statement, its line holds nothing else. */
const LINE_REST = /[ \t]*(?:\r\n|\n|\r|$)/y;
/** Names tree-sitter-python may read as the start of a statement of their own (`print x`, `match x:`, `type X = ...`). */
const STATEMENT_WORDS = new Set(['print', 'exec', 'match', 'case', 'type']);

/**
 * The statement `[start, end)` (a top-level statement's range in a tree without errors) when it
 * has one of the plain shapes, on a line of its own; otherwise undefined.
 */
export function readPlainStatement(text: string, start: number, end: number): PlainStatement | undefined {
  const first = text.charCodeAt(start);
  // Both shapes start with a name: most statements are turned away here.
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95)) return undefined;
  if (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') return undefined;
  LINE_REST.lastIndex = end;
  if (!LINE_REST.test(text)) return undefined;
  return readCall(text, start, end) ?? readConfigWrite(text, start, end);
}

function readCall(text: string, start: number, end: number): PlainMethodCall | undefined {
  CALL_HEAD.lastIndex = start;
  const head = CALL_HEAD.exec(text);
  if (!head || !isName(head[1]!) || PYTHON_KEYWORDS.has(head[2]!) || text.charCodeAt(end - 1) !== 41 /* ) */) return undefined;
  const keywords: PlainKeyword[] = [];
  let at = CALL_HEAD.lastIndex;
  const close = end - 1;
  while (at < close) {
    KEYWORD.lastIndex = at;
    const match = KEYWORD.exec(text);
    if (!match || PYTHON_KEYWORDS.has(match[1]!)) return undefined;
    const nameStart = at + match[0].length - match[0].trimStart().length;
    const valueEnd = at + match[0].trimEnd().length;
    keywords.push({ name: match[1]!, start: nameStart, end: valueEnd, value: valueOf(match[2]!, valueEnd) });
    at = KEYWORD.lastIndex;
    // A comma, then more; or the closing parenthesis.
    if (text.charCodeAt(at) === 44 /* , */) at++;
    else if (at !== close) return undefined;
  }
  if (at !== close) return undefined;
  return { kind: 'method-call', object: head[1]!, method: head[2]!, start, end, keywords };
}

function readConfigWrite(text: string, start: number, end: number): PlainConfigWrite | undefined {
  CONFIG_WRITE.lastIndex = start;
  const match = CONFIG_WRITE.exec(text);
  if (!match || CONFIG_WRITE.lastIndex !== end || !isName(match[1]!)) return undefined;
  return { kind: 'config-write', object: match[1]!, key: match[2] ?? match[3]!, start, end, value: valueOf(match[4]!, end) };
}

function isName(name: string): boolean {
  return !PYTHON_KEYWORDS.has(name) && !STATEMENT_WORDS.has(name);
}

/** The literal `written`, which ends at `end`. */
function valueOf(written: string, end: number): PlainValue {
  const start = end - written.length;
  if (written === 'True') return { kind: 'true', start, end };
  if (written === 'False') return { kind: 'false', start, end };
  if (written === 'None') return { kind: 'none', start, end };
  if (written[0] === '"' || written[0] === "'") return { kind: 'string', start, end, body: written.slice(1, -1) };
  return { kind: 'integer', start, end };
}
