import type { Node } from 'web-tree-sitter';
import { endOfLine, reachImportedName, insertAt, startOfLine } from '../engine/edits';
import type { FlaskModel } from '../engine/model';
import { detectEol } from '../engine/positions';
import type { TextEdit } from '../engine/rule';
import { routeNode, type RouteSummary } from '../engine/summaries';
import { keywordArgument, positionalArguments, stringLiteralValue } from '../engine/syntax';
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

  const blueprint = reachImportedName(model, text, 'flask', 'Blueprint');
  if (!blueprint) return { ok: false, reason: '`Blueprint` names something else in this module' };
  const name = blueprintName(text, fileName);
  const variable = freeName(text, ['bp', `${name}_bp`, 'blueprint']);
  const renames = endpointRenames(model, text, endpoints, name);
  if (renames.reason) return { ok: false, reason: renames.reason };

  const eol = detectEol(text);
  const declaration = `${variable} = ${blueprint.expression}(${JSON.stringify(name)}, __name__)${eol}`;
  const appStatement = app.statement;
  const afterApp = appStatement?.parent?.type === 'module' && appStatement.endIndex <= first.statement.startIndex;
  const edits: TextEdit[] = [
    ...blueprint.edits,
    afterApp
      ? insertAt(endOfLine(text, appStatement.endIndex), declaration, text, eol)
      : insertAt(startOfLine(text, first.statement.startIndex), `${declaration}${eol}${eol}`),
    ...owners.map((owner) => ({ range: { start: owner.startIndex, end: owner.endIndex }, newText: variable })),
    ...renames.edits,
    insertAt(endOfLine(text, last.statement.endIndex), `${eol}${eol}${last.owner.text}.register_blueprint(${variable})${eol}`, text, eol),
  ];
  const templateFolder = app.kind === 'assignment' ? templateFolderOf(model, app.value) : undefined;
  return { ok: true, edits: mergeInsertions(edits), renamed: { endpoints, blueprint: name, templateFolder } };
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
function blueprintName(text: string, fileName: string | undefined): string {
  const stem = (fileName ?? '').replace(/\.pyw?$/i, '').replace(/\W/g, '_');
  const base = /^[A-Za-z]\w*$/.test(stem) ? stem : 'main';
  const taken = (candidate: string) => new RegExp(`Blueprint\\(\\s*["']${candidate}["']`).test(text);
  let name = base;
  for (let n = 2; taken(name); n++) name = `${base}${n}`;
  return name;
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
