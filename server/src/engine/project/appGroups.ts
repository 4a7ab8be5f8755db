import type { ModuleFacts } from './facts';

/**
 * Which app each module of the project belongs to, for a repository that builds several apps (a
 * monorepo of services): an endpoint or an error format of one app says nothing of another's.
 * A module belongs to the app built in the deepest folder above it (a package's `__init__.py`
 * builds it for its package, `app.py` for its folder); a module that builds an app belongs to
 * it. Modules under no app's folder, or under a folder where several apps are built, belong to
 * none for certain.
 */
export interface AppGroups {
  /** How many `Flask(...)` calls the project makes. */
  readonly apps: number;
  /**
   * The app the module at `path` belongs to, named by the path of the module that builds it;
   * undefined when that is not certain. With one app or none, every module is the same app ('').
   */
  appOf(path: string): string | undefined;
}

export function appGroupsOf(modules: Iterable<ModuleFacts>): AppGroups {
  /** Per folder, the modules that build an app there, and how many apps they build in all. */
  const builders = new Map<string, { paths: string[]; apps: number }>();
  const built = new Map<string, number>();
  let apps = 0;
  for (const { path, appConstructions } of modules) {
    if (appConstructions === 0) continue;
    apps += appConstructions;
    built.set(path, appConstructions);
    const folder = folderOf(path);
    const here = builders.get(folder) ?? { paths: [], apps: 0 };
    here.paths.push(path);
    here.apps += appConstructions;
    builders.set(folder, here);
  }
  if (apps <= 1) return { apps, appOf: () => '' };
  const found = new Map<string, string | undefined>();
  const appOf = (path: string): string | undefined => {
    // A module building two apps may register its routes on either.
    const own = built.get(path);
    if (own !== undefined) return own === 1 ? path : undefined;
    for (let folder: string | undefined = folderOf(path); folder !== undefined; folder = parentOf(folder)) {
      const here = builders.get(folder);
      if (here) return here.apps === 1 ? here.paths[0] : undefined;
    }
    return undefined;
  };
  return {
    apps,
    appOf: (path) => {
      if (!found.has(path)) found.set(path, appOf(path));
      return found.get(path);
    },
  };
}

/** `a/b/c.py` → `a/b`; '' for a module at the root. */
function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** `a/b` → `a`, `a` → '', and the root has none. */
function parentOf(folder: string): string | undefined {
  return folder === '' ? undefined : folderOf(folder);
}
