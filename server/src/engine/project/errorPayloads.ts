import type { Node } from 'web-tree-sitter';
import { errorResponseOf, isErrorHandler, JSONIFY, MAKE_RESPONSE } from '../errorResponses';
import type { FlaskModel } from '../model';
import type { OffsetRange } from '../positions';
import { isHealthView } from '../healthChecks';
import { callArguments, enclosingFunction, namedChildren, stringLiteralValue } from '../syntax';

/** A top-level key of an error payload, as written (`"error"`, or `error=` given to `jsonify`). */
export interface PayloadKey {
  name: string;
  range: OffsetRange;
}

/**
 * A JSON body the project answers errors with: one a function returns with a 4xx or 5xx status
 * (what FLK301/302 recognise), or one an error handler returns, whatever its status.
 */
export interface ErrorPayload {
  /** The body: the `jsonify(...)` call or the dict literal. */
  range: OffsetRange;
  /** Its top-level keys that can be read; a `**spread` or a computed key is left out. */
  keys: PayloadKey[];
  /** Returned by an `@app.errorhandler` / `@bp.app_errorhandler` function. */
  handler: boolean;
}

/**
 * Where an error payload can be: an error status after a comma, `HTTPStatus`, `make_response`,
 * or an error handler's decorator. A module without one is not read further.
 */
const ERROR_TEXT = /,[ \t]*(?:[45]\d\d\b|HTTPStatus\b)|\bmake_response\b|errorhandler\b/g;

/** The module's error payloads, in source order. Reads the tree only around the places {@link ERROR_TEXT} finds. */
export function errorPayloadsOf(model: FlaskModel): ErrorPayload[] {
  const returns = new Map<number, { statement: Node; handler: boolean }>();
  const add = (statement: Node, handler: boolean) => {
    const known = returns.get(statement.id);
    returns.set(statement.id, { statement, handler: handler || known?.handler === true });
  };
  ERROR_TEXT.lastIndex = 0;
  for (let match = ERROR_TEXT.exec(model.text); match; match = ERROR_TEXT.exec(model.text)) {
    const node = model.root.descendantForIndex(match.index + match[0].length - 1);
    if (match[0] === 'errorhandler') {
      const fn = decoratedFunction(node);
      if (fn && isErrorHandler(fn)) for (const statement of ownReturns(fn)) add(statement, true);
    } else {
      const statement = enclosingReturn(node);
      if (statement) add(statement, false);
    }
  }
  const payloads: ErrorPayload[] = [];
  for (const { statement, handler } of returns.values()) {
    // A health check's 503 answers a probe, in whatever shape the probe reads (healthChecks.ts).
    const fn = handler ? undefined : enclosingFunction(statement);
    if (fn && isHealthView(model, fn)) continue;
    const value = statement.namedChild(0);
    const body = handler ? handlerBody(model, value) : errorResponseOf(model, value)?.body;
    if (!body) continue;
    payloads.push({ range: { start: body.startIndex, end: body.endIndex }, keys: payloadKeys(model, body) ?? [], handler });
  }
  return payloads.sort((a, b) => a.range.start - b.range.start);
}

/** The `return` a node sits in, within its function. */
function enclosingReturn(node: Node | null): Node | undefined {
  for (let n = node; n; n = n.parent) {
    if (n.type === 'return_statement') return n;
    if (n.type === 'function_definition' || n.type === 'class_definition') return undefined;
  }
  return undefined;
}

/** The function a decorator (holding `node`) decorates. */
function decoratedFunction(node: Node | null): Node | undefined {
  for (let n = node; n; n = n.parent) {
    if (n.type === 'decorated_definition') {
      const definition = n.childForFieldName('definition');
      return definition?.type === 'function_definition' ? definition : undefined;
    }
    if (n.type === 'block' || n.type === 'module') return undefined;
  }
  return undefined;
}

/** The function's `return` statements, not those of functions nested in it. */
function ownReturns(fn: Node): Node[] {
  return fn.descendantsOfType('return_statement').filter((statement): statement is Node => {
    for (let n = statement?.parent; n; n = n.parent) if (n.type === 'function_definition') return n.id === fn.id;
    return false;
  });
}

/** What an error handler answers with: a JSON body alone, first in a tuple, in `make_response`, or in a local name. */
function handlerBody(model: FlaskModel, expr: Node | null): Node | undefined {
  if (!expr) return undefined;
  if (expr.type === 'parenthesized_expression' && expr.namedChildCount === 1) return handlerBody(model, expr.namedChild(0));
  if (expr.type === 'expression_list' || expr.type === 'tuple') return handlerBody(model, namedChildren(expr)[0] ?? null);
  if (expr.type === 'dictionary') return expr;
  if (expr.type === 'identifier') {
    // `response = jsonify(...)`, its status set on the next line, then `return response`.
    const value = model.semantic.assignedValue(expr)?.value;
    return value?.type === 'call' || value?.type === 'dictionary' ? handlerBody(model, value) : undefined;
  }
  if (expr.type !== 'call') return undefined;
  const callee = model.qualifiedName(expr.childForFieldName('function'));
  if (callee === JSONIFY) return expr;
  return callee === MAKE_RESPONSE ? handlerBody(model, callArguments(expr)[0] ?? null) : undefined;
}

/**
 * A body's top-level keys: a dict literal's string keys, `jsonify`'s keyword names, or the keys of
 * the one dict `jsonify` is given (written there, or a local name assigned a dict literal).
 */
function payloadKeys(model: FlaskModel, body: Node): PayloadKey[] | undefined {
  if (body.type === 'identifier') {
    const value = model.semantic.assignedValue(body)?.value;
    return value?.type === 'dictionary' ? payloadKeys(model, value) : undefined;
  }
  if (body.type === 'dictionary') {
    const keys: PayloadKey[] = [];
    for (const pair of namedChildren(body)) {
      const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
      const name = key ? stringLiteralValue(key) : undefined;
      if (key && name !== undefined) keys.push({ name, range: { start: key.startIndex, end: key.endIndex } });
    }
    return keys;
  }
  if (body.type !== 'call') return undefined;
  const args = callArguments(body);
  const only = args.length === 1 ? args[0]! : undefined;
  if (only?.type === 'dictionary' || only?.type === 'identifier') return payloadKeys(model, only);
  if (only?.type === 'call') return only.childForFieldName('function')?.text === 'dict' ? payloadKeys(model, only) : undefined;
  if (args.some((arg) => arg.type !== 'keyword_argument')) return undefined;
  const keys: PayloadKey[] = [];
  for (const arg of args) {
    const name = arg.childForFieldName('name');
    if (name) keys.push({ name: name.text, range: { start: name.startIndex, end: name.endIndex } });
  }
  return keys;
}
