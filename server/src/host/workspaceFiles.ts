import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WorkspaceFilter, type FolderFiles, type FolderProbe } from '../lsp/workspaceFolders';

/** A workspace folder on the disk (file: URIs only): walked with `readdir`, its `.gitignore` files read as the walk needs them. */
export function diskFolder(uri: string): FolderFiles | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const root = fileURLToPath(uri);
  const filter = new WorkspaceFilter(diskProbe(root));
  return {
    label: root,
    list: (limit) => listPythonFiles(root, filter, limit),
    accepts: (path) => filter.accepts(path),
    location: (path) => pathToFileURL(join(root, ...path.split('/'))).href,
  };
}

function diskProbe(root: string): FolderProbe {
  const file = (path: string) => join(root, ...path.split('/'));
  return {
    read(path) {
      try {
        return readFileSync(file(path), 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (path) => existsSync(file(path)),
  };
}

/**
 * The Python files of the project under `root`, breadth first and by name (`walkOrder`), at most
 * `limit` of them; `more` tells whether the walk stopped at the limit. Reads folders
 * asynchronously, so the language server's thread stays free. Symbolic links to folders are not
 * followed: they often lead out of the project (a virtualenv, a shared library).
 */
async function listPythonFiles(root: string, filter: WorkspaceFilter, limit: number): Promise<{ paths: string[]; more: boolean }> {
  const paths: string[] = [];
  const folders = [''];
  while (folders.length > 0) {
    const folder = folders.shift()!;
    let entries;
    try {
      entries = await readdir(join(root, folder), { withFileTypes: true });
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
