import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../../engine/model';
import { registrations } from '../../engine/project/facts';
import { movesBlueprint } from '../../engine/project/projectRoutes';
import type { RouteSummary } from '../../engine/summaries';
import { callArguments, keywordArgument, positionalArguments, stringLiteralValue } from '../../engine/syntax';
import { BUILD_NEUTRAL_OPTIONS, joinRule, parseRule, RulesBySegment, UNKNOWABLE_OPTIONS, type ParsedRule } from '../../engine/urlRules';

/** A route of this module whose full URL rule and endpoint the module shows. */
export interface KnownRoute {
  /** The rule as the app serves it (a blueprint's `url_prefix` joined in). */
  parsed: ParsedRule;
  /** The endpoint `url_for` takes, or undefined when the module does not show it. */
  endpoint: string | undefined;
  /** True when `url_for(endpoint, ...)` builds from this rule for certain: the endpoint has no other rule, and no option changes the build. */
  buildable: boolean;
  /** Its place among the module's routes. */
  order: number;
}

const tables = new WeakMap<FlaskModel, KnownRoute[]>();

/**
 * The module's routes whose full rule it shows: routes on its app (one app: with two, an
 * endpoint may belong to either), and module-level views on a module-level `Blueprint` whose
 * constructor gives its name and `url_prefix`. A blueprint without `url_prefix` gets its prefix,
 * if any, where it is registered, often in another module: its routes are left out until the
 * project index knows that module. A blueprint that this module or the project registers with
 * options, on another blueprint or twice is left out too: its URLs are not the constructor's.
 */
export function knownRoutes(model: FlaskModel): readonly KnownRoute[] {
  let table = tables.get(model);
  if (!table) tables.set(model, (table = buildTable(model)));
  return table;
}

function buildTable(model: FlaskModel): KnownRoute[] {
  const routes = model.routes.filter((r) => r.rule !== undefined && !r.options?.some((o) => UNKNOWABLE_OPTIONS.has(o)));
  const appOwners = new Set(routes.filter((r) => r.ownerKind === 'app').map((r) => r.owner));
  const table: (KnownRoute & { route: RouteSummary })[] = [];
  const blueprints = new Map<string, ReturnType<typeof blueprintOf>>();
  for (const route of routes) {
    let rule = route.rule!;
    let prefixName = '';
    if (route.ownerKind === 'blueprint') {
      if (!blueprints.has(route.owner)) blueprints.set(route.owner, blueprintOf(model, route.owner));
      const blueprint = route.via === 'decorator' && route.moduleLevelView ? blueprints.get(route.owner) : undefined;
      if (!blueprint) continue;
      // Flask's BlueprintSetupState.add_url_rule.
      rule = joinRule(blueprint.urlPrefix, rule);
      prefixName = `${blueprint.name}.`;
    } else if (route.ownerKind !== 'app' || appOwners.size !== 1) {
      continue;
    }
    const parsed = parseRule(rule);
    if (!parsed) continue;
    const name = route.endpointUnknown ? undefined : (route.endpoint ?? route.asView ?? route.view);
    // Flask refuses a dot in a blueprint's endpoint.
    const endpoint = name === undefined || (prefixName && name.includes('.')) ? undefined : prefixName + name;
    // `add_url_rule` without a view names an endpoint declared elsewhere, whose other rules may come first.
    const buildable = endpoint !== undefined && !route.viewless && !(route.options ?? []).some((o) => !BUILD_NEUTRAL_OPTIONS.has(o));
    table.push({ parsed, endpoint, buildable, order: table.length, route });
  }
  // An endpoint with several rules builds from the first that fits, in registration order
  // (bottom decorator first): left unfixed rather than emulated.
  const rulesPerEndpoint = new Map<string, number>();
  for (const { endpoint } of table) if (endpoint !== undefined) rulesPerEndpoint.set(endpoint, (rulesPerEndpoint.get(endpoint) ?? 0) + 1);
  for (const entry of table) if (entry.buildable && rulesPerEndpoint.get(entry.endpoint!)! > 1) entry.buildable = false;
  return table.map(({ route: _route, ...known }) => known);
}

const indexes = new WeakMap<FlaskModel, RulesBySegment<KnownRoute>>();

/** The module's known routes whose rule `path` matches, in source order. */
export function routesMatching(model: FlaskModel, path: string): KnownRoute[] {
  let index = indexes.get(model);
  if (!index) indexes.set(model, (index = new RulesBySegment(knownRoutes(model))));
  return index.matching(path).sort((a, b) => a.order - b.order);
}

/** A module-level `Blueprint("name", __name__, url_prefix="/p")` bound to `owner`, with nothing that changes its URLs unseen. */
function blueprintOf(model: FlaskModel, owner: string): { name: string; urlPrefix: string } | undefined {
  if (!model.blueprintNames.has(owner)) return undefined;
  const call = model.semantic.module.visibleAt(owner, undefined)?.value;
  if (call?.type !== 'call' || !model.isBlueprintConstructor(call)) return undefined;
  if (positionalArguments(call).length > 2 || callArguments(call).some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return undefined;
  if (keywordArgument(call, 'subdomain') || keywordArgument(call, 'url_defaults')) return undefined;
  const name = stringLiteralValue(positionalArguments(call)[0] ?? keywordValue(call, 'name'));
  const urlPrefix = stringLiteralValue(keywordValue(call, 'url_prefix'));
  if (!name || name.includes('.') || urlPrefix === undefined || !urlPrefix.startsWith('/')) return undefined;
  if (movesBlueprint(registrationsOf(model, owner)) || model.project?.blueprintMoved?.(owner)) return undefined;
  return { name, urlPrefix };
}

/** This module's `register_blueprint` calls of the module-level blueprint `owner`. */
function registrationsOf(model: FlaskModel, owner: string) {
  const moduleLevel = model.semantic.module.bindings(owner).at(-1);
  const ownerName = (expr: Node | null) => (expr?.type === 'identifier' && expr.text === owner && model.semantic.bindingOf(expr) === moduleLevel ? owner : undefined);
  return registrations(model, ownerName).filter((r) => r.blueprint === owner);
}

function keywordValue(call: Node, name: string): Node | null {
  return keywordArgument(call, name)?.childForFieldName('value') ?? null;
}
