import type { Rule } from '../engine/rule';
import { planFactory, type FactoryPlan } from '../refactor/factory';

export const moduleLevelApp: Rule = {
  meta: {
    code: 'FLK101',
    slug: 'module-level-app',
    summary: 'The Flask app is created when the module is imported instead of in an application factory.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      moduleLevelApp: 'The Flask app `{name}` is created at import time; build it in an application factory (`create_app`) instead',
    },
    docs: {
      whatItDoes:
        'Reports `app = Flask(...)` at module level, whatever the app is called and however `Flask` is imported. ' +
        'Apps built inside a function (the factory itself), apps obtained from `create_app()`, and apps a script builds under ' +
        '`if __name__ == "__main__":` or in a package\'s `__main__.py` are left alone.',
      whyItMatters:
        'A global app exists exactly once, with whatever configuration the module gave it at import time. ' +
        'Tests then share the production settings and database, because nothing can build a second app with different ones, ' +
        'and every module that needs the app has to import it from here, which soon turns into circular imports. ' +
        'A `create_app()` function builds a fresh, fully configured app on each call, so tests pass their own configuration ' +
        'and the rest of the code reaches the running app through `current_app`.',
      example: [
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        'app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"',
        '',
        '',
        '@app.route("/")',
        'def index():',
        '    return "hello"',
      ].join('\n'),
      useInstead: [
        'from flask import Blueprint, Flask',
        '',
        'bp = Blueprint("main", __name__)',
        '',
        '',
        '@bp.route("/")',
        'def index():',
        '    return "hello"',
        '',
        '',
        'def create_app(test_config=None):',
        '    app = Flask(__name__)',
        '    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"',
        '    if test_config is not None:',
        '        app.config.from_mapping(test_config)',
        '    app.register_blueprint(bp)',
        '    return app',
      ].join('\n'),
      fixSafety:
        'The fix is **unsafe**: it removes the module-level `app`, so `from module import app` elsewhere, ' +
        'a `gunicorn module:app` command or `flask --app module:app` stop working. ' +
        'To keep an entry point, add a `wsgi.py` holding `app = create_app()` and point the server at `wsgi:app`, ' +
        'or run `flask --app module:create_app run` (plain `flask run` also finds a `create_app` function by itself). ' +
        'The other names that move into the factory (views, template filters, error handlers, `celery = make_celery(app)`) ' +
        'are no longer the module\'s either: no fix is offered when another module of the project, a test module included, imports one. ' +
        'The checker sees that only where it has the project (the editor\'s workspace, `check` run from its root), and it does not see ' +
        'such a name reached as an attribute of the module (`import app` then `app.celery`), through `from app import *`, or named on a command line (`celery -A app.celery`).\n\n' +
        'The fix writes `create_app(test_config=None)`, which works without arguments. In it come the app, its config lines, ' +
        'then `test_config` (so tests can swap settings such as the database), then every statement that used the app, in order: ' +
        'routes, error handlers, hooks, blueprint registrations. A config line that needs an environment variable ' +
        '(`os.environ["SECRET_KEY"]`) runs only when no `test_config` is given, so a test builds its app with no environment. ' +
        'Such a line then runs after the other config lines, so there is no fix when a config line below it sets or reads a key it sets, ' +
        'or sets a key it reads (`app.config["JWT_SECRET_KEY"] = app.config["SECRET_KEY"]` would read None). ' +
        'Extensions created with the app stay at module level, created empty, and the factory calls their `init_app`. ' +
        'Until `create_app()` runs they have no app, so module-level code may use them only in ways that need none ' +
        '(`db.Model`, `db.Column`, `@cache.cached`, `@login_manager.user_loader`, `login_manager.login_view = ...`), ' +
        'or inside `with app.app_context():` in the `__main__` block. ' +
        'Functions that use the app only when they run keep their place and use `current_app`; one that hands the app on ' +
        '(to a thread, say) hands on `current_app._get_current_object()`, the real app. ' +
        'The `__main__` block calls `create_app()`, and so does a function such as `main()` that only runs the server; ' +
        'an `app.run(...)` left at module level goes under `if __name__ == "__main__":`, as FLK501\'s fix would put it.\n\n' +
        'No fix is offered when the result could break or behave differently: several apps in one module, a name defined in the factory ' +
        'that module-level code still uses or that a function declares `global`, an extension that cannot be initialised later, that ' +
        'is set up before a config line, or that module-level code uses otherwise while the module is imported (`cache.set(...)`, or ' +
        '`WARM = fib(10)` where `fib` uses `cache`), an import after the app (it may import the app back), a function that uses the app at import time ' +
        'or makes its own app context from it (a thread target, an `init_db()` run from a shell), an app context pushed at import time, ' +
        'a moved line that changes the config after `test_config`, a config line that reads a value of the module which code it would change ' +
        'places with may change (`app.config["N"] = len(HANDLERS)` after routes whose decorator appends to `HANDLERS`), or `global app`. ' +
        'The hover says which.',
    },
  },
  checkModule(context) {
    const { model, text } = context;
    // A package's `__main__.py` is a script (`python -m pkg`): nothing imports its app.
    if (context.fileName === '__main__.py') return;
    const flagged = model.moduleApps.filter((app) => app.origin === 'constructor' && !model.scopeOf(app.statement).underMainGuard);
    for (const app of flagged) {
      // Planning the rewrite reads the whole module (0.5 s in a 50,000-line file): it waits until
      // a code action, fix-all or the CLI asks whether the fix is offered, then is kept.
      let plan: FactoryPlan | undefined;
      const planned = () => (plan ??= planFactory(model, text, app));
      context.report({
        node: app.assignment,
        messageId: 'moduleLevelApp',
        data: { name: app.name },
        fix: {
          title: `Move \`${app.name}\` into a \`create_app()\` factory`,
          safety: 'unsafe',
          available: () => {
            const result = planned();
            return result.ok ? { ok: true } : { ok: false, reason: result.reason };
          },
          edits: () => {
            const result = planned();
            return result.ok ? result.edits() : [];
          },
        },
      });
    }
  },
};
