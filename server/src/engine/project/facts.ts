import type { Node } from 'web-tree-sitter';
import type { FlaskModel } from '../model';
import type { OffsetRange } from '../positions';
import type { RouteOwner } from '../summaries';
import { callArguments, keywordArgument, positionalArguments, stringLiteralValue, undecorated } from '../syntax';
import { HEALTH_PATH_LITERAL, isHealthView } from '../healthChecks';
import { handledErrors, viewAnswers, type ViewAnswers } from './errorFacts';
import { errorPayloadsOf, type ErrorPayload } from './errorPayloads';
import { importedModules, importStatements } from './imports';
import { contextImportsOf } from './contextImports';
import type { FlaskContextKind } from '../contextPushes';
import { onlyForTypeCheckers } from '../typeChecking';

/**
 * What one module tells the rest of the project: plain data, read once per version of the file
 * and kept by the project index (projectIndex.ts), so other modules never parse it again.
 */

/** What a module-level name is, as far as other modules care. */
export type NameKind = 'app' | 'factory' | 'blueprint' | 'extension';

export interface NameFact {
  kind: NameKind;
  /**
   * A blueprint's name (its first argument) and `url_prefix`, when literals; null when not one.
   * `opaque`: the constructor gives what changes its URLs or endpoints unseen (`subdomain`, `url_defaults`, a splat).
   */
  blueprint?: { name?: string; urlPrefix?: string | null; opaque?: true };
  /** An extension's class, qualified (`flask_sqlalchemy.SQLAlchemy`). */
  extension?: string;
}

export interface ProjectRoute {
  /** The decorator or `add_url_rule` call, in the module's text. */
  range: OffsetRange;
  rule?: string;
  methods?: string[];
  /** The endpoint as the module gives it: `endpoint=`, else `as_view`'s name, else the view's name (no blueprint prefix); absent when computed. */
  endpoint?: string;
  view?: string;
  /** An `add_url_rule` call without a view: it maps the URL to an endpoint and declares no view. */
  viewless?: true;
  /** Keyword arguments besides the rule, endpoint, methods and view (`defaults`, `subdomain`...), `*`/`**` for splats. */
  options?: string[];
  ownerKind: RouteOwner;
  /** The owner as a dotted name other modules can resolve (`app.views.bp`), when it is a module-level or imported name. */
  owner?: string;
}

export interface BlueprintRegistration {
  range: OffsetRange;
  /** The blueprint, as a dotted name (`app.views.bp`), when it is one. */
  blueprint?: string;
  /** `url_prefix=` given to `register_blueprint`: a literal, or null when it is not one. */
  urlPrefix?: string | null;
  /** Whether the call is made on an app (not on a blueprint nesting another). */
  onApp: boolean;
  /** Other keyword arguments (`name`, `subdomain`, `url_defaults`...), `*`/`**` for splats. */
  options?: string[];
}

/** `api.add_resource(Resource, "/path", ...)` on a Flask-RESTful or flask-restx `Api`: a route the decorators do not show. */
export interface ProjectResource {
  range: OffsetRange;
  /** `endpoint=` when a literal, else the resource class's name lowercased (Flask-RESTful's default). */
  endpoint?: string;
}

export interface ModuleFacts {
  path: string;
  /** The module's dotted name (the first of {@link moduleNamesOf}), '' for a file that is no module. */
  module: string;
  /** Module-level names this module binds to something Flask. */
  defines: Record<string, NameFact>;
  /** Module-level names bound by import, as absolute dotted names (relative imports resolved). */
  imports: Record<string, string>;
  /** Module-level names bound to a call of another name (`app = build()`): the callee, dotted; an app when the callee is a project factory. */
  calls: Record<string, string>;
  routes: ProjectRoute[];
  registrations: BlueprintRegistration[];
  /** Modules this one may import, anywhere in it (absolute, sorted): `from a import b` may load `a` and `a.b`. */
  importedModules: string[];
  /** How many `Flask(...)` calls the module makes: one app in the whole project makes every endpoint its own. */
  appConstructions: number;
  /** A string literal that looks like a health-check path (`"/healthz"`, `'/ping'`): a route the index may not see (`add_resource`). */
  mentionsHealthPath: boolean;
  /** Status codes ('404', '500') the module's app-wide error handlers cover, and UNREAD_ERROR for a handler whose error it cannot read (errorFacts.ts). */
  handledErrors: string[];
  /** Whether its views return JSON, and whether they render templates (health checks aside). */
  views: ViewAnswers;
  /** The module calls `Flask(...)` somewhere (at module level or in a factory). */
  constructsApp: boolean;
  resources: ProjectResource[];
  /** JSON bodies the module answers errors with (FLK303), with their keys. */
  errorPayloads: ErrorPayload[];
  /** Dotted names the module loads as an app's config, `app.config.from_object("pkg.settings")` (a module's or a class's). */
  configModules: string[];
  /** Modules it imports inside a `with` that opens an app or request context, with that context (contextImports.ts). */
  contextImports: Record<string, FlaskContextKind>;
}

/** The modules a module may load, anywhere in it (absolute, sorted): `from a import b` may load `a` and `a.b`. */
export function loadedModules(
  module: Pick<FlaskModel, 'root' | 'text'>,
  absolute: (written: string) => string | undefined,
  /** Imports that load nothing when Python runs the module (those under `if TYPE_CHECKING:`). */
  skipped: (statement: Node) => boolean = () => false,
): string[] {
  const loaded = new Set<string>();
  for (const statement of importStatements(module)) {
    if (skipped(statement)) continue;
    for (const written of importedModules(statement)) {
      const name = absolute(written);
      // Loading `a.b.c` loads the packages `a` and `a.b` first.
      if (name) name.split('.').forEach((_, i, parts) => loaded.add(parts.slice(0, i + 1).join('.')));
    }
  }
  return [...loaded].sort();
}

/** Reads a module's facts from its model. `absolute` turns an import's written target into an absolute dotted name. */
export function moduleFactsOf(model: FlaskModel, path: string, module: string, absolute: (written: string) => string | undefined): ModuleFacts {
  const defines: Record<string, NameFact> = {};
  const imports: Record<string, string> = {};
  const calls: Record<string, string> = {};
  const qualified = (expr: Node | null): string | undefined => {
    if (expr?.type === 'identifier') {
      const binding = model.semantic.module.bindings(expr.text).at(-1);
      if (binding && binding.kind !== 'import' && model.semantic.bindingOf(expr) === binding) return module ? `${module}.${expr.text}` : undefined;
    }
    const name = model.qualifiedName(expr);
    return name === undefined ? undefined : absolute(name);
  };

  let functions: Map<string, Node> | undefined;
  // Module-level definitions are bound without their nodes (bindings.ts); found here only when asked.
  const definitions = () => (functions ??= functionDefinitions(model));
  for (const binding of model.semantic.module.all()) {
    const { name } = binding;
    if (binding.kind === 'import') {
      const target = binding.qualifiedName ? absolute(binding.qualifiedName) : undefined;
      if (target) imports[name] = target;
      else delete imports[name];
      delete defines[name];
      delete calls[name];
      continue;
    }
    delete imports[name];
    delete defines[name];
    delete calls[name];
    const value = binding.kind === 'assignment' ? binding.value : undefined;
    if (binding.kind === 'function' && isFactoryDefinition(model, binding.statement ?? definitions().get(name), name)) {
      defines[name] = { kind: 'factory' };
    } else if (value?.type === 'call') {
      const fact = callFact(model, value);
      if (fact) defines[name] = fact;
      else {
        const callee = qualified(value.childForFieldName('function'));
        if (callee) calls[name] = callee;
      }
    }
  }

  const routes = model.routes.map((route): ProjectRoute => {
    const ownerName = route.owner.split('.')[0] === route.owner ? route.owner : undefined;
    const owner = ownerName && model.semantic.module.bindings(ownerName).length > 0 ? ownerOf(ownerName, imports, module) : undefined;
    return {
      range: route.range,
      ...(route.rule !== undefined ? { rule: route.rule } : {}),
      ...(route.methods ? { methods: route.methods } : {}),
      ...(!route.endpointUnknown && (route.endpoint ?? route.asView ?? route.view) ? { endpoint: route.endpoint ?? route.asView ?? route.view } : {}),
      ...(route.view ? { view: route.view } : {}),
      ...(route.viewless ? { viewless: true as const } : {}),
      ...(route.options ? { options: route.options } : {}),
      ownerKind: route.ownerKind,
      ...(owner ? { owner } : {}),
    };
  });
  const apps = appConstructions(model).length;
  return {
    path,
    module,
    defines,
    imports,
    calls,
    routes,
    registrations: registrations(model, qualified),
    importedModules: loadedModules(model, absolute, (statement) => onlyForTypeCheckers(model.semantic, statement)),
    appConstructions: apps,
    mentionsHealthPath: HEALTH_PATH_LITERAL.test(model.text),
    constructsApp: apps > 0,
    resources: resources(model),
    errorPayloads: errorPayloadsOf(model),
    handledErrors: handledErrors(model),
    configModules: model.configModulesByName,
    contextImports: contextImportsOf(model, module, absolute),
    views: model.mayDeclareRoutes ? viewAnswers(model, (view) => isHealthView(model, view)) : { json: false, templates: false },
  };
}


/** Two facts that say the same, positions aside. */
export function factsKey(facts: ModuleFacts): string {
  const positionless = <T extends { range: OffsetRange }>(items: T[]) => items.map(({ range: _r, ...rest }) => rest);
  // Error payloads by their keys' names: moving one changes no other module's findings, only where their related information points.
  const payloadKeys = facts.errorPayloads.map((payload) => payload.keys.map((key) => key.name));
  return JSON.stringify([
    facts.module,
    facts.defines,
    facts.imports,
    facts.calls,
    positionless(facts.routes),
    positionless(facts.registrations),
    facts.importedModules,
    facts.appConstructions,
    facts.mentionsHealthPath,
    positionless(facts.resources),
    payloadKeys,
    facts.handledErrors,
    facts.views,
    facts.configModules,
    facts.contextImports,
  ]);
}

function ownerOf(name: string, imports: Record<string, string>, module: string): string | undefined {
  return imports[name] ?? (module ? `${module}.${name}` : undefined);
}

function callFact(model: FlaskModel, call: Node): NameFact | undefined {
  if (model.isFlaskConstructor(call) || model.isFactoryCall(call)) return { kind: 'app' };
  if (model.isBlueprintConstructor(call)) {
    const name = stringLiteralValue(positionalArguments(call)[0] ?? null);
    const urlPrefix = literalKeyword(call, 'url_prefix');
    const opaque = positionalArguments(call).length > 2 || callArguments(call).some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat') || !!keywordArgument(call, 'subdomain') || !!keywordArgument(call, 'url_defaults');
    return { kind: 'blueprint', blueprint: { ...(name !== undefined ? { name } : {}), ...(urlPrefix !== undefined ? { urlPrefix } : {}), ...(opaque ? { opaque } : {}) } };
  }
  const extension = model.extensionClassOf(call);
  if (extension) return { kind: 'extension', extension: `${extension.module}.${extension.className}` };
  return undefined;
}

/**
 * A module-level function that builds and returns an app: its name says so (`create_app`), or
 * its body calls `Flask(...)` and returns. Read from the text first: most functions never mention Flask.
 */
function isFactoryDefinition(model: FlaskModel, statement: Node | undefined, name: string): boolean {
  if (/^(create|make)_app$/.test(name)) return true;
  if (!statement || !statement.text.includes('Flask')) return false;
  const definition = undecorated(statement);
  const body = definition?.childForFieldName('body');
  if (!body) return false;
  const constructs = body.descendantsOfType('call').some((call) => call !== null && model.isFlaskConstructor(call));
  return constructs && body.descendantsOfType('return_statement').length > 0;
}

/** The module's top-level functions by name (the last of a name). */
function functionDefinitions(model: FlaskModel): Map<string, Node> {
  const found = new Map<string, Node>();
  for (const statement of model.topLevel) {
    const definition = undecorated(statement);
    const name = definition?.type === 'function_definition' ? definition.childForFieldName('name')?.text : undefined;
    if (name) found.set(name, statement);
  }
  return found;
}

const FLASK_CALL = /\bFlask[ \t]*\(/g;

/** The module's first `Flask(...)` call (read from the text, confirmed on the tree). */
export function firstAppConstruction(model: FlaskModel): Node | undefined {
  return appConstructions(model, 1)[0];
}

/** The module's `Flask(...)` calls in source order (read from the text, confirmed on the tree), `limit` at most: where project rules report an app. */
export function appConstructions(model: FlaskModel, limit = Infinity): Node[] {
  const calls: Node[] = [];
  FLASK_CALL.lastIndex = 0;
  for (let match = FLASK_CALL.exec(model.text); match && calls.length < limit; match = FLASK_CALL.exec(model.text)) {
    const call = model.root.descendantForIndex(match.index)?.parent;
    if (call?.type === 'call' && model.isFlaskConstructor(call)) calls.push(call);
  }
  return calls;
}

const ADD_RESOURCE = /\.add_resource[ \t]*\(/g;

/** `api.add_resource(...)` calls on an `Api` the module binds, anywhere in it (a factory adds them). */
function resources(model: FlaskModel): ProjectResource[] {
  const found: ProjectResource[] = [];
  ADD_RESOURCE.lastIndex = 0;
  for (let match = ADD_RESOURCE.exec(model.text); match; match = ADD_RESOURCE.exec(model.text)) {
    const call = model.root.descendantForIndex(match.index + 1)?.parent?.parent;
    const object = call?.type === 'call' ? call.childForFieldName('function')?.childForFieldName('object') : undefined;
    if (!call || !object || model.routeOwnerKind(object) !== 'api') continue;
    const given = literalKeyword(call, 'endpoint');
    const resource = positionalArguments(call)[0];
    const endpoint = given ?? (resource?.type === 'identifier' ? resource.text.toLowerCase() : undefined);
    found.push({ range: { start: call.startIndex, end: call.endIndex }, ...(endpoint ? { endpoint } : {}) });
  }
  return found;
}

const REGISTER = /\.register_blueprint[ \t]*\(/g;

/** `app.register_blueprint(bp, url_prefix=...)` calls, anywhere in the module (a factory registers them). */
export function registrations(model: FlaskModel, qualified: (expr: Node | null) => string | undefined): BlueprintRegistration[] {
  const found: BlueprintRegistration[] = [];
  REGISTER.lastIndex = 0;
  for (let match = REGISTER.exec(model.text); match; match = REGISTER.exec(model.text)) {
    const call = model.root.descendantForIndex(match.index + 1)?.parent?.parent;
    if (call?.type !== 'call') continue;
    const callee = call.childForFieldName('function');
    const blueprint = qualified(positionalArguments(call)[0] ?? null);
    const urlPrefix = literalKeyword(call, 'url_prefix');
    // Anything but the blueprint and `url_prefix` may rename its endpoints or move its URLs (`name=`, `subdomain=`, a splat).
    const options = callArguments(call).slice(1).flatMap((arg) => {
      const name = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : arg.type === 'dictionary_splat' ? '**' : '*';
      return name && name !== 'url_prefix' ? [name] : [];
    });
    found.push({
      range: { start: call.startIndex, end: call.endIndex },
      ...(blueprint ? { blueprint } : {}),
      ...(urlPrefix !== undefined ? { urlPrefix } : {}),
      onApp: model.isAppReference(callee?.childForFieldName('object') ?? null),
      ...(options.length > 0 ? { options } : {}),
    });
  }
  return found;
}

/** A keyword argument's string value; null when it is given but is no literal. */
function literalKeyword(call: Node, name: string): string | null | undefined {
  const argument = keywordArgument(call, name);
  if (!argument) return undefined;
  return stringLiteralValue(argument.childForFieldName('value')) ?? null;
}
