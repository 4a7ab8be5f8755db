import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const EDITOR_TESTS = __dirname;
/** The workspace every editor test copies into a fresh temp folder (so saves and edits never touch the clone). */
export const WORKSPACE_TEMPLATE = join(__dirname, 'workspace');
export const EXTENSION_ID = 'flask-practices.flask-practices';

/** A fresh folder per run for profiles, workspaces and logs. */
export function freshTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `flask-practices-${label}-`));
}

/** Screenshots and logs a person may want to look at (test-results/ is gitignored). */
export function resultsDir(...parts: string[]): string {
  const dir = join(REPO_ROOT, 'test-results', ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
