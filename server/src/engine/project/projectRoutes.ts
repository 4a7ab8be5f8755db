import { BUILD_NEUTRAL_OPTIONS, joinRule, parseRule, RulesBySegment, UNKNOWABLE_OPTIONS, type ParsedRule } from '../urlRules';
import type { BlueprintRegistration, ModuleFacts, NameFact, ProjectRoute } from './facts';

/** A route with what the project adds: the blueprint's name and prefixes, when they can be known. */
export interface ResolvedRoute {
  path: string;
  route: ProjectRoute;
  /** `bp.view` for a blueprint's route, `view` for an app's; absent when the project does not show it for certain. */
  endpoint?: string;
  /** The URL rule with the blueprint's prefix, when the project shows it for certain. */
  rule?: string;
  /** True when `url_for(endpoint, ...)` builds from this rule for certain: the endpoint has no other rule, and no option changes the build. */
  buildable: boolean;
}

/** A route a URL reaches, as one module's analysis is told of it: plain data, compared as it is recorded. */
export interface UrlTarget {
  /** The module declaring it. */
  path: string;
  rule: string;
  endpoint?: string;
  buildable: boolean;
}

/** The routes a URL reaches, and how many apps the project constructs: with one, every endpoint is that app's. */
export interface UrlAnswer {
  targets: UrlTarget[];
  apps: number;
}

type Definition = (name: string) => { facts: ModuleFacts; attribute: string } | undefined;

/**
 * Every route of the project with its endpoint and full rule where the project shows them for
 * certain. A blueprint's route counts once the blueprint is registered exactly once, on an app,
 * with nothing but `url_prefix` (`name=` renames its endpoints, `subdomain=` moves its URLs, a
 * second registration serves them twice); a constructor with `subdomain`, `url_defaults` or a
 * splat leaves its routes unknown.
 */
export function resolveRoutes(modules: readonly ModuleFacts[], definition: Definition, registrations = registrationsByBlueprint(modules, definition)): ResolvedRoute[] {
  const resolved: ResolvedRoute[] = [];
  for (const facts of modules) {
    // With routes on two apps, an endpoint may belong to either.
    const appOwners = new Set(facts.routes.filter((r) => r.ownerKind === 'app').map((r) => r.owner ?? '?'));
    for (const route of facts.routes) {
      const entry: ResolvedRoute = { path: facts.path, route, buildable: false };
      if (route.ownerKind === 'app') {
        if (route.endpoint && appOwners.size === 1) entry.endpoint = route.endpoint;
        if (route.rule !== undefined) entry.rule = route.rule;
      } else if (route.ownerKind === 'blueprint' && route.owner) {
        const owner = definition(route.owner);
        const blueprint = owner?.facts.defines[owner.attribute]?.blueprint;
        if (owner && blueprint) Object.assign(entry, blueprintRoute(route, blueprint, registrations.get(`${owner.facts.path}:${owner.attribute}`) ?? []));
      }
      if (route.options?.some((o) => UNKNOWABLE_OPTIONS.has(o))) delete entry.rule;
      resolved.push(entry);
    }
  }
  // An endpoint with several rules builds from the first that fits: left unbuilt rather than emulated.
  const rulesPerEndpoint = new Map<string, number>();
  for (const { endpoint } of resolved) if (endpoint !== undefined) rulesPerEndpoint.set(endpoint, (rulesPerEndpoint.get(endpoint) ?? 0) + 1);
  for (const entry of resolved) {
    const neutral = (entry.route.options ?? []).every((o) => BUILD_NEUTRAL_OPTIONS.has(o));
    // `add_url_rule` without a view names an endpoint declared elsewhere, whose other rules may come first.
    entry.buildable = entry.endpoint !== undefined && entry.rule !== undefined && neutral && !entry.route.viewless && rulesPerEndpoint.get(entry.endpoint) === 1;
  }
  return resolved;
}

/** The project's `register_blueprint` calls, by the blueprint they register (`path:attribute` of its definition). */
export function registrationsByBlueprint(modules: readonly ModuleFacts[], definition: Definition): Map<string, BlueprintRegistration[]> {
  const registrations = new Map<string, BlueprintRegistration[]>();
  for (const facts of modules) {
    for (const registration of facts.registrations) {
      const target = registration.blueprint ? definition(registration.blueprint) : undefined;
      if (!target) continue;
      const key = `${target.facts.path}:${target.attribute}`;
      registrations.set(key, [...(registrations.get(key) ?? []), registration]);
    }
  }
  return registrations;
}

/**
 * True when the registrations may serve a blueprint elsewhere than its constructor says, or
 * under other endpoints: a `url_prefix` (it wins over the constructor's), any other option
 * (`name`, `subdomain`, `url_defaults`, a splat), a parent blueprint, or a second registration.
 */
export function movesBlueprint(registrations: readonly Pick<BlueprintRegistration, 'urlPrefix' | 'onApp' | 'options'>[]): boolean {
  return registrations.length > 1 || registrations.some((r) => !r.onApp || r.urlPrefix !== undefined || r.options !== undefined);
}

function blueprintRoute(route: ProjectRoute, blueprint: NonNullable<NameFact['blueprint']>, registrations: readonly BlueprintRegistration[]): Pick<ResolvedRoute, 'endpoint' | 'rule'> {
  if (blueprint.opaque || blueprint.name === undefined || blueprint.name.includes('.')) return {};
  const plain = registrations.every((r) => r.onApp && !r.options);
  const found: Pick<ResolvedRoute, 'endpoint' | 'rule'> = {};
  // Flask refuses a dot in a blueprint's endpoint.
  if (plain && route.endpoint && !route.endpoint.includes('.')) found.endpoint = `${blueprint.name}.${route.endpoint}`;
  const only = registrations.length === 1 && plain ? registrations[0]! : undefined;
  if (!only || route.rule === undefined) return found;
  // The registration's prefix wins over the constructor's; null: one is given but is no literal.
  const prefix = only.urlPrefix !== undefined ? only.urlPrefix : blueprint.urlPrefix;
  if (prefix !== null) found.rule = joinRule(prefix ?? '', route.rule);
  return found;
}

/** The project's routes whose URL is known, matched against paths. */
export class UrlTable {
  private readonly bySegment: RulesBySegment<{ parsed: ParsedRule; target: UrlTarget }>;

  constructor(
    routes: readonly ResolvedRoute[],
    private readonly apps: number,
  ) {
    const entries: { parsed: ParsedRule; target: UrlTarget }[] = [];
    for (const { path, rule, endpoint, buildable } of routes) {
      const parsed = rule === undefined ? undefined : parseRule(rule);
      if (parsed) entries.push({ parsed, target: { path, rule: parsed.rule, ...(endpoint !== undefined ? { endpoint } : {}), buildable } });
    }
    this.bySegment = new RulesBySegment(entries);
  }

  answer(url: string): UrlAnswer {
    return { targets: this.bySegment.matching(url).map((entry) => entry.target), apps: this.apps };
  }
}
