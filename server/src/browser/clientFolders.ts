import { SKIPPED_DIRS, walkOrder, WorkspaceFilter, type FolderFiles, type OpenFolder } from '../lsp/workspaceFolders';
import type { ClientFileSystem } from './protocol';

/** Folders the client's search never enters (the filter leaves them out too): dependencies, build output. */
const EXCLUDE = `**/{${SKIPPED_DIRS.join(',')}}/**`;
/** A `.gitignore` larger than this is not read (its rules are ignored). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;
/** How much the search asks for beyond the limit before it stops, when ignored files fill the answers. */
const MAX_OVERSHOOT = 16;

/**
 * Workspace folders listed through the client (`workspace.findFiles`), for the language server in
 * a browser: any URI scheme the editor opened (GitHub repositories, a remote, a local folder).
 * The listing first fetches the folder's `.gitignore` files and finds its virtualenvs, so the
 * filter decides as it does on disk; a `.gitignore` added later is read at the next restart.
 */
export function clientFolders(client: ClientFileSystem): OpenFolder {
  return (uri) => {
    const base = uri.endsWith('/') ? uri : `${uri}/`;
    const location = (path: string) => base + path.split('/').map(encodeURIComponent).join('/');
    const find = (include: string, maxResults?: number) => client.find({ folder: uri, include, exclude: EXCLUDE, maxResults });
    // Until the listing has read the `.gitignore` files, only skipped folders are left out.
    let filter = new WorkspaceFilter({ read: () => undefined, exists: () => false });
    const folder: FolderFiles = {
      label: uri,
      location,
      accepts: (path) => filter.accepts(path),
      async list(limit) {
        const [gitignores, virtualenvs] = await Promise.all([find('**/.gitignore'), find('**/pyvenv.cfg')]);
        const texts = await client.read(gitignores.map(location), MAX_GITIGNORE_BYTES);
        const ignores = new Map(gitignores.map((path, i) => [path, texts[i] ?? undefined]));
        const venvs = new Set(virtualenvs);
        filter = new WorkspaceFilter({ read: (path) => ignores.get(path), exists: (path) => venvs.has(path) });
        // The search cannot apply `.gitignore`: when ignored files use up the answers, it asks for more.
        for (let asked = limit + 1; ; asked *= 4) {
          const found = await find('**/*.py', asked);
          const paths = found.filter((path) => filter.accepts(path)).sort(walkOrder);
          if (paths.length > limit) return { paths: paths.slice(0, limit), more: true };
          const complete = found.length < asked;
          if (complete || asked > MAX_OVERSHOOT * (limit + 1)) return { paths, more: !complete };
        }
      },
    };
    return folder;
  };
}
