import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
/** The workspace every editor test copies into a fresh temp folder (so saves and edits never touch the clone). */
const WORKSPACE_TEMPLATE = join(__dirname, 'workspace');
/** Rule fixtures the suite also opens: their fixed code is proven under Flask by the fixture tests. */
const WORKSPACE_FIXTURES = [join(REPO_ROOT, 'test', 'fixtures', 'FLK101-module-level-app', 'naive_unguarded_run.py')];

/** Fills `dir` with the extension-host suite's workspace: the template and the fixtures it opens. */
export function copyWorkspace(dir: string): void {
  cpSync(WORKSPACE_TEMPLATE, dir, { recursive: true });
  for (const fixture of WORKSPACE_FIXTURES) copyFileSync(fixture, join(dir, basename(fixture)));
}

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
