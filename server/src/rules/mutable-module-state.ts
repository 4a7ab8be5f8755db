import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../engine/model';
import type { Fix, Rule, RuleContext } from '../engine/rule';
import type { Binding } from '../engine/semantic/semanticModel';
import { containerBinding, moduleContainerNames, mutatedName, MUTATION_TYPES } from '../refactor/moduleState/containers';
import { memoCacheFix } from '../refactor/moduleState/memoCache';
import { requestGlobalFix } from '../refactor/moduleState/requestGlobal';
import { guardedByLock } from './support/locks';
import { functionLabel, requestRole, type RequestRole } from './support/requestRole';

function isStatement(type: string): boolean {
  return type.endsWith('_statement') || type === 'elif_clause';
}

/** The statement a mutation belongs to: one finding per statement. */
function owningStatement(node: Node): Node {
  for (let n: Node | null = node; n; n = n.parent) if (isStatement(n.type)) return n;
  return node;
}

/** The innermost function around `node` that answers requests or runs for them, with its role. */
function requestFunction(model: FlaskModel, node: Node): { fn: Node; role: RequestRole; own: boolean } | undefined {
  let own = true;
  for (let n = node.parent; n; n = n.parent) {
    if (n.type !== 'function_definition') continue;
    const role = requestRole(model, n);
    if (role) return { fn: n, role, own };
    own = false;
  }
  return undefined;
}

/** The module-level container a mutation node changes, if any. */
function sharedContainer(model: FlaskModel, node: Node): Binding | undefined {
  const name = mutatedName(node);
  return name && containerBinding(model, name);
}

/** True when no mutation of a shared container comes before `node` in its statement. */
function firstInStatement(model: FlaskModel, node: Node, statement: Node): boolean {
  if (statement.id === node.id) return true;
  for (const candidate of statement.descendantsOfType([...MUTATION_TYPES])) {
    if (!candidate || candidate.startIndex > node.startIndex) break;
    if (candidate.id === node.id) return true;
    if (owningStatement(candidate).id === statement.id && sharedContainer(model, candidate)) return false;
  }
  return true;
}

function checkMutation(node: Node, context: RuleContext): void {
  const { model } = context;
  const binding = sharedContainer(model, node);
  if (!binding) return;
  const found = requestFunction(model, node);
  if (!found || guardedByLock(model, node, found.fn)) return;
  const statement = owningStatement(node);
  if (!firstInStatement(model, node, statement)) return;
  const { fn, role, own } = found;
  let fix: Fix | undefined;
  if (own && node.type === 'assignment') fix = memoCacheFix(model, fn, binding, node);
  if (own && !fix && role !== 'calledFromView') fix = requestGlobalFix(model, fn, binding);
  context.report({
    node,
    messageId: role === 'calledFromView' ? 'calledFromView' : 'view',
    data: { name: binding.name, function: functionLabel(fn, role) },
    ...(fix ? { fix } : {}),
  });
}

export const mutableModuleState: Rule = {
  meta: {
    code: 'FLK401',
    slug: 'mutable-module-state',
    summary: 'A view, or a function a view calls, mutates a module-level dict, list or set shared by every request.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      view: '`{name}` is module-level state shared by every request, and the view `{function}` changes it; keep it in Flask-Caching, Redis or the database (or `flask.g` for one request)',
      calledFromView:
        '`{name}` is module-level state shared by every request, and `{function}`, which views call, changes it; keep it in Flask-Caching, Redis or the database (or `flask.g` for one request)',
    },
    docs: {
      whatItDoes: [
        'Flags a statement that changes a module-level container in place while a request is handled. A container is a',
        'name the module binds to a dict, list or set (a literal, a comprehension, `dict()`, `list()`, `set()`) or to a',
        '`collections.defaultdict`, `Counter`, `deque` or `OrderedDict`. Changing it means `x[k] = v`, `x[k] += 1`,',
        '`del x[k]`, `x += [...]` under `global x`, or a method such as `append`, `extend`, `insert`, `update`,',
        '`setdefault`, `pop`, `add`, `discard`, `remove` or `clear`, also on an item (`x[k].append(v)`).',
        '',
        'Request code is what FLK402 reads as such: a view, a method of a class-based view, and a module-level function',
        'a view calls, directly or through others. One finding per statement.',
        '',
        'Left alone: containers only read after import, or filled at import time; a local or a parameter with the same',
        'name; a name the module rebinds to something else; attributes of shared objects (`current_app.config[...]`,',
        '`self._cache[...]`), `g`, `session` and request data; a change made inside `with lock:` (a name bound to',
        '`threading.Lock()` or `RLock()`, or any name ending in `lock`). Rebinding a module-level name with `global` is',
        'FLK402\'s finding.',
      ].join('\n'),
      whyItMatters: [
        'Gunicorn and other production servers run an app in several worker processes, often with several threads',
        'each. A module-level dict is shared by the threads of one worker and by none of the others. Two threads that',
        'change it at once can interleave their updates (a `counts[key] += 1` loses increments; a check-then-set',
        'computes twice), one request can read what another is halfway through writing, and each worker holds its own',
        'copy, so a value cached or counted in one is missing in the next. None of this shows on the development server',
        'or in tests, which run one request at a time: it appears under load, as data that is intermittently wrong.',
        '',
        'A cache belongs in Flask-Caching (backed by Redis or memcached in production, so every worker shares it),',
        'counters and event lists in Redis or the database, and data for a single request in `flask.g`, which Flask',
        'creates afresh for every request.',
      ].join('\n'),
      example: [
        'from flask import Flask, jsonify',
        '',
        'app = Flask(__name__)',
        '_cache = {}',
        '',
        '',
        'def expensive_lookup(key):',
        '    return key.upper()',
        '',
        '',
        '@app.route("/data/<key>")',
        'def get_data(key):',
        '    if key not in _cache:',
        '        _cache[key] = expensive_lookup(key)',
        '    return jsonify(_cache[key])',
      ].join('\n'),
      useInstead: [
        'from flask import Blueprint, Flask, jsonify',
        'from flask_caching import Cache',
        '',
        'bp = Blueprint("data", __name__)',
        'cache = Cache(with_jinja2_ext=False)',
        '',
        '',
        'def expensive_lookup(key):',
        '    return key.upper()',
        '',
        '',
        '@bp.route("/data/<key>")',
        'def get_data(key):',
        '    result = cache.get(f"_cache:{key}")',
        '    if result is None:',
        '        result = expensive_lookup(key)',
        '        cache.set(f"_cache:{key}", result, timeout=300)',
        '    return jsonify(result)',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__)',
        '    app.config.setdefault("CACHE_TYPE", "SimpleCache")',
        '    cache.init_app(app)',
        '    app.register_blueprint(bp)',
        '    return app',
      ].join('\n'),
      fixSafety: [
        'Two patterns get a fix, both **unsafe**; every other change (counters, lists of events, registries) gets none,',
        'since where that state should live is a design decision.',
        '',
        '- **A memo dict**: `if key not in _cache: _cache[key] = f(key)` then `_cache[key]`, `if key in _cache: return',
        '  _cache[key]` then `_cache[key] = value`, or `value = _cache.get(key)` then `_cache[key] = value`, where the',
        '  function uses the dict in no other way and the key is a parameter or a plain string. The fix uses Flask-Caching',
        '  as the guide does: `cache = Cache(with_jinja2_ext=False)` at module level (an existing `Cache` is reused; the',
        '  argument keeps Flask-Caching from adding its `{% cache %}` tag to the app\'s templates), `cache.init_app(app)`',
        '  before the factory\'s `return app`, or after the module\'s config lines for a module-level app,',
        '  `app.config.setdefault("CACHE_TYPE", "SimpleCache")` when the module sets no `CACHE_TYPE`, and `cache.get`/',
        '  `cache.set(..., timeout=300)` in the function. Keys are prefixed with the dict\'s name (`f"_cache:{key}"`) so',
        '  that two dicts keep apart in one cache. The dict goes when nothing else names it. It is unsafe because it needs',
        '  Flask-Caching at run time, values now expire after five minutes, are stored as pickles (a value that cannot be',
        '  pickled fails; a cached `None` is computed again), keys become strings (`1` and `"1"` meet), and the function',
        '  needs an app context. Each `cache.get` returns a copy, so a caller that changes the returned value changes',
        '  nothing stored. Not offered when the value stored is a container built on the spot (`_carts[user] = []`, a',
        '  `set()`, a dict literal, a comprehension, also through a local): that is a get-or-create whose callers fill',
        '  what they get, and what they added would be lost. Not offered either when the app is created in another',
        '  module: call `cache.init_app(app)` there.',
        '- **Data for one request**: a view that empties the container first (`_errors.clear()`) and is the only code that',
        '  names it. The container becomes `g.errors`, set to a new empty container where it was cleared, and the',
        '  module-level name goes. Each request then has its own. It is unsafe because another module that imports the',
        '  name loses it.',
      ].join('\n'),
    },
  },
  usesViewGraph: true,
  // The walk enters only code that names a module-level container.
  anchors: (model) => [...moduleContainerNames(model)],
  visit: Object.fromEntries(MUTATION_TYPES.map((type) => [type, checkMutation])),
};
