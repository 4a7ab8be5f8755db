import { closeSync, ftruncateSync, openSync, readdirSync, realpathSync, statSync, writeFileSync, writeSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { fileKindOf } from '../engine';

/** Folders that never hold the project's own code. */
const SKIPPED_DIRS = new Set(['.venv', 'venv', 'node_modules', '.git', '__pycache__', 'build']);

export interface SourceFile {
  path: string;
  /** Named on the command line, rather than found in a folder. */
  named: boolean;
}

/**
 * Expands the command line's paths into the files to check, in a stable order. Files named on the
 * command line are taken whatever their name; folders are walked for `*.py` and the files that
 * start an app (Dockerfiles, Procfiles, Compose files, `*.sh`: engine/files/kinds.ts). Symbolic links
 * are followed, as Ruff does; a folder or file reached twice (through a link, or a link to a
 * parent folder) is taken once, under the path by which the walk first reached it.
 */
export function collectSourceFiles(paths: readonly string[], warn: (message: string) => void): SourceFile[] {
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  const firstVisit = (path: string) => {
    const real = realPath(path);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      warn(`${dir}: cannot be read (${errorCode(error)}); skipped`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const path = join(dir, entry.name);
      const kind = kindOf(entry, path, warn);
      if (kind === 'folder' && firstVisit(path)) walk(path);
      else if (kind === 'file' && fileKindOf(entry.name) && firstVisit(path)) files.push({ path, named: false });
    }
  };
  for (const path of paths) {
    if (!firstVisit(path)) continue;
    if (statSync(path).isDirectory()) walk(path);
    else files.push({ path, named: true });
  }
  return files;
}

/** What a folder entry is, after following a symbolic link; undefined for anything else. */
function kindOf(entry: Dirent, path: string, warn: (message: string) => void): 'folder' | 'file' | undefined {
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : undefined;
  try {
    const target = statSync(path);
    return target.isDirectory() ? 'folder' : target.isFile() ? 'file' : undefined;
  } catch (error) {
    warn(`${path}: a symbolic link that cannot be followed (${errorCode(error)}); skipped`);
    return undefined;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * Rewrites a file in place, as Ruff does, so that a symbolic link, the owner, the mode and
 * hard links stay as they were. A write that fails part-way (a full disk, a file-size limit)
 * puts the original bytes back. Returns why the file was not written, or undefined.
 */
export function rewriteFile(path: string, bytes: Uint8Array, original: Uint8Array): string | undefined {
  let fd: number;
  try {
    // Not 'w': opening must not truncate, so a file that cannot be written stays whole.
    fd = openSync(path, 'r+');
  } catch (error) {
    return `${errorCode(error)}; the file is unchanged`;
  }
  try {
    replaceContents(fd, bytes);
    return undefined;
  } catch (error) {
    try {
      replaceContents(fd, original);
      return `${errorCode(error)}; the file is unchanged`;
    } catch (restoreError) {
      return `${errorCode(error)}, and putting the original back failed too (${errorCode(restoreError)}): the file may be damaged`;
    }
  } finally {
    closeSync(fd);
  }
}

function replaceContents(fd: number, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written, written);
  ftruncateSync(fd, bytes.length);
}

/** Creates a file a fix adds (UTF-8), never over an existing one; the reason when it cannot. */
export function createNewFile(path: string, text: string): string | undefined {
  try {
    writeFileSync(path, text, { encoding: 'utf8', flag: 'wx' });
    return undefined;
  } catch (error) {
    return errorCode(error) === 'EEXIST' ? 'it exists, and a fix never overwrites a file' : errorCode(error);
  }
}
