import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../engine/model';
import { endOfLine, lineIndentAt, startOfLine } from '../engine/edits';
import { isExtensionModule, lacksInitApp } from '../engine/flaskKnowledge';
import { detectEol } from '../engine/positions';
import type { Fix, Rule, RuleContext } from '../engine/rule';
import { boundExtension, initAppRewrite, type ExtensionBinding } from '../engine/extensionInit';

/** The `name = Ext(app)` statement around a call, when the call is the whole right-hand side. */
function namedStatement(call: Node): { statement: Node; name: string } | undefined {
  const assignment = call.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== call.id) return undefined;
  const left = assignment.childForFieldName('left');
  const statement = assignment.parent;
  if (left?.type !== 'identifier' || statement?.type !== 'expression_statement') return undefined;
  return { statement, name: left.text };
}

/** True when the statement has its lines to itself: nothing before it or after it (but a comment). */
function ownsItsLines(text: string, statement: Node): boolean {
  if (text.slice(startOfLine(text, statement.startIndex), statement.startIndex).trim() !== '') return false;
  const next = statement.nextNamedSibling;
  return !next || next.type === 'comment' || next.startPosition.row > statement.endPosition.row;
}

function planFix(context: RuleContext, binding: ExtensionBinding): { fix: Fix } | { reason: string } {
  const rewrite = initAppRewrite(binding);
  if (!rewrite.ok) return { reason: rewrite.reason };
  const target = namedStatement(binding.call);
  if (!target) {
    return binding.call.parent?.type === 'expression_statement'
      ? { reason: 'the extension is not kept in a name; construct it inside the application factory' }
      : { reason: 'the call is part of a larger expression' };
  }
  const { text } = context;
  const { statement, name } = target;
  if (!ownsItsLines(text, statement)) return { reason: 'the statement shares its line with another one' };
  const initCall = `${name}.init_app(${rewrite.initAppArguments})`;
  return {
    fix: {
      title: `Create \`${binding.className}\` without the app and call \`${initCall}\``,
      safety: 'safe',
      edits() {
        const eol = detectEol(text);
        const indent = lineIndentAt(text, statement.startIndex);
        // Right after the statement, so config lines above it still run first, as before.
        const at = endOfLine(text, statement.endIndex);
        const atEnd = at === text.length && !/[\r\n]$/.test(text);
        return [
          { range: { start: binding.call.startIndex, end: binding.call.endIndex }, newText: rewrite.constructorText },
          { range: { start: at, end: at }, newText: atEnd ? `${eol}${indent}${initCall}` : `${indent}${initCall}${eol}` },
        ];
      },
    },
  };
}

export const extensionBoundToApp: Rule = {
  meta: {
    code: 'FLK102',
    slug: 'extension-bound-to-app',
    summary: 'A Flask extension is given the app when the module is imported, instead of through `init_app`.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      bound: '`{className}` receives the app `{app}` at import time; create it without the app and call `init_app` instead',
      boundNoFix:
        '`{className}` receives the app `{app}` at import time; create it without the app and call `init_app` instead (no automatic fix: {reason})',
    },
    docs: {
      whatItDoes:
        'Reports a Flask extension (a class imported from a `flask_*` package) that is constructed at module level with the app, as in `db = SQLAlchemy(app)` or `Limiter(key_func, app=app)`, ' +
        'where the app is built in the same module by `Flask(...)`. ' +
        'Where the project is indexed (the editor\'s workspace, `check` over a folder), an app imported from another module of the project, or returned by the project\'s own factory, counts too: ' +
        '`db = SQLAlchemy(app)` in a `manage.py` after `from main import app`. On its own, an entry point such as `wsgi.py` that gets its app from `create_app()` is left alone. ' +
        'So is Flask-Script\'s `Manager(app)`: it has no `init_app`, and takes a factory instead (`Manager(create_app)`).',
      whyItMatters:
        'An extension that receives the app in its constructor is wired to that single app object the moment the module is imported. ' +
        'An application factory cannot give it a different app, so tests cannot build an app with their own database or cache, ' +
        'and the module must create a global app before anything can import the extension. ' +
        'Creating the extension empty and calling `init_app(app)` later keeps one shared extension object that works with any app the factory builds.',
      example: [
        'from flask import Flask',
        'from flask_sqlalchemy import SQLAlchemy',
        '',
        'app = Flask(__name__)',
        'app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"',
        'db = SQLAlchemy(app)',
      ].join('\n'),
      useInstead: [
        'from flask import Flask',
        'from flask_sqlalchemy import SQLAlchemy',
        '',
        'db = SQLAlchemy()',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"',
        '    db.init_app(app)',
        '    return app',
      ].join('\n'),
      fixSafety:
        'The fix builds the extension without the app and adds `<name>.init_app(app, ...)` on the next line, so configuration set above still comes first. ' +
        'Keyword arguments stay in the constructor, except those only `init_app` reads (such as `add_context_processor`), which move to it. ' +
        'It is offered, as a safe fix, only for extensions whose constructor does nothing but call `init_app` with the same arguments ' +
        '(Flask-SQLAlchemy, Flask-Migrate, Flask-Caching, Flask-Login, Flask-CORS, Flask-Mail, Flask-WTF, Flask-Bcrypt and a few more). ' +
        'Other extensions are reported without a fix: Flask-RESTful\'s `Api`, for one, keeps the app only when its constructor receives it; ' +
        'after a bare `init_app`, the resources added later are never registered, and their routes would silently disappear. ' +
        'Nor are calls with `*args` or `**kwargs`, or with arguments that `init_app` would read differently, ' +
        'and a statement such as `Migrate(app, db)` that keeps no name: move that one into the application factory.',
    },
  },
  // An extension's constructor is named through an import from a `flask_*` module (`import flaskext`
  // reaches extensions through its submodules).
  anchors: (model) =>
    [...model.imports.values()].filter((b) => isExtensionModule(b.name === undefined ? `${b.module}.` : b.module)).map((b) => b.local),
  visit: {
    call(node, context) {
      const binding = boundExtension(context.model, node);
      // With no `init_app`, the advice has nothing to offer.
      if (!binding || lacksInitApp(binding.module, binding.className)) return;
      const scope = context.model.scopeOf(node);
      // Scripts may build their app under the `__main__` guard: that is not import time.
      if (scope.kind !== 'module' || scope.underMainGuard) return;
      // An entry point (wsgi.py, run.py) that gets its app from `create_app()` and binds one more
      // extension to it is how such files are written: only apps built here at import are flagged.
      const builtHere = context.model.moduleApps.some((app) => app.name === binding.app.text && app.origin === 'constructor');
      const proxy = context.model.qualifiedName(binding.app) === 'flask.current_app';
      const data = { className: binding.className, app: binding.app.text };
      // With the project indexed, an app another module builds (imported, or made by the project's factory) is known.
      if (!builtHere && !proxy) {
        if (fromProject(context.model, binding.app)) context.report({ node, messageId: 'boundNoFix', data: { ...data, reason: FROM_PROJECT_REASON } });
        return;
      }
      const plan = planFix(context, binding);
      if ('fix' in plan) context.report({ node, messageId: 'bound', data, fix: plan.fix });
      else context.report({ node, messageId: 'boundNoFix', data: { ...data, reason: plan.reason } });
    },
  },
};

const FROM_PROJECT_REASON = 'the app comes from another module; call `init_app` where the factory builds it';

/** An app bound by an import from the project, or returned by a call of the project's factory. */
function fromProject(model: FlaskModel, app: Node): boolean {
  if (app.type !== 'identifier') return false;
  const binding = model.semantic.bindingOf(app);
  if (binding?.kind === 'import') return model.projectKind(app) === 'app';
  const value = binding && model.semantic.valueOf(binding)?.value;
  return value?.type === 'call' && model.projectKind(value.childForFieldName('function')) === 'factory';
}
