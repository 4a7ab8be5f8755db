import { UNREAD_ERROR } from '../engine/project/errorFacts';
import { appConstructions, type ModuleFacts } from '../engine/project/facts';
import type { Node } from 'web-tree-sitter';
import type { Fix, Rule, RuleContext } from '../engine/rule';
import { ERRORS_MODULE } from '../refactor/errors/module';
import { planSiblingModule, siblingFix, type SiblingPlan } from '../refactor/siblingModule';

/** The errors every API answers sooner or later: a URL no route matches, and a view that fails. */
const EXPECTED = ['404', '500'];

export const missingErrorHandlers: Rule = {
  meta: {
    code: 'FLK304',
    slug: 'missing-error-handlers',
    summary: 'An app whose views return JSON registers no JSON handlers for 404 and 500.',
    defaultSeverity: 'warning',
    fixable: true,
    // Opt-in until the real-code corpus has labelled it, as FLK204: many small APIs would report.
    enabledByDefault: false,
    messages: {
      missing: 'This app\'s views return JSON, but no error handler answers {codes}: clients get Flask\'s HTML error pages there',
    },
    docs: {
      whatItDoes: [
        'Reports the `Flask(...)` call that builds an API app (its views return JSON: `jsonify(...)`, a dict,',
        '`make_response(jsonify(...))`) when no module of the project registers an app-wide error handler for 404 and',
        'for 500. Handlers count wherever they are registered: `@app.errorhandler(404)` (in the factory or in a',
        '`register_error_handlers(app)` of another module), `app.register_error_handler(500, ...)`,',
        '`@bp.app_errorhandler(404)`, and a handler for `HTTPException` or `Exception`, which covers both. A status',
        'may be written `HTTPStatus.NOT_FOUND`, and a loop over a literal, `for code in (404, 500):`, registers each',
        'of its codes. A blueprint\'s own `@bp.errorhandler(404)` does not count: it never sees a URL that no route',
        'matches. Nor does a handler for the project\'s own exception class, or for `ValueError`. flask-smorest\'s',
        '`Api` and Flask-Rebar\'s `Rebar` register JSON handlers for 404 and 500 on the app they are bound to: a',
        'project that builds one is not flagged (Flask-RESTful\'s and Flask-RESTX\'s `Api` answer JSON only for their',
        'own resources, and do not count).',
        '',
        'Not flagged: an app that renders templates (an HTML site has its own error pages), a project whose views',
        'return no JSON (health checks aside), a project that registers a handler for an error the rule cannot read',
        '(`for code in default_exceptions:`, a code the caller passes in), since that one may answer both, and test',
        'modules. When the project builds several apps (a repository of services), each app is judged on its own',
        'modules (the app built in the closest folder above them); an app of no certain folder is left alone. It needs',
        'the project (the editor\'s workspace, or `check` over a folder). The rule is opt-in: select',
        '`FLK304` to run it.',
      ].join('\n'),
      whyItMatters: [
        'Without handlers, a URL that matches no route and a view that raises get Flask\'s default answers: HTML',
        'pages. A client of a JSON API then fails to parse the body exactly when it most needs to know what went',
        'wrong, and each team works around it its own way. Registering one handler per status, in one place, makes',
        'the error format part of the API\'s contract: `{"error": "Resource not found"}` for 404,',
        '`{"error": "Internal server error"}` for 500, and the same shape for the errors views raise.',
      ].join('\n'),
      example: [
        'from flask import Blueprint, Flask, jsonify',
        '',
        'users = Blueprint("users", __name__)',
        '',
        '',
        '@users.get("/users/<int:user_id>")',
        'def get_user(user_id):',
        '    return jsonify({"id": user_id})',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.register_blueprint(users)',
        '    return app',
      ].join('\n'),
      useInstead: [
        'from flask import Blueprint, Flask, jsonify',
        '',
        'users = Blueprint("users", __name__)',
        '',
        '',
        '@users.get("/users/<int:user_id>")',
        'def get_user(user_id):',
        '    return jsonify({"id": user_id})',
        '',
        '',
        'def register_error_handlers(app):',
        '    @app.errorhandler(404)',
        '    def handle_not_found(error):',
        '        return jsonify({"error": "Resource not found"}), 404',
        '',
        '    @app.errorhandler(500)',
        '    def handle_internal_error(error):',
        '        return jsonify({"error": "Internal server error"}), 500',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.register_blueprint(users)',
        '    register_error_handlers(app)',
        '    return app',
      ].join('\n'),
      fixSafety: [
        'The fix creates `errors.py` beside the module that builds the app, as the guide\'s practice 3 has it: an',
        '`APIError` exception, and `register_error_handlers(app)`, which registers JSON handlers for `APIError`, 404 and',
        '500. It calls `register_error_handlers(app)` where the app is created: inside `create_app()` before',
        '`return app` (imported there, relatively inside a package), or after the module-level `app = Flask(...)`. It',
        'is unsafe: error responses change from HTML to JSON, which clients and tests may read. Routes keep their status',
        'codes. It is offered only when neither 404 nor 500 has a handler (a second handler would replace the first),',
        'and not when `errors.py` exists (a fix never overwrites a file), when the module sits in a folder without',
        '`__init__.py` (other than the project root), when the module sits in a package and has an',
        '`if __name__ == "__main__":` block (it is meant to be run as a script, `python web/app.py`, where the relative',
        'import fails), or when the app is not created by a plain `app = Flask(...)`. In the editor it is offered to',
        'clients that can create files, as one workspace edit that the editor applies, previews and undoes as a whole.',
      ].join('\n'),
      exampleFile: 'app/__init__.py',
      // Nothing else: the module is the whole project.
      exampleProject: {},
    },
  },
  checkModule(context) {
    const index = context.model.project?.index;
    if (!index || !context.text.includes('Flask')) return;
    const calls = appConstructions(context.model);
    // With several apps in the project, only this app's modules count; a module of no certain app is left alone.
    const app = context.model.project?.path === undefined ? '' : index.appOf(context.model.project.path);
    if (calls.length === 0 || app === undefined) return;
    const modules = [...index.allFacts()].filter((facts) => index.appOf(facts.path) === app);
    if (!servesJsonOnly(modules)) return;
    const handled = handledErrors(modules);
    // A handler for an error the project cannot read may answer both.
    if (handled.has(UNREAD_ERROR)) return;
    const missing = EXPECTED.filter((code) => !handled.has(code));
    if (missing.length === 0) return;
    for (const call of calls) {
      context.report({ node: call, messageId: 'missing', data: { codes: missing.join(' and ') }, fix: errorsFix(context, call, handled) });
    }
  },
};

/** Some view returns JSON and none renders a template: an API, not a site with error pages of its own. */
function servesJsonOnly(modules: readonly ModuleFacts[]): boolean {
  let json = false;
  for (const facts of modules) {
    if (facts.views.templates) return false;
    json ||= facts.views.json;
  }
  return json;
}

function handledErrors(modules: readonly ModuleFacts[]): Set<string> {
  const handled = new Set<string>();
  for (const facts of modules) for (const code of facts.handledErrors) handled.add(code);
  return handled;
}

/** Create `errors.py` beside the module and call its `register_error_handlers(app)` where the app is created. */
function errorsFix(context: RuleContext, call: Node, handled: ReadonlySet<string>): Fix {
  let planned: SiblingPlan | { reason: string } | undefined;
  const plan = () =>
    (planned ??=
      handled.size > 0
        ? { reason: `the project already handles ${[...handled].join(' and ')}: add the missing handler beside that one, as a second would replace it` }
        : planSiblingModule(context, call, ERRORS_MODULE));
  return siblingFix('Create errors.py with JSON error handlers, and register them', plan);
}
