import type { Node } from 'web-tree-sitter';
import { endOfLine, reachImportedName, insertAt, startOfLine } from '../engine/edits';
import type { FlaskModel } from '../engine/model';
import { detectEol } from '../engine/positions';
import type { TextEdit } from '../engine/rule';
import { routeNode, type RouteSummary } from '../engine/summaries';
import { keywordArgument, positionalArguments, stringLiteralValue } from '../engine/syntax';
import { orderDependentStatement, projectBlueprintNames, strayEndpointString } from './blueprintSafety';
import { endpointRenames, templateFolderOf, urlMappingReason, type Renamed } from './endpointReferences';

/**
 * FLK201's fix: the module's routes on the app move to a module-level blueprint. The analysis
 * (which routes move, under which endpoint names, what in the module names them) is apart from
 * the edits, which are written only once every check passed.
 */
export type BlueprintPlan = { ok: true; edits: TextEdit[]; renamed: Renamed } | { ok: false; reason: string };

/** A route on the app declared by a top-level statement, which a module-level blueprint can take. */
interface MovableRoute {
  /** The object the route is declared on (`app`), which becomes the blueprint. */
  owner: Node;
  /** The top-level statement declaring it: the decorated function or the `add_url_rule` call's statement. */
  statement: Node;
  /** The route's call: the decorator's `app.route(...)` or `app.add_url_rule(...)`. */
  call: Node;
}

/** Why no route of a function or class body can move: shown in the hover. */
export const NESTED_ROUTE_REASON =
  'the route is declared inside a function or class (an app factory, say) on its own app: its view may use that ' +
  "function's local names, so it cannot simply move to a module-level blueprint; move it by hand";

/** The route's statement and call when a top-level statement declares it, else undefined. */
export function movableRoute(model: FlaskModel, route: RouteSummary): MovableRoute | undefined {
  const node = routeNode(model.root, route);
  if (!node) return undefined;
  const call = route.via === 'decorator' ? node.namedChild(0) : node;
  const statement = node.parent;
  if (call?.type !== 'call' || statement?.parent?.type !== 'module') return undefined;
  if (statement.type !== (route.via === 'decorator' ? 'decorated_definition' : 'expression_statement')) return undefined;
  const owner = call.childForFieldName('function')?.childForFieldName('object');
  return owner ? { owner, statement, call } : undefined;
}

/**
 * Plans the conversion of every movable route in `routes` (the module's routes on the app): the
 * blueprint after the app's creation, each route declared on it, the blueprint registered after the
 * last of them (Flask refuses routes declared on a blueprint already registered), `url_for` and
 * `login_view` endpoint names prefixed with the blueprint's, and the `Blueprint` import.
 */
export function planBlueprint(
  model: FlaskModel,
  text: string,
  fileName: string | undefined,
  routes: readonly RouteSummary[],
  /** The module's `add_url_rule` calls on the app without a view: they stay, naming endpoints as they are. */
  urlMappings: readonly RouteSummary[],
): BlueprintPlan {
  if (model.root.hasError) return { ok: false, reason: 'the module has a syntax error' };
  const moving = routes.map((route) => ({ route, movable: movableRoute(model, route) })).filter((r) => r.movable !== undefined);
  if (moving.length === 0) return { ok: false, reason: NESTED_ROUTE_REASON };
  const first = moving[0]!.movable!;
  const last = moving[moving.length - 1]!.movable!;

  const owners = moving.map(({ movable }) => movable!.owner);
  if (owners.some((owner) => owner.type !== 'identifier')) return { ok: false, reason: 'a route is declared on an expression, not on a name bound to the app' };
  const app = model.semantic.bindingOf(first.owner);
  if (!app || owners.some((owner) => model.semantic.bindingOf(owner) !== app)) return { ok: false, reason: 'the routes are declared on more than one app' };

  if (/\.endpoint\b|\bview_functions\b/.test(text)) {
    return { ok: false, reason: 'the module reads endpoint names (`request.endpoint`, `view_functions` or `@app.endpoint`), which the blueprint would change' };
  }
  const endpoints = new Set<string>();
  for (const { route, movable } of moving) {
    const endpoint = endpointOf(route, movable!.call);
    if (endpoint === undefined) return { ok: false, reason: `the endpoint of the route \`${route.rule ?? route.owner}\` is computed, so its new name is unknown` };
    if (endpoint.includes('.')) return { ok: false, reason: `the endpoint \`${endpoint}\` holds a dot, which a blueprint refuses` };
    endpoints.add(endpoint);
  }
  // Left on the app, a mapping to a renamed endpoint would name one without a view.
  for (const mapping of urlMappings) {
    if (mapping.endpoint === undefined || endpoints.has(mapping.endpoint)) return { ok: false, reason: urlMappingReason('the module', mapping.endpoint) };
  }

  const moved = new Set(moving.map(({ movable }) => movable!.statement.id));
  const ordered = orderDependentStatement(model, app, moved, first.statement, last.statement);
  if (ordered) return { ok: false, reason: ordered };

  const blueprint = reachImportedName(model, text, 'flask', 'Blueprint');
  if (!blueprint) return { ok: false, reason: '`Blueprint` names something else in this module' };
  const project = projectBlueprintNames(model.project?.index, model.project?.path);
  if (project.computedIn) return { ok: false, reason: `\`${project.computedIn}\` names a blueprint with a computed name, which the new blueprint's name could clash with` };
  const name = blueprintName(text, fileName, project.names);
  const variable = freeName(text, ['bp', `${name}_bp`, 'blueprint']);
  const staying = stayingEndpoints(model, routes, endpoints);
  const renames = endpointRenames(model, text, endpoints, name, staying);
  if (renames.reason) return { ok: false, reason: renames.reason };
  const rewritten = new Set(renames.edits.map((edit) => edit.range.start));
  const stray = strayEndpointString(model, endpoints, rewritten, moving.map(({ movable }) => movable!));
  if (stray) return { ok: false, reason: stray };

  const eol = detectEol(text);
  const declaration = `${variable} = ${blueprint.expression}(${JSON.stringify(name)}, __name__)${eol}`;
  // After the app and after every import the declaration needs (`Blueprint` may be imported below the app's import).
  const after = Math.max(app.statement?.parent?.type === 'module' ? app.statement.endIndex : -1, ...blueprint.edits.map((edit) => lineOfInsertion(text, edit.range.start)), bindingEnd(model, blueprint.expression));
  const edits: TextEdit[] = [
    ...blueprint.edits,
    after >= 0 && after <= first.statement.startIndex
      ? insertAt(endOfLine(text, after), declaration, text, eol)
      : insertAt(startOfLine(text, first.statement.startIndex), `${declaration}${eol}${eol}`),
    ...owners.map((owner) => ({ range: { start: owner.startIndex, end: owner.endIndex }, newText: variable })),
    ...renames.edits,
    insertAt(endOfLine(text, last.statement.endIndex), `${eol}${eol}${last.owner.text}.register_blueprint(${variable})${eol}`, text, eol),
  ];
  const templateFolder = app.kind === 'assignment' ? templateFolderOf(model, app.value) : undefined;
  return { ok: true, edits: mergeInsertions(edits), renamed: { endpoints, staying, blueprint: name, templateFolder } };
}

/** The endpoints besides the moved ones a dotless name may mean: `static`, and the project's (or else the module's) app routes. */
function stayingEndpoints(model: FlaskModel, routes: readonly RouteSummary[], moved: ReadonlySet<string>): Set<string> {
  const staying = new Set(['static']);
  const project = model.project?.index?.routes().map((route) => route.endpoint) ?? [];
  for (const endpoint of [...project, ...routes.map((route) => route.endpoint ?? route.asView ?? route.view)]) {
    if (endpoint !== undefined && !endpoint.includes('.') && !moved.has(endpoint)) staying.add(endpoint);
  }
  return staying;
}

/** The endpoint Flask gives the route: `endpoint=`, else the view function's name (`as_view`'s name for a class-based view). */
function endpointOf(route: RouteSummary, call: Node): string | undefined {
  const args = positionalArguments(call);
  const given = keywordArgument(call, 'endpoint')?.childForFieldName('value') ?? (route.via === 'add_url_rule' ? args[1] : undefined);
  if (given && given.type !== 'none') return stringLiteralValue(given);
  if (route.via === 'decorator') return route.view;
  const view = keywordArgument(call, 'view_func')?.childForFieldName('value') ?? args[2];
  if (view?.type === 'identifier') return view.text;
  const asView = view?.type === 'call' ? view.childForFieldName('function') : undefined;
  if (asView?.type === 'attribute' && asView.childForFieldName('attribute')?.text === 'as_view') return stringLiteralValue(positionalArguments(view!)[0] ?? null);
  return undefined;
}

/** The blueprint's name: the module's (`routes` for routes.py), or `main` for a package's `__init__.py` and unnamed text. */
function blueprintName(text: string, fileName: string | undefined, projectNames: ReadonlySet<string>): string {
  const stem = (fileName ?? '').replace(/\.pyw?$/i, '').replace(/\W/g, '_');
  const base = /^[A-Za-z]\w*$/.test(stem) ? stem : 'main';
  // Flask refuses two blueprints of one name on an app: avoid the module's and the project's.
  const taken = (candidate: string) => projectNames.has(candidate) || new RegExp(`Blueprint\\(\\s*["']${candidate}["']`).test(text);
  let name = base;
  for (let n = 2; taken(name); n++) name = `${base}${n}`;
  return name;
}

/** An offset on the line an insertion belongs to: a whole line inserted at a line's start follows the line above. */
function lineOfInsertion(text: string, offset: number): number {
  return offset > 0 && startOfLine(text, offset) === offset ? offset - 1 : offset;
}

/** Where the statement binding the name `expression` starts with ends (`Blueprint` imported below the app); -1 when unknown. */
function bindingEnd(model: FlaskModel, expression: string): number {
  const statement = model.semantic.module.bindings(expression.split('.')[0]!).at(-1)?.statement;
  return statement?.parent?.type === 'module' ? statement.endIndex : -1;
}

/** The first candidate the text never mentions (a word anywhere counts: strings and comments too), else a numbered one. */
function freeName(text: string, candidates: readonly string[]): string {
  const used = (name: string) => new RegExp(`\\b${name}\\b`).test(text);
  const free = candidates.find((name) => !used(name));
  if (free) return free;
  let n = 2;
  while (used(`${candidates[0]}${n}`)) n++;
  return `${candidates[0]}${n}`;
}

/** Insertions at one offset become one (the import and the blueprint can meet on a line such as `import flask; app = ...`). */
function mergeInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const same = edit.range.start === edit.range.end && merged.find((m) => m.range.start === edit.range.start && m.range.end === edit.range.end);
    if (same) same.newText += edit.newText;
    else merged.push({ ...edit });
  }
  return merged;
}
