import ignore, { type Ignore } from 'ignore';

/**
 * Which files of a workspace folder belong to the project, for every host: its Python modules,
 * without dependencies, build output, virtualenvs and what `.gitignore` files leave out. Paths are
 * relative to the folder and `/`-separated, as the engine's project index takes them. How a folder
 * is listed and read is the host's: Node walks the disk (host/workspaceFiles.ts), a browser asks
 * the client (browser/clientFolders.ts).
 */

/** A workspace folder's Python files, as the host lists them. */
export interface FolderFiles {
  /** The folder as a person knows it, for messages. */
  readonly label: string;
  /** The project's Python files in {@link walkOrder}, at most `limit`; `more` when some were left out. */
  list(limit: number): Promise<{ paths: string[]; more: boolean }>;
  /** Whether a file that appeared after the listing (a file event) is one of the project's Python files. */
  accepts(path: string): boolean;
  /** A file's URI. */
  location(path: string): string;
}

/** Opens a workspace folder by its URI; undefined where the host cannot list it. */
export type OpenFolder = (uri: string) => FolderFiles | undefined;

/** What the filter reads of a folder, synchronously: a Node host from the disk, a browser from what its listing fetched. */
export interface FolderProbe {
  /** The text of a file (by relative path), or undefined when there is none. */
  read(path: string): string | undefined;
  exists(path: string): boolean;
}

/** Folders that never hold the project's own code. */
export const SKIPPED_DIRS: readonly string[] = ['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', 'build', 'dist', 'site-packages'];
const SKIPPED = new Set(SKIPPED_DIRS);

const PYTHON_FILE = /\.py$/;

export class WorkspaceFilter {
  /** Per folder (relative, '' for the root): its `.gitignore` rules, or null when it has none. */
  private readonly gitignores = new Map<string, Ignore | null>();
  private readonly virtualenvs = new Map<string, boolean>();

  constructor(private readonly probe: FolderProbe) {}

  /** True when `path` is a Python file of the project, its folders included. */
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
    return !SKIPPED.has(name) && !this.isVirtualenv(path) && !this.ignoredByGit(path, true);
  }

  /** A virtualenv made under any name holds `pyvenv.cfg` at its top. */
  private isVirtualenv(path: string): boolean {
    let known = this.virtualenvs.get(path);
    if (known === undefined) this.virtualenvs.set(path, (known = this.probe.exists(`${path}/pyvenv.cfg`)));
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
      const text = this.probe.read(folder ? `${folder}/.gitignore` : '.gitignore');
      rules = text === undefined ? null : ignore().add(text);
      this.gitignores.set(folder, rules);
    }
    return rules;
  }
}

/**
 * The order a folder is walked in, breadth first and by name (as the Node host walks the disk):
 * shallower files first, then by their folders' names and their own, segment by segment. A
 * listing that is cut at the limit keeps the same files on every host.
 */
export function walkOrder(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  if (left.length !== right.length) return left.length - right.length;
  for (let i = 0; i < left.length; i++) {
    if (left[i] !== right[i]) return left[i]! < right[i]! ? -1 : 1;
  }
  return 0;
}
