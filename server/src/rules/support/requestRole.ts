import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import { servesRoute } from '../../engine/summaries';
import { enclosingClass } from '../../engine/syntax';

/** How a function takes part in answering requests (see {@link requestRole}). */
export type RequestRole = 'view' | 'method' | 'calledFromView';

/**
 * Whether the function answers requests (`view`, `method` of a class-based view) or runs for
 * them (`calledFromView`), as the module's routes and view graph say; undefined otherwise.
 */
export function requestRole(model: FlaskModel, fn: Node): RequestRole | undefined {
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

/** The function's name as a message shows it: `Class.method` for a method. */
export function functionLabel(fn: Node, role: RequestRole): string {
  const name = fn.childForFieldName('name')?.text ?? '';
  const className = role === 'method' ? enclosingClass(fn)?.childForFieldName('name')?.text : undefined;
  return className ? `${className}.${name}` : name;
}
