import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from './model';
import { enclosingClass } from './syntax';

/** The last segment of a route that answers a liveness or readiness probe. */
export const HEALTH_SEGMENT = /^(healthz?|health[-_]?check|livez?|liveness|readyz?|readiness|ping|status)$/i;

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
