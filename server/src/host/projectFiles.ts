import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_MODULE_BYTES, type ProjectReader } from '../engine';

/**
 * Reads project files from disk for the engine (the CLI, the language server's worker). The
 * project root is where the asking document sits minus its project path; a file that is missing,
 * too large or not UTF-8 reads as undefined.
 */
export const diskReader: ProjectReader = (path, from) => {
  const file = from.location.startsWith('file:') ? fileURLToPath(from.location) : from.location.includes('://') ? undefined : from.location;
  if (file === undefined) return undefined;
  const location = file.split(sep).join('/');
  if (!location.endsWith(from.path)) return undefined;
  const root = location.slice(0, location.length - from.path.length);
  if (root !== '' && !root.endsWith('/')) return undefined;
  const target = root + path;
  try {
    if (statSync(target).size > MAX_MODULE_BYTES) return undefined;
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(target));
  } catch {
    return undefined;
  }
};
