import type { Node } from 'web-tree-sitter';
import { isHealthView } from '../engine/healthChecks';
import type { Rule } from '../engine/rule';
import { raiseFix } from '../refactor/errors';
import { errorResponseAnchors, errorResponseOf, isErrorHandler } from './support/errorResponses';
import { enclosingClass } from '../engine/syntax';
import { requestRole } from './support/requestRole';

export const inlineErrorResponse: Rule = {
  meta: {
    code: 'FLK302',
    slug: 'inline-error-response',
    summary: 'A view builds a JSON error response with a 4xx or 5xx status itself instead of raising the error.',
    defaultSeverity: 'info',
    fixable: true,
    messages: {
      view: '`{function}` builds its own {status} error response: raise the error and let one registered handler answer',
      helper: '`{function}`, which views call, builds its own {status} error response: raise the error and let one registered handler answer',
    },
    docs: {
      whatItDoes: [
        'Flags a `return` that answers with a JSON error built on the spot: `jsonify(...)` or a dict literal with a',
        '4xx or 5xx status, as a tuple (`return jsonify({"error": "Not found"}), 404`, `return {"message": ...}, 400`,',
        '`return jsonify(...), HTTPStatus.NOT_FOUND`) or through `make_response(body, 500)`. It looks at views (routed',
        'functions, views declared inside an app factory, methods of class-based views and Flask-RESTful or flask-restx',
        'resources) and at the module-level functions views call: a helper that several views share is reported once,',
        'in the helper, not at each call.',
        '',
        'Not flagged: `abort(...)` and raised exceptions, 2xx and 3xx statuses, a status held in a variable, text and',
        'template bodies (`return render_template("404.html"), 404` belongs to an HTML page), bodies held in a variable,',
        'functions registered as error handlers, health checks (a view named or routed `healthz`, `readyz`, `livez`,',
        '`ping` and the like: its 503 tells a load balancer "not ready", and is no error for the app\'s handlers to',
        'format), and a `return` inside an `except` of a view: FLK301 (`per-route-error-handling`) reports the whole',
        '`try` there, so one line never gets both findings.',
      ].join('\n'),
      whyItMatters: [
        'When every view writes its own error bodies, they drift apart: one answers `{"error": ...}`, another',
        '`{"message": ...}`, a third plain text, and every client has to parse each endpoint its own way. One',
        'exception class and one registered handler make the format a contract kept in one place; views raise and',
        'stay about the successful path. Changing the format (adding a request id, an error code) then touches one',
        'function instead of every route.',
      ].join('\n'),
      example: [
        'from flask import Blueprint, jsonify',
        '',
        'bp = Blueprint("users", __name__)',
        'USERS = {1: "ada"}',
        '',
        '',
        '@bp.route("/users/<int:user_id>")',
        'def get_user(user_id):',
        '    if user_id not in USERS:',
        '        return jsonify({"error": "Not found"}), 404',
        '    return jsonify(name=USERS[user_id])',
      ].join('\n'),
      useInstead: [
        'from flask import Blueprint, jsonify',
        '',
        '',
        'class APIError(Exception):',
        '    def __init__(self, message, status_code=400, payload=None):',
        '        super().__init__(message)',
        '        self.message = message',
        '        self.status_code = status_code',
        '        self.payload = payload',
        '',
        '',
        'bp = Blueprint("users", __name__)',
        'USERS = {1: "ada"}',
        '',
        '',
        '@bp.app_errorhandler(APIError)',
        'def handle_api_error(error):',
        '    body = {"error": error.message}',
        '    if error.payload:',
        '        body.update(error.payload)',
        '    return jsonify(body), error.status_code',
        '',
        '',
        '@bp.route("/users/<int:user_id>")',
        'def get_user(user_id):',
        '    if user_id not in USERS:',
        '        raise APIError("Not found", status_code=404)',
        '    return jsonify(name=USERS[user_id])',
      ].join('\n'),
      fixSafety: [
        'The fix replaces the `return` with `raise APIError(<message>, status_code=<status>)`, taking the message from',
        "the body's `error` entry (or `message`, `msg`, `detail`, `description`, `reason`) and passing its other",
        'entries as `payload`. When the module has no such class it adds the guide\'s `APIError` after the imports,',
        'and a handler that answers `{"error": message}` plus the payload\'s entries with the status: inside the app',
        'factory before `return app`, else on the module-level app, else with `app_errorhandler` on the blueprint. An',
        '`APIError` the module imports (of that shape), or a class of the same shape it defines with a handler, is reused.',
        '',
        'It is unsafe: the status stays, and a body `{"error": ...}` stays byte for byte, but a body keyed otherwise',
        '(`{"message": ...}`) comes out as `{"error": ...}`, the one format the app now answers with, and the new',
        'handler answers every `APIError` raised anywhere in the app. It is not offered where an `except` around the',
        '`return` would catch the raised error (`except Exception:`), inside a `with` (`suppress(...)` would swallow',
        'the error, a transaction would roll back), where the body has no message entry, where the response sets',
        'headers (`return body, 401, {"WWW-Authenticate": ...}`: the handler would not send them), in Flask-RESTful and',
        'flask-restx resources (those libraries answer what a resource raises themselves), or when the module has no',
        'app, factory or blueprint to register the handler on. An imported `APIError` is reused only when the project',
        'module that defines it shows the guide\'s constructor (`message, status_code=...`). A decorator of the view',
        'that catches exceptions now sees the raised error: check the view\'s decorators before applying it.',
      ].join('\n'),
    },
  },
  usesViewGraph: true,
  anchors: errorResponseAnchors,
  visit: {
    return_statement(statement, context) {
      const { model } = context;
      const response = errorResponseOf(model, statement.namedChild(0));
      if (!response) return;
      const scope = model.semantic.scopeOf(statement);
      if (scope.kind !== 'function' || scope.node.type !== 'function_definition' || isErrorHandler(scope.node)) return;
      const fn = scope.node;
      const role = requestRole(model, fn);
      if (!role || (role !== 'calledFromView' && insideExcept(statement, fn)) || isHealthView(model, fn)) return;
      const name = fn.childForFieldName('name')?.text ?? '';
      const className = role === 'method' ? enclosingClass(fn)?.childForFieldName('name')?.text : undefined;
      context.report({
        node: statement,
        messageId: role === 'calledFromView' ? 'helper' : 'view',
        data: { function: className ? `${className}.${name}` : name, status: String(response.code) },
        fix: raiseFix(context, [statement]),
      });
    },
  },
};

/** True inside an `except` of the function's own code: FLK301 reports that `try`. */
function insideExcept(statement: Node, fn: Node): boolean {
  for (let n = statement.parent; n && n.id !== fn.id; n = n.parent) if (n.type === 'except_clause') return true;
  return false;
}
