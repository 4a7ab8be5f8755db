import type { Node } from 'web-tree-sitter';
import { isHealthView } from '../engine/healthChecks';
import type { Rule } from '../engine/rule';
import { raiseFix } from '../refactor/errors';
import { enclosingFunction, errorResponseAnchors, errorResponseOf, isErrorHandler } from './support/errorResponses';
import { enclosingClass } from '../engine/syntax';
import { requestRole } from './support/requestRole';

export const perRouteErrorHandling: Rule = {
  meta: {
    code: 'FLK301',
    slug: 'per-route-error-handling',
    summary: 'A view catches exceptions and answers them with its own JSON error responses.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      handled: '`{function}` turns exceptions into its own error responses ({statuses}): raise them for one registered error handler',
    },
    docs: {
      whatItDoes: [
        'Flags a `try` in a view whose `except` clauses return a JSON error built on the spot: `jsonify(...)` or a dict',
        'literal with a 4xx or 5xx status, as a tuple or through `make_response`. Views are routed functions, views',
        'declared inside an app factory, and methods of class-based views (`MethodView`, `View`) and of Flask-RESTful',
        'or flask-restx resources. One finding per `try`, on the `try` keyword, listing the statuses its handlers answer.',
        '',
        'Not flagged: an `except` that re-raises (after logging or not), calls `abort(...)`, or returns a success',
        'response; `try` blocks outside views (helpers, CLI commands, startup code); functions registered as error',
        'handlers; health checks (a view named or routed `healthz`, `readyz`, `livez`, `ping` and the like), whose',
        '503 for a failed dependency is what the probe asks. An error `return` inside the `try` body itself is FLK302',
        '(`inline-error-response`); one inside an',
        '`except` is left to this rule, so a line never gets both.',
      ].join('\n'),
      whyItMatters: [
        'A `try`/`except` that maps exceptions to responses gets copied into every view, and the copies drift: one',
        'answers `{"error": "Database error"}`, the next `{"message": ...}`, another forgets the status. Clients then',
        'parse each endpoint its own way. Raising one exception class and registering one handler for it keeps the',
        'format a contract in one place, and the views keep to the successful path.',
      ].join('\n'),
      example: [
        'from flask import Blueprint, jsonify',
        '',
        'bp = Blueprint("shop", __name__)',
        'PRICES = {"tea": 3}',
        '',
        '',
        '@bp.route("/price/<item>")',
        'def price(item):',
        '    try:',
        '        return jsonify(price=PRICES[item])',
        '    except KeyError:',
        '        return jsonify({"error": "Unknown item"}), 404',
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
        'bp = Blueprint("shop", __name__)',
        'PRICES = {"tea": 3}',
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
        '@bp.route("/price/<item>")',
        'def price(item):',
        '    try:',
        '        return jsonify(price=PRICES[item])',
        '    except KeyError:',
        '        raise APIError("Unknown item", status_code=404)',
      ].join('\n'),
      fixSafety: [
        'The fix keeps the `try` and what its handlers do besides answering (logging stays), and replaces each error',
        '`return` in them with `raise APIError(<message>, status_code=<status>)`, as FLK302\'s fix does: the message is',
        "the body's `error` entry (or `message`, `msg`, `detail`, `description`, `reason`), its other entries go in",
        '`payload`. The module gets the guide\'s `APIError` class and one handler answering `{"error": message}` plus',
        'the payload\'s entries, registered inside the app factory when there is one, else on the module-level app,',
        'else with `app_errorhandler` on the blueprint; an `APIError` the module imports (of that shape), or one it',
        'defines with a handler, is reused.',
        '',
        'It is unsafe: statuses stay, and `{"error": ...}` bodies stay byte for byte, but other keys become `error`, and',
        'the handler answers every `APIError` the app raises. It is not offered when a handler\'s body has no message',
        'entry or the response sets headers, when an outer `except` or a `with` would see the raised error, in',
        'Flask-RESTful and flask-restx resources (they answer what a resource raises themselves), or when the module',
        'has no app, factory or blueprint to register the handler on. An imported `APIError` is reused only when the',
        'project module that defines it shows the guide\'s constructor (`message, status_code=...`). A decorator of',
        'the view that catches exceptions now sees the raised error: check the view\'s decorators before applying it.',
      ].join('\n'),
    },
  },
  usesViewGraph: true,
  anchors: errorResponseAnchors,
  visit: {
    try_statement(statement, context) {
      const { model } = context;
      const returns = errorReturnsInHandlers(statement, (r) => errorResponseOf(model, r.namedChild(0))?.code);
      if (returns.length === 0) return;
      const fn = enclosingFunction(statement);
      if (!fn || isErrorHandler(fn) || model.semantic.scopeOf(statement).node.id !== fn.id) return;
      const role = requestRole(model, fn);
      if ((role !== 'view' && role !== 'method') || isHealthView(model, fn)) return;
      const name = fn.childForFieldName('name')?.text ?? '';
      const className = role === 'method' ? enclosingClass(fn)?.childForFieldName('name')?.text : undefined;
      const statuses = [...new Set(returns.map((r) => r.code))].sort().join(', ');
      const keyword = statement.child(0)!;
      context.report({
        node: statement,
        range: { start: keyword.startIndex, end: keyword.endIndex },
        messageId: 'handled',
        data: { function: className ? `${className}.${name}` : name, statuses },
        fix: raiseFix(context, returns.map((r) => r.statement)),
      });
    },
  },
};

/** The `return` statements of the `try`'s `except` clauses, in its own function, that answer with an error. */
function errorReturnsInHandlers(tryStatement: Node, codeOf: (statement: Node) => number | undefined): { statement: Node; code: number }[] {
  const fn = enclosingFunction(tryStatement);
  const found: { statement: Node; code: number }[] = [];
  for (const clause of tryStatement.namedChildren) {
    if (clause?.type !== 'except_clause') continue;
    for (const statement of clause.descendantsOfType('return_statement')) {
      if (!statement || enclosingFunction(statement)?.id !== fn?.id) continue;
      const code = codeOf(statement);
      if (code !== undefined) found.push({ statement, code });
    }
  }
  return found;
}
