import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * Which files of a workspace folder belong to the project: its Python modules, without
 * dependencies, build output, virtualenvs and what `.gitignore` files leave out. Paths are
 * relative to the folder and `/`-separated, as the engine's project index takes them.
 */

/** Folders that never hold the project's own code. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', 'build', 'dist', 'site-packages']);

const PYTHON_FILE = /\.py$/;

export class WorkspaceFilter {
  /** Per folder (relative, '' for the root): its `.gitignore` rules, or null when it has none. */
  private readonly gitignores = new Map<string, Ignore | null>();
  private readonly virtualenvs = new Map<string, boolean>();

  constructor(readonly root: string) {}

  /** True when `path` is a Python file of the project (for files that appear after the walk). */
  accepts(path: string): boolean {
    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
      if (!this.acceptsFolder(segments.slice(0, depth).join('/'))) return false;
    }
    return this.acceptsFile(path);
  }

  /** True for a Python file that no `.gitignore` leaves out, its folders aside. */
  acceptsFile(path: string): boolean {
    return PYTHON_FILE.test(path) && !this.ignoredByGit(path, false);
  }

  /** True when the walk enters the folder at `path` (relative to the root, not ''). */
  acceptsFolder(path: string): boolean {
    const name = path.slice(path.lastIndexOf('/') + 1);
    return !SKIPPED_DIRS.has(name) && !this.isVirtualenv(path) && !this.ignoredByGit(path, true);
  }

  /** A virtualenv made under any name holds `pyvenv.cfg` at its top. */
  private isVirtualenv(path: string): boolean {
    let known = this.virtualenvs.get(path);
    if (known === undefined) this.virtualenvs.set(path, (known = existsSync(join(this.root, path, 'pyvenv.cfg'))));
    return known;
  }

  /** Each `.gitignore` from the root down to the entry's folder decides for the paths below it. */
  private ignoredByGit(path: string, folder: boolean): boolean {
    const segments = path.split('/');
    for (let depth = 0; depth < segments.length; depth++) {
      const base = segments.slice(0, depth).join('/');
      const rules = this.gitignoreOf(base);
      const below = segments.slice(depth).join('/');
      if (rules?.ignores(folder ? `${below}/` : below)) return true;
    }
    return false;
  }

  private gitignoreOf(folder: string): Ignore | null {
    let rules = this.gitignores.get(folder);
    if (rules === undefined) {
      try {
        rules = ignore().add(readFileSync(join(this.root, folder, '.gitignore'), 'utf8'));
      } catch {
        rules = null;
      }
      this.gitignores.set(folder, rules);
    }
    return rules;
  }
}

/**
 * The Python files of the project under `filter.root`, in a stable order, at most `limit` of them;
 * `more` tells whether the walk stopped at the limit. Reads folders asynchronously, so the language
 * server's thread stays free. Symbolic links to folders are not followed: they often lead out of
 * the project (a virtualenv, a shared library).
 */
export async function listPythonFiles(filter: WorkspaceFilter, limit: number): Promise<{ paths: string[]; more: boolean }> {
  const paths: string[] = [];
  const folders = [''];
  while (folders.length > 0) {
    const folder = folders.shift()!;
    let entries;
    try {
      entries = await readdir(join(filter.root, folder), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (filter.acceptsFolder(path)) folders.push(path);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && filter.acceptsFile(path)) {
        if (paths.length === limit) return { paths, more: true };
        paths.push(path);
      }
    }
  }
  return { paths, more: false };
}
