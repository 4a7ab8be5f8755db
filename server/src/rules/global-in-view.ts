import type { Rule } from '../engine/rule';
import { namedChildren } from '../engine/syntax';
import { guardedByLock } from './support/locks';
import { functionLabel, requestRole } from './support/requestRole';

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
        'only reads `x` is left alone (useless, but harmless), as is one whose every rebinding sits inside `with',
        'lock:` (a name bound to `threading.Lock()` or `RLock()`, or any name ending in `lock`: a pool built once',
        'per process, as FLK401 takes a locked change), and so are `nonlocal`, `global` at module level, and',
        '`global` in functions no view reaches (startup code, CLI commands). Mutating a module-level object in',
        'place (`cache[key] = value`) needs no `global`: FLK401 flags that.',
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
      // A rebinding inside `with lock:` is serialised, as FLK401 takes a locked change (a lazily built pool).
      const unguarded = (name: string) =>
        scope.bindings(name).some((binding) => {
          const at = binding.node ?? binding.statement;
          return !at || !guardedByLock(model, at, scope.node);
        });
      const names = namedChildren(statement)
        .filter((id) => id.type === 'identifier' && unguarded(id.text))
        .map((id) => id.text);
      if (names.length === 0) return;
      const role = requestRole(model, scope.node);
      if (!role) return;
      context.report({
        node: statement,
        messageId: role === 'calledFromView' ? 'calledFromView' : 'view',
        data: { names: names.join(', '), function: functionLabel(scope.node, role) },
      });
    },
  },
};
