import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import { callArguments, namedChildren, positionalArguments, stringLiteralValue } from '../../engine/syntax';

/**
 * Error responses a view builds by hand (FLK301, FLK302): a JSON body (`jsonify(...)` or a dict
 * literal) with a 4xx or 5xx status, as a `(body, status)` tuple or `make_response(body, status)`.
 * Text and template bodies are left alone: they belong to HTML pages, whose central handler is
 * another design.
 */
export interface ErrorResponse {
  /** The JSON body: the `jsonify(...)` call or the dict literal. */
  body: Node;
  /** The status as written (`404`, `HTTPStatus.NOT_FOUND`). */
  status: Node;
  code: number;
}

/** A JSON body's entries, when every key is a string literal: the message and what else it holds. */
export interface ErrorBody {
  /** The message's value, as written. */
  message: string;
  /** The other entries, as `"key": value` source. */
  rest: string[];
}

/** Keys that carry an error body's message, most specific first. */
const MESSAGE_KEYS = ['error', 'message', 'msg', 'detail', 'description', 'reason'];

/** `http.HTTPStatus` members from 400 on. */
const HTTP_STATUS: Record<string, number> = {
  BAD_REQUEST: 400, UNAUTHORIZED: 401, PAYMENT_REQUIRED: 402, FORBIDDEN: 403, NOT_FOUND: 404, METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406, PROXY_AUTHENTICATION_REQUIRED: 407, REQUEST_TIMEOUT: 408, CONFLICT: 409, GONE: 410,
  LENGTH_REQUIRED: 411, PRECONDITION_FAILED: 412, REQUEST_ENTITY_TOO_LARGE: 413, CONTENT_TOO_LARGE: 413,
  REQUEST_URI_TOO_LONG: 414, URI_TOO_LONG: 414, UNSUPPORTED_MEDIA_TYPE: 415, REQUESTED_RANGE_NOT_SATISFIABLE: 416,
  RANGE_NOT_SATISFIABLE: 416, EXPECTATION_FAILED: 417, IM_A_TEAPOT: 418, MISDIRECTED_REQUEST: 421,
  UNPROCESSABLE_ENTITY: 422, UNPROCESSABLE_CONTENT: 422, LOCKED: 423, FAILED_DEPENDENCY: 424, TOO_EARLY: 425,
  UPGRADE_REQUIRED: 426, PRECONDITION_REQUIRED: 428, TOO_MANY_REQUESTS: 429, REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  UNAVAILABLE_FOR_LEGAL_REASONS: 451, INTERNAL_SERVER_ERROR: 500, NOT_IMPLEMENTED: 501, BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503, GATEWAY_TIMEOUT: 504, HTTP_VERSION_NOT_SUPPORTED: 505, VARIANT_ALSO_NEGOTIATES: 506,
  INSUFFICIENT_STORAGE: 507, LOOP_DETECTED: 508, NOT_EXTENDED: 510, NETWORK_AUTHENTICATION_REQUIRED: 511,
};

const JSONIFY = 'flask.jsonify';
const MAKE_RESPONSE = 'flask.make_response';
const HTTP_STATUS_CLASS = 'http.HTTPStatus';

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

/** The error response a returned expression builds, if it is one. */
export function errorResponseOf(model: FlaskModel, expr: Node | null): ErrorResponse | undefined {
  if (!expr) return undefined;
  if (expr.type === 'parenthesized_expression' && expr.namedChildCount === 1) return errorResponseOf(model, expr.namedChild(0));
  let items: Node[];
  if (expr.type === 'expression_list' || expr.type === 'tuple') items = namedChildren(expr).filter((n) => n.type !== 'comment');
  else if (expr.type === 'call' && model.qualifiedName(expr.childForFieldName('function')) === MAKE_RESPONSE) items = positionalArguments(expr);
  else return undefined;
  if (items.length < 2 || items.length > 3 || callArguments(expr).length > items.length) return undefined;
  const body = jsonBody(model, items[0]!);
  const code = statusCode(model, items[1]!);
  return body && code !== undefined ? { body, status: items[1]!, code } : undefined;
}

/** A 4xx or 5xx status written as an integer or an `HTTPStatus` member. */
function statusCode(model: FlaskModel, node: Node): number | undefined {
  let code: number | undefined;
  if (node.type === 'integer' && /^\d+$/.test(node.text)) code = Number(node.text);
  else if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    if (model.qualifiedName(object) === HTTP_STATUS_CLASS) code = HTTP_STATUS[node.childForFieldName('attribute')?.text ?? ''];
  }
  return code !== undefined && code >= 400 && code <= 599 ? code : undefined;
}

/** `jsonify(...)`, `make_response(<body>)` around one, or a dict literal. */
function jsonBody(model: FlaskModel, node: Node): Node | undefined {
  if (node.type === 'dictionary') return node;
  if (node.type !== 'call') return undefined;
  const callee = model.qualifiedName(node.childForFieldName('function'));
  if (callee === JSONIFY) return node;
  const args = callArguments(node);
  return callee === MAKE_RESPONSE && args.length === 1 ? jsonBody(model, args[0]!) : undefined;
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

/** A function registered with `@app.errorhandler(...)` or `@bp.app_errorhandler(...)`: the central place itself. */
export function isErrorHandler(fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return namedChildren(decorated ?? fn).some((d) => {
    if (d.type !== 'decorator') return false;
    const call = d.namedChild(0);
    const callee = call?.type === 'call' ? call.childForFieldName('function') : call;
    const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    return method === 'errorhandler' || method === 'app_errorhandler';
  });
}

/** The innermost function around `node`, or undefined at module level. */
export function enclosingFunction(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}
