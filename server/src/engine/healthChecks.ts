import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from './model';
import { enclosingClass } from './syntax';

/** The words a liveness or readiness probe's route or view is named by (`heartbeat`: Mozilla's Dockerflow). */
const HEALTH_WORDS = String.raw`healthz?|health[-_]?check|livez?|liveness|alive|readyz?|readiness|ping|(?:lb)?heartbeat`;
/** The last segment of a route that answers a probe, or a view's name: `healthz`, `_health`, `__heartbeat__`, `status`. */
export const HEALTH_SEGMENT = new RegExp(`^_*(?:${HEALTH_WORDS}|status)_*$`, 'i');
/** A string literal holding a probe's path (`"/healthz"`, `'/__heartbeat__'`): a route the index may not see (`add_resource`). */
export const HEALTH_PATH_LITERAL = new RegExp(`["'][^"'\r\n]*/_*(?:${HEALTH_WORDS})_*/?["']`, 'i');

/**
 * Whether `fn` answers a health check: its name, or the last segment of a route it serves, says
 * so. For a method of a class-based view, its class's name and routes count. Such a view answers
 * a load balancer or an orchestrator, not an API client: a 503 there is the protocol ("not
 * ready"), not an error for the app's handlers to format.
 */
export function isHealthView(model: FlaskModel, fn: Node): boolean {
  const cls = enclosingClass(fn);
  const view = cls ?? fn;
  const name = view.childForFieldName('name')?.text ?? '';
  if (HEALTH_SEGMENT.test(name)) return true;
  return model.routes.some(
    (route) =>
      (route.view === name || (route.viewRange?.start === view.startIndex && route.viewRange.end === view.endIndex)) &&
      HEALTH_SEGMENT.test(route.rule?.split('/').filter(Boolean).pop() ?? ''),
  );
}
