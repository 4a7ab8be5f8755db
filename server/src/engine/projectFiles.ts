/**
 * Other files of the project, for rules that look across files (a Dockerfile's `python app.py`
 * asks whether app.py starts the development server). The engine reads no files: a host hands it
 * a reader, and the engine asks it only for paths inside the project.
 */

/** Modules larger than this are not read for another file's rules (every host's reader keeps to it). */
export const MAX_MODULE_BYTES = 5 * 1024 * 1024;

/** Where the host found a document: a URI or a file path, and its path relative to the project root. */
export interface DocumentPlace {
  location: string;
  path: string;
}

/**
 * The text of the project file at `path` (relative to the root of the project that holds
 * `from`, `/`-separated), or undefined when there is none or it cannot be read.
 */
export type ProjectReader = (path: string, from: DocumentPlace) => string | undefined;

/** The files under `folder` (relative to the root of the project holding `from`), recursively, as paths from the root; undefined when the host cannot list. */
export type ProjectLister = (folder: string, from: DocumentPlace) => string[] | undefined;

/**
 * Where `relative` (a path written in the file at `from`) may be: in the file's folder, then in
 * each folder above it up to the project root. A path that is absolute or climbs out is not looked up.
 */
export function candidatePaths(from: string, relative: string): string[] {
  const target = relative.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (relative.startsWith('/') || target.length === 0 || target.includes('..')) return [];
  const folders = from.split('/').filter((segment) => segment !== '' && segment !== '.');
  folders.pop();
  const candidates: string[] = [];
  for (let depth = folders.length; depth >= 0; depth--) candidates.push([...folders.slice(0, depth), ...target].join('/'));
  return candidates;
}

/** True when two documents sit in the same project: their locations minus their project paths agree. */
export function sameProject(a: DocumentPlace, b: DocumentPlace): boolean {
  const root = (place: DocumentPlace) => {
    const location = decoded(place.location);
    return location.endsWith(place.path) ? location.slice(0, location.length - place.path.length) : undefined;
  };
  const rootA = root(a);
  return rootA !== undefined && rootA === root(b);
}

function decoded(location: string): string {
  try {
    return decodeURIComponent(location);
  } catch {
    return location;
  }
}
