import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../engine/model';
import type { Fix, Rule, RuleContext } from '../engine/rule';
import { keywordArgument, positionalArguments } from '../engine/syntax';
import { buildPath, hasStaticSegment, isPlainPath, matchRule, parseRule, urlForArguments } from '../engine/urlRules';
import { flaskNameAt } from './support/flaskImport';
import { requestRole } from './support/requestRole';
import { routesMatching, type KnownRoute } from './support/routeTable';
import { stringLiteral } from './support/stringLiteral';

/** Functions that answer with a redirect to their first argument. */
const REDIRECTS = new Set(['flask.redirect', 'werkzeug.utils.redirect', 'werkzeug.redirect']);

export const hardcodedUrlPath: Rule = {
  meta: {
    code: 'FLK504',
    slug: 'hardcoded-url-path',
    summary: 'A redirect to a path written out, where `url_for` can build the URL of a route of the project.',
    defaultSeverity: 'warning',
    fixable: true,
    messages: {
      endpoint: '`{path}` is written out: it is the URL of the endpoint `{endpoint}` (`{rule}`); build it with `url_for`',
      route: '`{path}` is written out: it is the URL of the route `{rule}`; build it with `url_for`',
    },
    docs: {
      whatItDoes: [
        'Flags a string literal passed to `redirect(...)` (Flask\'s or Werkzeug\'s, under any import form, as the',
        'first argument or `location=`) when it is exactly the path of a route of the project: an app route, a',
        'route on a module-level `Blueprint("name", __name__, url_prefix="/prefix")`, or, where the project\'s',
        'files are indexed (the editor\'s workspace, the CLI\'s files), a route of another module, or of this one',
        'whose prefix another module gives with `register_blueprint(bp, url_prefix=...)`. Paths are matched as',
        'Werkzeug matches them, converters included: `/items/1` is the URL of `/items/<int:item_id>`.',
        '',
        'Not flagged: `url_for(...)`; external URLs (`https://...`, `//host/...`); relative paths; paths that match',
        'no route; paths with a query string or a fragment; f-strings, concatenations, escapes and bytes; a path',
        'that only a trailing-slash redirect would reach (`/items` for a route `/items/`); a path that only routes',
        'made of variables match (`/goodbye` for a catch-all `/<path:path>` or `/<username>`), as it repeats no part',
        'of a rule: a route counts when a segment of its rule has no variable (`blog` in `/blog/<slug>`).',
        '',
        'A blueprint\'s routes count where its URL is certain: in its own module when the constructor gives',
        '`url_prefix` and no `register_blueprint` of the project changes it (a `url_prefix` there wins over the',
        'constructor\'s; `name=`, `subdomain=`, `url_defaults=`, a splat, a parent blueprint or a second registration',
        'leave its URLs unknown); across the project when it is registered exactly once, on an app, with nothing but',
        '`url_prefix`, which gives its URLs. Routes with `subdomain=` or `host=`, those of a module that routes on',
        'two apps, and blueprints built with `subdomain` or `url_defaults` are left out. A `Location` header set by',
        'hand is not read yet.',
        '',
        'When the project builds several apps (a monorepo of services, each with its own `Flask(...)`), only the',
        'routes of the module\'s own app count: another app\'s endpoint is no URL `url_for` can build there, even',
        'when both apps sit behind one proxy. A module belongs to the app built in the closest folder above it (a',
        'package\'s `__init__.py` or an `app.py` builds it for its folder), or to the app it builds itself; a module',
        'under no app\'s folder, or under a folder that builds several apps, gets no other module\'s routes.',
      ].join('\n'),
      whyItMatters: [
        'A path written out repeats the route\'s rule in a second place. Change the rule, or register the blueprint',
        'under another prefix, and the redirect silently points at a page that no longer exists. `url_for` builds',
        'the URL from the endpoint, so it follows the rule wherever it goes, and fails loudly (`BuildError`) when',
        'the endpoint is gone.',
        '',
        'It also knows where the app is mounted. Behind a reverse proxy or a WSGI dispatcher that serves the app',
        'under a prefix (`SCRIPT_NAME`, `APPLICATION_ROOT`), `url_for("item", item_id=1)` gives `/shop/items/1`',
        'while the literal `/items/1` leaves the app.',
      ].join('\n'),
      example: [
        'from flask import Blueprint, redirect',
        '',
        'bp = Blueprint("shop", __name__, url_prefix="/shop")',
        '',
        '',
        '@bp.route("/items/<int:item_id>")',
        'def item(item_id):',
        '    return f"item {item_id}"',
        '',
        '',
        '@bp.route("/latest")',
        'def latest():',
        '    return redirect("/shop/items/1")',
      ].join('\n'),
      useInstead: [
        'from flask import Blueprint, redirect, url_for',
        '',
        'bp = Blueprint("shop", __name__, url_prefix="/shop")',
        '',
        '',
        '@bp.route("/items/<int:item_id>")',
        'def item(item_id):',
        '    return f"item {item_id}"',
        '',
        '',
        '@bp.route("/latest")',
        'def latest():',
        '    return redirect(url_for("shop.item", item_id=1))',
      ].join('\n'),
      fixSafety: [
        'The fix replaces the literal with `url_for("<endpoint>", <arguments>)`, the arguments read from the path',
        '(`item_id=1` for `<int:item_id>`), and adds `url_for` to the module\'s `from flask import ...`. It is',
        'offered only where `url_for` builds exactly the same path as Flask builds URLs: the endpoint has one rule',
        'in the project and no `defaults`, the rule comes with its view (`add_url_rule` without a view names an',
        'endpoint whose view and other rules are declared elsewhere), every value converts back to the same text',
        '(`/items/01` builds `/items/1`, so it gets no fix), and nothing needs quoting. It is offered only inside',
        'a view or a method of a class-based view: elsewhere (module level, a helper, a CLI command) `url_for`',
        'raises `RuntimeError` without a request. For a route of another module, the project must construct',
        'exactly one app: with two, the endpoint may belong to the other one, and `url_for` would raise',
        '`BuildError`.',
        '',
        'The fix is unsafe: what `url_for` builds also depends on code the checker does not read. A',
        '`url_defaults` callback can add arguments; a module outside the checked files can register the',
        'blueprint again; and an app mounted under a prefix now redirects inside it, which is the point of the',
        'change but is a change.',
      ].join('\n'),
    },
  },
  usesViewGraph: true,
  anchors: (model) => ['redirect', ...[...model.imports.values()].filter((i) => i.name === 'redirect').map((i) => i.local)],
  visit: {
    call(call, context) {
      if (!REDIRECTS.has(context.model.qualifiedName(call.childForFieldName('function')) ?? '')) return;
      const argument = positionalArguments(call)[0] ?? keywordArgument(call, 'location')?.childForFieldName('value');
      const literal = argument ? stringLiteral(argument) : undefined;
      // One plain string: escapes, placeholders, bytes and split literals are not matched.
      if (!literal || literal.node.type !== 'string' || literal.computed || literal.text.includes('\\') || !/^[rRuU]?["']/.test(literal.node.text)) return;
      const path = literal.text;
      const target = routeFor(context.model, path);
      if (!target) return;
      const { route } = target;
      const data = { path, rule: route.parsed.rule, endpoint: route.endpoint ?? '' };
      context.report({ node: literal.node, messageId: route.endpoint ? 'endpoint' : 'route', data, fix: fixFor(context, literal.node, path, route, target.unique) });
    },
  },
};

/** A route `path` matches: one of the module's own, or one the project shows in another module (or this module's, prefixed elsewhere). */
type Target = KnownRoute & {
  /** Why `url_for` is not certain to build from it, beyond the route itself: the project builds several apps. */
  unsure?: string;
};

/**
 * The route a GET of `path` reaches among the module's routes and the project's: the only one
 * that matches, or the only static one among several (Werkzeug prefers static parts); `unique`
 * says whether the choice is certain. None when no matching route has a static segment.
 */
function routeFor(model: FlaskModel, path: string): { route: Target; unique: boolean } | undefined {
  // Werkzeug decodes `%` escapes before matching; such paths, queries and fragments are left alone.
  if (!isPlainPath(path) || path.startsWith('//')) return undefined;
  const local = routesMatching(model, path);
  const matching: Target[] = [...local, ...projectTargets(model, path, local)];
  // A path that only routes made of variables match (a catch-all `/<path:path>`) repeats no rule.
  const anchored = matching.filter((route) => hasStaticSegment(route.parsed));
  if (anchored.length === 0) return undefined;
  const static_ = matching.filter((route) => route.parsed.parts.every((p) => p.kind === 'static'));
  return { route: static_[0] ?? anchored[0]!, unique: matching.length === 1 || static_.length === 1 };
}

/**
 * Routes of the project that `path` reaches, besides the module's own (`local`): the project's
 * answer is recorded (project/recordingView.ts), so the finding follows other modules' edits.
 */
function projectTargets(model: FlaskModel, path: string, local: readonly KnownRoute[]): Target[] {
  const answer = model.project?.urlTargets?.(path);
  if (!answer) return [];
  const own = model.project!.path;
  const targets: Target[] = [];
  for (const target of answer.targets) {
    if (target.path === own && local.some((route) => route.parsed.rule === target.rule && route.endpoint === target.endpoint)) continue;
    const parsed = parseRule(target.rule);
    if (!parsed) continue;
    const unsure = answer.apps === 1 ? undefined : `the project builds ${answer.apps === 0 ? 'no app the checker sees' : 'several apps'}, so \`${target.endpoint}\` may not be an endpoint of the app this code runs in`;
    targets.push({ parsed, endpoint: target.endpoint, buildable: target.buildable, order: local.length + targets.length, ...(unsure ? { unsure } : {}) });
  }
  return targets;
}

/** The fix, or one that says why it is not offered (shown in the hover). */
function fixFor(context: RuleContext, literal: Node, path: string, route: Target, unique: boolean): Fix {
  const refused = (reason: string): Fix => ({ title: 'Build the URL with url_for', safety: 'unsafe', available: () => ({ ok: false, reason }), edits: () => [] });
  if (!unique) return refused('the path matches several routes of the project');
  if (!route.endpoint || !route.buildable) return refused('`url_for` may build this endpoint from another rule (it has several, `defaults`, a rule mapped without a view, or an endpoint the project does not show for certain)');
  if (route.unsure) return refused(route.unsure);
  const args = urlForArguments(route.parsed, path);
  if (!args) {
    const values = matchRule(route.parsed, path);
    const built = values && buildPath(route.parsed, values);
    return refused(built ? `\`url_for\` would build \`${built}\`, not this path` : '`url_for` would quote or convert part of this path');
  }
  const fn = enclosingFunction(literal);
  const role = fn && requestRole(context.model, fn);
  if (role !== 'view' && role !== 'method') return refused('`url_for` needs a request, and this code is not inside a view');
  const name = flaskNameAt(context.model, context.text, literal, 'url_for');
  if ('reason' in name) return refused(name.reason);
  const call = `${name.expression}(${[JSON.stringify(route.endpoint), ...args.map((a) => `${a.name}=${a.python}`)].join(', ')})`;
  return {
    title: `Build the URL with ${call}`,
    safety: 'unsafe',
    edits: () => [{ range: { start: literal.startIndex, end: literal.endIndex }, newText: call }, ...name.edits],
  };
}

/** The innermost function whose body holds `node` (not its decorators or default values, which run when it is defined). */
function enclosingFunction(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') {
      const body = n.childForFieldName('body');
      return body && body.startIndex <= node.startIndex && node.endIndex <= body.endIndex ? n : undefined;
    }
    if (n.type === 'lambda' || n.type === 'class_definition') return undefined;
  }
  return undefined;
}
