import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from './model';
import { callArguments, namedChildren, positionalArguments } from './syntax';

/**
 * Error responses built by hand (FLK301, FLK302, and the error payloads of the project index): a JSON body (`jsonify(...)` or a dict
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
  /** Headers given third (`return body, 401, {"WWW-Authenticate": ...}`). */
  headers?: Node;
}

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


export const JSONIFY = 'flask.jsonify';
export const MAKE_RESPONSE = 'flask.make_response';
export const HTTP_STATUS_CLASS = 'http.HTTPStatus';

/** The error response a returned expression builds, if it is one. */
export function errorResponseOf(model: FlaskModel, expr: Node | null): ErrorResponse | undefined {
  if (!expr) return undefined;
  if (expr.type === 'parenthesized_expression' && expr.namedChildCount === 1) return errorResponseOf(model, expr.namedChild(0));
  let items: readonly Node[];
  if (expr.type === 'expression_list' || expr.type === 'tuple') items = namedChildren(expr).filter((n) => n.type !== 'comment');
  else if (expr.type === 'call' && model.qualifiedName(expr.childForFieldName('function')) === MAKE_RESPONSE) items = positionalArguments(expr);
  else return undefined;
  if (items.length < 2 || items.length > 3 || callArguments(expr).length > items.length) return undefined;
  const body = jsonBody(model, items[0]!);
  const code = statusCode(model, items[1]!);
  if (!body || code === undefined) return undefined;
  return items[2] ? { body, status: items[1]!, code, headers: items[2] } : { body, status: items[1]!, code };
}

/** A 4xx or 5xx status written as an integer or an `HTTPStatus` member. */
export function statusCode(model: FlaskModel, node: Node): number | undefined {
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
