import { factsKey, type ModuleFacts, type NameKind } from './facts';
import { movesBlueprint, registrationsByBlueprint, resolveRoutes, UrlTable, type ResolvedRoute, type UrlAnswer } from './projectRoutes';
import { absoluteName, isPackageInit, moduleNamesOf } from './moduleNames';
import { appGroupsOf, type AppGroups } from './appGroups';
import { contextsOfLoading } from './loadedInContext';
import type { FlaskContextKind } from '../contextPushes';

/** Re-exports followed before a name is given up on (`from .app import app` in `__init__`, and so on). */
const MAX_HOPS = 8;

/** What one module's analysis may ask of the project: what an imported dotted name is. */
export interface ProjectView {
  /** `written`: a dotted name as an import of this module spells it (relative ones keep their dots). */
  kindOf(written: string): NameKind | undefined;
  /** The whole index, for module-wide checks (checkModule): their findings are made again whenever the project changes. */
  readonly index?: ProjectIndex;
  /** This module's path in the project. */
  readonly path?: string;
  /** A written dotted name made absolute from this module (`.extensions.db` → `app.extensions.db`). */
  absolute?(written: string): string | undefined;
  /** The routes of this module's app a URL path reaches (FLK504): recorded like `kindOf`, so findings made under it are kept only while it holds. */
  urlTargets?(url: string): UrlAnswer;
  /** Whether the project registers this module's blueprint `name` so that its URLs or endpoints are not its constructor's (projectRoutes.ts movesBlueprint): recorded like `kindOf`. */
  blueprintMoved?(name: string): boolean;
  /** Whether another module loads this one as an app's config by name (`app.config.from_object("pkg.settings")`): recorded like `kindOf`. */
  loadedAsConfig?(): boolean;
  /** The context another module's import of this one runs it in (`with app.app_context(): from .views import bp`), at any remove: recorded like `kindOf`. */
  loadedInContext?(): FlaskContextKind | undefined;
  /** Whether a folder of the project (`app/services`, '' for the root) is a package, undefined when the index cannot tell: recorded like `kindOf`. */
  isPackage?(folder: string): boolean | undefined;
  /** Whether a module under a folder of the project declares routes or makes a blueprint: recorded like `kindOf`. */
  holdsViews?(folder: string): boolean;
}

/**
 * The project's modules and what each tells the others (facts.ts), by path relative to the
 * project root. Pure data in, answers out: hosts hand it files, it never reads one. A module's
 * facts are replaced as a whole when its text changes; answers are computed on demand from them.
 */
export class ProjectIndex {
  private readonly modules = new Map<string, { facts: ModuleFacts; key: string }>();
  private readonly pathsByModule = new Map<string, string>();
  /** Test modules by path, with the modules each may load (facts.ts `loadedModules`). */
  private readonly tests = new Map<string, readonly string[]>();
  /** Bumped whenever any module's facts change. */
  generation = 0;
  /** Per app (appGroups.ts), how many error payloads carry each key. */
  private errorKeys?: { generation: number; keys: Map<string, string> };
  /** Which app each module belongs to, made again when the generation moves. */
  private appGroupsCache: { generation: number; groups: AppGroups } | undefined;
  /** Set by a host that has indexed every Python file of the project (the CLI run from its root): what the index lacks is not there. */
  complete = false;
  /** The route table, made again when the generation moves. */
  private routeCache: { generation: number; routes: ResolvedRoute[]; urls: UrlTable; moved: Set<string> } | undefined;
  /** The dotted names modules load as config (`from_object("pkg.settings")`), gathered again when the generation moves. */
  private configCache: { generation: number; names: Set<string> } | undefined;
  /** The context each module is loaded in, by dotted name (loadedInContext.ts), made again when the generation moves. */
  private contextCache: { generation: number; contexts: Map<string, FlaskContextKind> } | undefined;
  /** The folders that hold a module of views, at any depth, gathered again when the generation moves. */
  private viewFoldersCache: { generation: number; folders: Set<string> } | undefined;

  /** Stores a module's facts; false when they say what they said before (nothing depends on the change). */
  set(facts: ModuleFacts): boolean {
    const key = factsKey(facts);
    const previous = this.modules.get(facts.path);
    if (previous?.key === key) {
      previous.facts = facts;
      return false;
    }
    this.modules.set(facts.path, { facts, key });
    for (const name of moduleNamesOf(facts.path)) this.pathsByModule.set(name, facts.path);
    this.generation++;
    return true;
  }

  delete(path: string): boolean {
    this.tests.delete(path);
    if (!this.modules.delete(path)) return false;
    for (const name of moduleNamesOf(path)) if (this.pathsByModule.get(name) === path) this.pathsByModule.delete(name);
    this.generation++;
    return true;
  }

  /**
   * Notes a test module of the project: no facts, but a fix that renames endpoints updates it too,
   * and one that moves names out of a module's scope must know what it imports.
   */
  noteTestModule(path: string, importedModules: readonly string[] = []): void {
    this.tests.set(path, importedModules);
  }

  /** The project's test modules (testCode.ts), by path. */
  testModules(): string[] {
    return [...this.tests.keys()];
  }

  /** The test modules with the modules each may load, as plain data. */
  testModuleImports(): { path: string; importedModules: readonly string[] }[] {
    return [...this.tests].map(([path, importedModules]) => ({ path, importedModules }));
  }

  /** The first module of the project, test modules included, that may import the dotted name `name` (`from app import rev` imports `app.rev`). */
  importerOf(name: string, except: string): string | undefined {
    for (const { facts } of this.modules.values()) if (facts.path !== except && facts.importedModules.includes(name)) return facts.path;
    for (const [path, imported] of this.tests) if (path !== except && imported.includes(name)) return path;
    return undefined;
  }

  has(path: string): boolean {
    return this.modules.has(path);
  }

  get size(): number {
    return this.modules.size;
  }

  facts(path: string): ModuleFacts | undefined {
    return this.modules.get(path)?.facts;
  }

  *allFacts(): IterableIterator<ModuleFacts> {
    for (const entry of this.modules.values()) yield entry.facts;
  }

  /** How the module at `path` sees the project. */
  viewFrom(path: string): ProjectView {
    const module = moduleNamesOf(path)[0] ?? '';
    const packageInit = isPackageInit(path);
    const absolute = (written: string) => (module ? absoluteName(written, module, packageInit) : written.startsWith('.') ? undefined : written);
    return {
      kindOf: (written) => {
        const name = absolute(written);
        return name === undefined ? undefined : this.kindOf(name);
      },
      index: this,
      path,
      absolute,
      urlTargets: (url) => this.urlTargets(url, path),
      blueprintMoved: (name) => this.routeTable().moved.has(`${path}:${name}`),
      loadedAsConfig: () => this.loadedAsConfig(path),
      loadedInContext: () => this.loadedInContext(path),
      isPackage: (folder) => this.isPackage(folder),
      holdsViews: (folder) => this.holdsViews(folder),
    };
  }

  /**
   * Whether a folder (`app/services`, '' for the root) holds an `__init__.py`. An index that has
   * not read every module of the project (a CLI run on named files) cannot tell that it does not.
   */
  isPackage(folder: string): boolean | undefined {
    if (this.modules.has(folder ? `${folder}/__init__.py` : '__init__.py')) return true;
    return this.complete ? false : undefined;
  }

  /** Whether a module under `folder`, at any depth, declares routes or makes a blueprint at module level. */
  holdsViews(folder: string): boolean {
    if (this.viewFoldersCache?.generation !== this.generation) {
      const folders = new Set<string>();
      for (const { facts } of this.modules.values()) {
        const views = facts.routes.length > 0 || facts.resources.length > 0 || Object.values(facts.defines).some((fact) => fact.kind === 'blueprint');
        if (!views) continue;
        const parts = facts.path.split('/').slice(0, -1);
        for (let depth = 1; depth <= parts.length; depth++) folders.add(parts.slice(0, depth).join('/'));
      }
      this.viewFoldersCache = { generation: this.generation, folders };
    }
    return this.viewFoldersCache.folders.has(folder);
  }

  /**
   * Whether a module of the project loads the module at `path` as an app's config by its dotted
   * name. The module itself need not be indexed yet: an open document is analysed before it is.
   */
  loadedAsConfig(path: string): boolean {
    if (this.configCache?.generation !== this.generation) {
      const names = new Set<string>();
      for (const { facts } of this.modules.values()) for (const name of facts.configModules) names.add(name);
      this.configCache = { generation: this.generation, names };
    }
    const { names } = this.configCache;
    return names.size > 0 && moduleNamesOf(path).some((name) => names.has(name));
  }

  /**
   * The context the module at `path` is loaded in when another module imports it inside a `with`
   * that opens one, or imports it from a module so loaded; undefined when none does. Like
   * {@link loadedAsConfig}, the module need not be indexed yet.
   */
  loadedInContext(path: string): FlaskContextKind | undefined {
    if (this.contextCache?.generation !== this.generation) {
      const facts = (name: string) => {
        const at = this.pathsByModule.get(name);
        return at === undefined ? undefined : this.modules.get(at)?.facts;
      };
      this.contextCache = { generation: this.generation, contexts: contextsOfLoading(this.allFacts(), facts) };
    }
    const { contexts } = this.contextCache;
    if (contexts.size === 0) return undefined;
    const found = moduleNamesOf(path).map((name) => contexts.get(name));
    return found.includes('request') ? 'request' : found.find((context) => context !== undefined);
  }

  /** What an absolute dotted name (`app.extensions.db`) is, following imports and factory calls across modules. */
  kindOf(name: string, hops = 0): NameKind | undefined {
    if (hops > MAX_HOPS) return undefined;
    const split = this.split(name);
    if (!split) return undefined;
    const { facts, attribute } = split;
    const defined = facts.defines[attribute];
    if (defined) return defined.kind;
    const imported = facts.imports[attribute];
    if (imported) return this.kindOf(imported, hops + 1);
    const callee = facts.calls[attribute];
    if (callee && this.kindOf(callee, hops + 1) === 'factory') return 'app';
    return undefined;
  }

  /**
   * What the module at `path` depends on: the kind of each name it imports from the project. Its
   * findings stay valid while this key does not change, whatever else changes in other modules.
   */
  dependencyKey(path: string): string {
    const facts = this.modules.get(path)?.facts;
    if (!facts) return '';
    const view = this.viewFrom(path);
    const parts: string[] = [];
    for (const [name, target] of Object.entries(facts.imports)) {
      const kind = view.kindOf(target);
      if (kind) parts.push(`${name}=${kind}`);
    }
    for (const [name, callee] of Object.entries(facts.calls)) {
      if (view.kindOf(callee) === 'factory') parts.push(`${name}()=app`);
    }
    // Module-wide checks over the whole project: a module that builds an app (FLK203, FLK204) reads
    // every route, so any change counts (few modules build one); one with error payloads (FLK303) reads their keys.
    if (facts.constructsApp) parts.push(`project@${this.generation}`);
    if (facts.errorPayloads.length > 0) parts.push(`errorKeys=${this.errorKeyCounts(path)}`);
    if (this.loadedAsConfig(path)) parts.push('loaded as config');
    const context = this.loadedInContext(path);
    if (context) parts.push(`loaded in ${context} context`);
    return parts.sort().join(',');
  }

  /**
   * How many error payloads of the app the module at `path` belongs to carry each key, with the
   * app (`app/__init__.py:error=3;message=1`), counted once per generation; FLK303 compares no others.
   */
  private errorKeyCounts(path: string): string {
    if (this.errorKeys?.generation !== this.generation) {
      const counts = new Map<string, Map<string, number>>();
      for (const { facts } of this.modules.values()) {
        const app = this.appOf(facts.path);
        if (app === undefined || facts.errorPayloads.length === 0) continue;
        const ofApp = counts.get(app) ?? new Map<string, number>();
        counts.set(app, ofApp);
        for (const payload of facts.errorPayloads) for (const key of new Set(payload.keys.map((k) => k.name))) ofApp.set(key, (ofApp.get(key) ?? 0) + 1);
      }
      const keys = new Map([...counts].map(([app, ofApp]) => [app, [...ofApp].map(([name, count]) => `${name}=${count}`).sort().join(';')]));
      this.errorKeys = { generation: this.generation, keys };
    }
    const app = this.appOf(path);
    return app === undefined ? 'no app for certain' : `${app}:${this.errorKeys.keys.get(app) ?? ''}`;
  }

  /**
   * The app the module at `path` belongs to (appGroups.ts): '' for every module when the project
   * builds one app or none, undefined when it builds several and which one is not certain.
   */
  appOf(path: string): string | undefined {
    return this.appGroups().appOf(path);
  }

  private appGroups(): AppGroups {
    if (this.appGroupsCache?.generation !== this.generation) this.appGroupsCache = { generation: this.generation, groups: appGroupsOf(this.allFacts()) };
    return this.appGroupsCache.groups;
  }

  /** Every route of the project, with blueprint endpoints and prefixes resolved where the project shows them (projectRoutes.ts). */
  routes(): ResolvedRoute[] {
    return this.routeTable().routes;
  }

  /**
   * The routes of the project whose rule `url` matches, for a redirect's path (FLK504); asked
   * from the module at `from`, only those of its app: another app's endpoint is no URL `url_for` builds there.
   */
  urlTargets(url: string, from?: string): UrlAnswer {
    const answer = this.routeTable().urls.answer(url);
    if (from === undefined || answer.apps <= 1) return answer;
    const app = this.appOf(from);
    return { ...answer, targets: app === undefined ? [] : answer.targets.filter((target) => this.appOf(target.path) === app) };
  }

  private routeTable(): { routes: ResolvedRoute[]; urls: UrlTable; moved: Set<string> } {
    if (this.routeCache?.generation !== this.generation) {
      const modules = [...this.allFacts()];
      const definition = (name: string) => this.definition(name);
      const registrations = registrationsByBlueprint(modules, definition);
      const routes = resolveRoutes(modules, definition, registrations);
      const moved = new Set([...registrations].filter(([, made]) => movesBlueprint(made)).map(([key]) => key));
      this.routeCache = { generation: this.generation, routes, urls: new UrlTable(routes, this.appGroups().apps), moved };
    }
    return this.routeCache;
  }

  /** The path of the project's module with this dotted name. */
  pathOf(module: string): string | undefined {
    return this.pathsByModule.get(module);
  }

  /** True when loading the module at `from` loads the one at `to`, through the project's imports (at any depth in each module). */
  importsReach(from: string, to: string): boolean {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length > 0) {
      const facts = this.modules.get(queue.shift()!)?.facts;
      for (const module of facts?.importedModules ?? []) {
        const path = this.pathsByModule.get(module);
        if (path === to) return true;
        if (path !== undefined && !seen.has(path)) {
          seen.add(path);
          queue.push(path);
        }
      }
    }
    return false;
  }

  /** The module and name where a dotted name is finally defined, following imports. */
  definition(name: string, hops = 0): { facts: ModuleFacts; attribute: string } | undefined {
    if (hops > MAX_HOPS) return undefined;
    const split = this.split(name);
    if (!split) return undefined;
    const imported = split.facts.imports[split.attribute];
    if (imported && !split.facts.defines[split.attribute]) return this.definition(imported, hops + 1);
    return split;
  }

  /** `pkg.mod.name` → the module `pkg.mod` of the project and `name`. */
  private split(name: string): { facts: ModuleFacts; attribute: string } | undefined {
    const dot = name.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const path = this.pathsByModule.get(name.slice(0, dot));
    const facts = path === undefined ? undefined : this.modules.get(path)?.facts;
    return facts ? { facts, attribute: name.slice(dot + 1) } : undefined;
  }
}
