import type { Rule } from '../engine/rule';
import { placedRoute, routeNode, servesRoute, type RouteSummary } from '../engine/summaries';

const ROUTES_IN_EXAMPLE = 11;

export const routesModuleTooLarge: Rule = {
  meta: {
    code: 'FLK202',
    slug: 'routes-module-too-large',
    summary: 'A module declares more routes than the limit (`maxRoutesPerModule`, 10 by default).',
    defaultSeverity: 'info',
    fixable: false,
    messages: {
      tooManyRoutes: 'This module declares {count} routes, more than {limit}: split them into blueprints, one module per domain',
    },
    docs: {
      whatItDoes: [
        'Counts the routes a module declares and reports the module once, on its first route, when there are more',
        'than the limit: the `flaskPractices.maxRoutesPerModule` setting, 10 by default. Every route counts, whether',
        'on the app, a blueprint or a Flask-RESTful or flask-restx API, and wherever it is declared (inside',
        '`create_app` too). It counts routes, not views: a view with two `@bp.route` lines counts twice, since each',
        'is a URL the module answers. `@x.route(...)` on an object the module does not define (a blueprint imported',
        'from elsewhere) counts; `@x.get(...)` on such an object does not, as it may belong to another framework.',
      ].join('\n'),
      whyItMatters: [
        'A routes module that keeps growing becomes the file every feature touches: reviews get long, merges',
        'conflict as soon as a few developers work at once, and unrelated views share imports and helpers until',
        'nothing can move. A blueprint per domain (users, orders, health) keeps each module small, gives it its own',
        'URL prefix and error handlers, and lets the app factory decide which parts an app serves.',
      ].join('\n'),
      example: [
        'from flask import Blueprint',
        '',
        'bp = Blueprint("api", __name__, url_prefix="/api")',
        '',
        ...Array.from({ length: ROUTES_IN_EXAMPLE }, (_, i) => ['', `@bp.get("/resource-${i + 1}")`, `def resource_${i + 1}():`, `    return {"id": ${i + 1}}`, '']).flat(),
      ]
        .join('\n')
        .trimEnd(),
      useInstead: [
        '# api/users.py: one module per domain, each with its own blueprint',
        'from flask import Blueprint',
        '',
        'users_bp = Blueprint("users", __name__, url_prefix="/api/users")',
        '',
        '',
        '@users_bp.get("")',
        'def list_users():',
        '    return []',
        '',
        '',
        '@users_bp.get("/<int:user_id>")',
        'def get_user(user_id):',
        '    return {"id": user_id}',
      ].join('\n'),
      fixSafety: 'There is no fix: which routes belong together is a design decision.',
    },
  },
  usesRoutes: true,
  // The count and the first route follow from the routes alone, which the module facts list.
  keepsModuleFindings: true,
  checkModule(context) {
    // Counted in the kept summaries, without the copies `model.routes` makes on every keystroke.
    let count = 0;
    let first: RouteSummary | undefined;
    for (const { start, summary } of context.model.routeRecords) {
      for (const route of summary.routes) {
        if (!servesRoute(route)) continue;
        count++;
        first ??= placedRoute(start, route);
      }
    }
    const limit = context.settings.maxRoutesPerModule;
    if (count <= limit || !first) return;
    // Where error recovery shaped the tree, the runner drops findings on nodes it cannot trust; the
    // range stays the route's (a decorator's node also holds the comment its line ends with).
    const node = context.model.root.hasError ? routeNode(context.model.root, first) : undefined;
    context.report({ ...(node ? { node } : {}), range: first.range, messageId: 'tooManyRoutes', data: { count: String(count), limit: String(limit) } });
  },
};
