import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders that never hold the project's own code. */
const SKIPPED_DIRS = new Set(['.venv', 'venv', 'node_modules', '.git', '__pycache__', 'build']);

/**
 * Expands the command line's paths into Python files, in a stable order. Files named on the
 * command line are taken whatever their extension; folders are walked for `*.py`.
 */
export function collectPythonFiles(paths: readonly string[], warn: (message: string) => void): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      warn(`${dir}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        files.push(path);
      }
    }
  };
  for (const path of paths) {
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
  return files;
}

/** UTF-8 text without its BOM, or undefined for bytes that are not UTF-8 (binary files). */
export function decodeSource(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
