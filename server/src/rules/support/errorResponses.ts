import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import { HTTP_STATUS_CLASS, MAKE_RESPONSE } from '../../engine/errorResponses';
import { callArguments, namedChildren, stringLiteralValue } from '../../engine/syntax';

// Recognised in the engine, where the project index reads error payloads too.
export { errorResponseOf, isErrorHandler, type ErrorResponse } from '../../engine/errorResponses';
export { enclosingFunction } from '../../engine/syntax';

/** A JSON body's entries, when every key is a string literal: the message and what else it holds. */
export interface ErrorBody {
  /** The message's value, as written. */
  message: string;
  /** The other entries, as `"key": value` source. */
  rest: string[];
}

/** Keys that carry an error body's message, most specific first. */
const MESSAGE_KEYS = ['error', 'message', 'msg', 'detail', 'description', 'reason'];

/**
 * What an error response cannot be written without: its status after a comma (`, 404`, also in
 * `make_response(body, 500)`), `HTTPStatus`, or `make_response` (whose arguments often stand on
 * lines of their own), and local aliases of the last two. `jsonify` alone is no anchor: most
 * views call it for their successful answers, and a module without an error status costs the
 * error rules nothing, the view graph included. A status that starts a line of its own in a
 * tuple, or follows a comma with no space (`x,404`), goes unseen.
 */
export function errorResponseAnchors(model: FlaskModel): readonly string[] {
  const words = new Set([', 4', ', 5', 'make_response', 'HTTPStatus']);
  for (const binding of model.semantic.module.all()) {
    const name = binding.kind === 'import' ? binding.qualifiedName : undefined;
    if (name === MAKE_RESPONSE || name === 'flask.helpers.make_response' || name === HTTP_STATUS_CLASS) words.add(binding.name);
  }
  return [...words];
}

/** The message and the other entries of a body whose keys can all be read; undefined otherwise. */
export function errorBodyOf(model: FlaskModel, body: Node): ErrorBody | undefined {
  const entries = bodyEntries(model, body);
  if (!entries) return undefined;
  const key = MESSAGE_KEYS.find((k) => entries.some((e) => e.key === k));
  if (key === undefined) return undefined;
  const message = entries.find((e) => e.key === key)!.value;
  const rest = entries.filter((e) => e.key !== key).map((e) => `${JSON.stringify(e.key)}: ${e.value}`);
  return { message, rest };
}

function bodyEntries(model: FlaskModel, body: Node): { key: string; value: string }[] | undefined {
  if (body.type === 'call' && model.qualifiedName(body.childForFieldName('function')) === MAKE_RESPONSE) {
    const inner = callArguments(body)[0];
    return inner ? bodyEntries(model, inner) : undefined;
  }
  if (body.type === 'call') {
    const args = callArguments(body);
    if (args.length === 1 && args[0]!.type === 'dictionary') return bodyEntries(model, args[0]!);
    const entries: { key: string; value: string }[] = [];
    for (const arg of args) {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value')?.text;
      if (arg.type !== 'keyword_argument' || !name || value === undefined) return undefined;
      entries.push({ key: name, value });
    }
    return entries;
  }
  const entries: { key: string; value: string }[] = [];
  for (const item of namedChildren(body)) {
    if (item.type === 'comment') continue;
    const key = item.type === 'pair' ? stringLiteralValue(item.childForFieldName('key')) : undefined;
    const value = item.childForFieldName('value')?.text;
    if (key === undefined || value === undefined || entries.some((e) => e.key === key)) return undefined;
    entries.push({ key, value });
  }
  return entries;
}
