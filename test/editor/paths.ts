import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
/** The workspace every editor test copies into a fresh temp folder (so saves and edits never touch the clone). */
export const WORKSPACE_TEMPLATE = join(__dirname, 'workspace');

/** A fresh folder per run for profiles, workspaces and logs. */
export function freshTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `flask-practices-${label}-`));
}

/** A passing run's folder goes; a failing one's stays for its logs (the test prints the path). */
export function removeRunDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Screenshots and logs a person may want to look at (test-results/ is gitignored). */
export function resultsDir(...parts: string[]): string {
  const dir = join(REPO_ROOT, 'test-results', ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
