/** Runs the BUILT CLI (dist/cli.js) in scratch projects, for the CLI tests. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { CLI_BUNDLE } from './lspClient';

export type { JsonFinding } from '../../server/src/cli/format';

/** A scratch folder, removed after the test file; `project(files)` makes a fresh subfolder holding them. */
export function scratchProjects(prefix: string): { scratch: string; project(files: Record<string, string | Buffer>): string } {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  let counter = 0;
  return {
    scratch,
    project(files) {
      const dir = join(scratch, `p${++counter}`);
      for (const [name, content] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), content);
      }
      return dir;
    },
  };
}

/** Runs the CLI; a deadline (not a timing) stops one that hangs, as a walk that loops would. */
export function runCli(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [CLI_BUNDLE, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}
