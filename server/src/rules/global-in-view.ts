import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../engine/model';
import type { Rule } from '../engine/rule';
import { servesRoute } from '../engine/summaries';
import { namedChildren } from '../engine/syntax';

export const globalInView: Rule = {
  meta: {
    code: 'FLK402',
    slug: 'global-in-view',
    summary: 'A view, or a function a view calls, rebinds a module-level name with `global`.',
    defaultSeverity: 'warning',
    fixable: false,
    messages: {
      view: '`global {names}` in the view `{function}`: every request thread rebinds the same module state',
      calledFromView: '`global {names}` in `{function}`, which views call: every request thread rebinds the same module state',
    },
    docs: {
      whatItDoes: [
        'Flags a `global` statement in code that runs while a request is handled, when the function goes on to',
        'rebind a name it declares (an assignment, `+=`, `del`, a `for` or `with` target, an import):',
        '',
        '- a view: a module-level function routed on an app, a blueprint or an API, or registered with',
        '  `add_url_rule`; a view decorated inside an app factory; any method of a class-based view',
        '  (`MethodView`, `View`, Flask-RESTful and flask-restx `Resource`, or a class passed to `add_url_rule`);',
        '- a module-level function that a view calls, directly or through other module-level functions.',
        '',
        'One finding per `global` statement, naming the names the function rebinds. A `global x` whose function',
        'only reads `x` is left alone (useless, but harmless), as are `nonlocal`, `global` at module level, and',
        '`global` in functions no view reaches (startup code, CLI commands). Mutating a module-level object in',
        'place (`cache[key] = value`) needs no `global` and is not flagged by this rule.',
      ].join('\n'),
      whyItMatters: [
        'A production server such as Gunicorn runs the app in several worker processes, often with several',
        'threads each. A module-level variable is shared by every thread of one process and by none of the',
        'others: a counter or a "current user" kept in it is overwritten by concurrent requests (a',
        'read-modify-write like `hits += 1` loses updates), leaks one user\'s data into another\'s response, and',
        'holds a different value in each worker. These bugs never show on the single-threaded development',
        'server and appear only under load.',
        '',
        'State that outlives a request belongs in a store every worker sees: Flask-Caching, Redis, the database.',
        'State for one request belongs in `flask.g`, which Flask gives each request afresh.',
      ].join('\n'),
      example: [
        'from flask import Blueprint',
        '',
        'bp = Blueprint("pages", __name__)',
        'hits = 0',
        '',
        '',
        '@bp.route("/")',
        'def index():',
        '    global hits',
        '    hits += 1',
        '    return f"visit {hits}"',
      ].join('\n'),
      useInstead: [
        'from flask import Blueprint',
        'from redis import Redis',
        '',
        'bp = Blueprint("pages", __name__)',
        '# Shared by every worker and thread; INCR is atomic.',
        'redis = Redis()',
        '',
        '',
        '@bp.route("/")',
        'def index():',
        '    hits = redis.incr("hits")',
        '    return f"visit {hits}"',
      ].join('\n'),
      fixSafety: 'There is no fix: where the state should live (a cache, the database, `flask.g`) is a design decision.',
    },
  },
  usesViewGraph: true,
  anchors: ['global'],
  visit: {
    global_statement(statement, context) {
      const { model } = context;
      const scope = model.semantic.scopeOf(statement);
      if (scope.kind !== 'function') return;
      const names = namedChildren(statement)
        .filter((id) => id.type === 'identifier' && scope.bindings(id.text).length > 0)
        .map((id) => id.text);
      if (names.length === 0) return;
      const role = requestRole(model, scope.node);
      if (!role) return;
      const name = scope.node.childForFieldName('name')?.text ?? '';
      const className = role === 'method' ? enclosingClass(scope.node)?.childForFieldName('name')?.text : undefined;
      context.report({
        node: statement,
        messageId: role === 'calledFromView' ? 'calledFromView' : 'view',
        data: { names: names.join(', '), function: className ? `${className}.${name}` : name },
      });
    },
  },
};

/**
 * Whether the function answers requests (`view`, `method` of a class-based view) or runs for
 * them (`calledFromView`), as the module's routes and view graph say; undefined otherwise.
 */
function requestRole(model: FlaskModel, fn: Node): 'view' | 'method' | 'calledFromView' | undefined {
  const outer = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  if (outer.parent?.type === 'module') {
    const name = fn.childForFieldName('name')?.text ?? '';
    const { views, calledFromViews } = model.viewGraph;
    if (views.has(name)) return 'view';
    if (calledFromViews.has(name)) return 'calledFromView';
  }
  // A view decorated inside a factory: its route's `viewRange` is the function. Routes on an
  // unknown object count only as `.route(...)`, as in the view graph.
  const routed = model.routes.some((route) => route.viewRange?.start === fn.startIndex && route.viewRange.end === fn.endIndex && servesRoute(route));
  if (routed) return 'view';
  const cls = enclosingClass(fn);
  if (!cls) return undefined;
  const clsOuter = cls.parent?.type === 'decorated_definition' ? cls.parent : cls;
  const registered = clsOuter.parent?.type === 'module' && model.viewGraph.views.has(cls.childForFieldName('name')?.text ?? '');
  return registered || model.isClassBasedView(cls) ? 'method' : undefined;
}

/** The class whose body defines `fn` directly (a method), if any. */
function enclosingClass(fn: Node): Node | undefined {
  const outer = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const cls = outer.parent?.type === 'block' ? outer.parent.parent : null;
  return cls?.type === 'class_definition' ? cls : undefined;
}
