import type { ConfigProblem } from '../engine';
import { ConfigurationFinder, type ConfigFiles } from '../host/configurationFinder';
import { folderOf, type ProjectConfiguration } from '../lsp/settingsStore';
import type { ClientFileSystem } from './protocol';

const PYPROJECT = 'pyproject.toml';
const MAX_PYPROJECT_BYTES = 1024 * 1024;

/**
 * pyproject.toml files read through the client, for the language server in a browser. Paths are
 * URIs: the finder walks up from the document to its workspace folder as it walks the disk in
 * Node, over the files fetched for that walk (one request per document, until `invalidate`).
 * Documents outside every folder take the editor's settings.
 */
export function clientConfiguration(client: ClientFileSystem, knownCodes: readonly string[], tell: (problems: ConfigProblem[]) => void): ProjectConfiguration {
  /** Fetched pyproject.toml files by URI: null when there is none. */
  const texts = new Map<string, string | null>();
  /** Moves on each `invalidate`: a fetch that started before it is not kept. */
  let generation = 0;
  const finder = new ConfigurationFinder(knownCodes, tell, uriPaths((file) => texts.get(file) ?? undefined));
  return {
    async settingsFor(uri, roots, editor) {
      const folder = folderOf(uri, roots);
      if (!folder) return editor;
      const root = folder.replace(/\/$/, '');
      if (editor.configurationPreference !== 'editorOnly') {
        const missing = candidates(uri, root).filter((file) => !texts.has(file));
        const started = generation;
        const fetched = missing.length > 0 ? await client.read(missing, MAX_PYPROJECT_BYTES) : [];
        if (started === generation) missing.forEach((file, i) => texts.set(file, fetched[i] ?? null));
      }
      return finder.settingsFor(uri, root, editor).settings;
    },
    invalidate() {
      generation++;
      texts.clear();
      finder.invalidate();
    },
  };
}

/** The pyproject.toml the finder may read for `uri`: in each folder from the document's up to `root`. */
function candidates(uri: string, root: string): string[] {
  const files: string[] = [];
  for (let dir = parent(uri); dir.length >= root.length; dir = parent(dir)) files.push(`${dir}/${PYPROJECT}`);
  return files;
}

function parent(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return slash < 0 ? uri : uri.slice(0, slash);
}

/** URIs as the finder's paths (a file's folder is its URI up to the last `/`); a file not fetched cannot be read. */
function uriPaths(read: (file: string) => string | undefined): ConfigFiles {
  return {
    read(file) {
      const text = read(file);
      if (text === undefined) throw Object.assign(new Error(`${file} cannot be read`), { code: 'ENOENT' });
      return text;
    },
    dirname: parent,
    join: (dir, name) => `${dir}/${name}`,
    // Globs in the file are matched against decoded paths relative to its folder.
    relative: (from, to) => (to === from ? '' : to.startsWith(`${from}/`) ? decodeURIComponent(to.slice(from.length + 1)) : '..'),
    isAbsolute: () => false,
    resolve: (path) => path,
    sep: '/',
  };
}
