import { readdirSync, readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_MODULE_BYTES, type DocumentPlace, type ProjectLister, type ProjectReader } from '../engine';

/**
 * Reads project files from disk for the engine (the CLI, the language server's worker). The
 * project root is where the asking document sits minus its project path; a file that is missing,
 * too large or not UTF-8 reads as undefined.
 */
export const diskReader: ProjectReader = (path, from) => {
  const root = rootFolder(from);
  if (root === undefined) return undefined;
  const target = root + path;
  try {
    if (statSync(target).size > MAX_MODULE_BYTES) return undefined;
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(target));
  } catch {
    return undefined;
  }
};

/**
 * The disk as `--diff` would leave it after `--fix`: modules whose fixed text is given (by absolute
 * `/`-separated path) read as fixed, so a Dockerfile's fix sees the module it runs as `--fix` would.
 */
export function overlaidReader(fixed: ReadonlyMap<string, string>): ProjectReader {
  return (path, from) => {
    const root = rootFolder(from);
    return (root === undefined ? undefined : fixed.get(root + path)) ?? diskReader(path, from);
  };
}

/** Files one listing returns at most: a template folder is small; past this, the host cannot say it saw them all. */
const MAX_LISTED_FILES = 5000;

/** Lists the files under a folder of the project, recursively, as paths from the root; undefined when the folder cannot be read whole. */
export const diskLister: ProjectLister = (folder, from) => {
  const root = rootFolder(from);
  if (root === undefined) return undefined;
  const found: string[] = [];
  const walk = (relative: string): boolean => {
    let entries;
    try {
      entries = readdirSync(root + relative, { withFileTypes: true });
    } catch (error) {
      // A folder that does not exist holds no file; one that cannot be read may.
      return (error as NodeJS.ErrnoException).code === 'ENOENT' && relative === folder;
    }
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory() ? !walk(path) : entry.isFile() && found.push(path) > MAX_LISTED_FILES) return false;
    }
    return true;
  };
  return walk(folder) ? found : undefined;
};

/** The project root of a document on disk (`/`-separated, ending in `/`), or undefined when it is not a file. */
function rootFolder(from: DocumentPlace): string | undefined {
  const file = from.location.startsWith('file:') ? fileURLToPath(from.location) : from.location.includes('://') ? undefined : from.location;
  if (file === undefined) return undefined;
  const location = file.split(sep).join('/');
  if (!location.endsWith(from.path)) return undefined;
  const root = location.slice(0, location.length - from.path.length);
  return root === '' || root.endsWith('/') ? root : undefined;
}
