import { FlaskModel } from '../model';
import type { DocumentPlace } from '../projectFiles';
import type { Tree } from 'web-tree-sitter';
import { isTestModule } from '../testCode';
import { loadedModules, moduleFactsOf, type ModuleFacts } from './facts';
import { absoluteName, isPackageInit, moduleNamesOf } from './moduleNames';
import { ProjectIndex } from './projectIndex';

/**
 * The project indexes of a workspace, one per project root (each folder of a multi-root
 * workspace is a project). A root exists once a host indexes a file under it; documents outside
 * every indexed root are analysed alone, as before.
 */
export class Projects {
  private readonly byRoot = new Map<string, ProjectIndex>();

  /** The index of the project holding `place`; created when `create`. */
  indexOf(place: DocumentPlace, create = false): ProjectIndex | undefined {
    const root = rootOf(place);
    if (root === undefined) return undefined;
    let index = this.byRoot.get(root);
    if (!index && create) this.byRoot.set(root, (index = new ProjectIndex()));
    return index;
  }

  /** Sum of every index's generation: changes whenever any module's facts change. */
  get generation(): number {
    let sum = 0;
    for (const index of this.byRoot.values()) sum += index.generation;
    return sum;
  }

  /**
   * Reads the facts of the module at `place` from its tree and stores them; true when they
   * changed. Test modules are not part of the application (testCode.ts) and are left out.
   */
  update(place: DocumentPlace, tree: Tree, text: string): boolean {
    const index = this.indexOf(place, true)!;
    if (!/\.pyi?$/.test(place.path)) return index.delete(place.path);
    const module = moduleNamesOf(place.path)[0] ?? '';
    const packageInit = isPackageInit(place.path);
    const absolute = (written: string) => (module ? absoluteName(written, module, packageInit) : written.startsWith('.') ? undefined : written);
    if (isTestModule(place.path)) {
      const changed = index.delete(place.path);
      index.noteTestModule(place.path, loadedModules({ root: tree.rootNode, text }, absolute));
      return changed;
    }
    const model = new FlaskModel(tree.rootNode, text, index.viewFrom(place.path));
    return index.set(moduleFactsOf(model, place.path, module, absolute));
  }

  /**
   * Every project's facts, as plain data: what a host hands to another engine (the CLI's worker
   * threads), so the modules are read and parsed once, not once per thread.
   */
  snapshot(): ProjectSnapshot[] {
    return [...this.byRoot].map(([root, index]) => ({ root, complete: index.complete, modules: [...index.allFacts()], testModules: index.testModuleImports() }));
  }

  /** Loads what {@link snapshot} gave, into this engine's indexes. */
  load(snapshots: readonly ProjectSnapshot[]): void {
    for (const { root, complete, modules, testModules } of snapshots) {
      let index = this.byRoot.get(root);
      if (!index) this.byRoot.set(root, (index = new ProjectIndex()));
      for (const facts of modules) index.set(facts);
      for (const { path, importedModules } of testModules) index.noteTestModule(path, importedModules);
      index.complete = complete;
    }
  }

  forget(place: DocumentPlace): boolean {
    return this.indexOf(place)?.delete(place.path) ?? false;
  }
}

/** One project's facts as plain data (see {@link Projects.snapshot}). */
export interface ProjectSnapshot {
  root: string;
  complete: boolean;
  modules: ModuleFacts[];
  /** Test modules: no facts, but renames reach them, and what they import counts (projectIndex.ts `noteTestModule`). */
  testModules: { path: string; importedModules: readonly string[] }[];
}

/** Where a document's project starts: its location minus its project path (`file:///w/` for `file:///w/app/x.py` at `app/x.py`). */
export function rootOf(place: DocumentPlace): string | undefined {
  const location = decoded(place.location).replace(/\\/g, '/');
  const path = place.path.replace(/^\.\//, '');
  if (!path || !location.endsWith(path)) return undefined;
  return location.slice(0, location.length - path.length);
}

function decoded(location: string): string {
  try {
    return decodeURIComponent(location);
  } catch {
    return location;
  }
}
