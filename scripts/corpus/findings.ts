/** Runs the built CLI over one corpus project, as a user would: from the project root. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { JsonFinding } from '../../server/src/cli/format';
import { REPO_ROOT } from './manifest';

export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

export interface CheckRun {
  findings: JsonFinding[];
  /** Wall-clock time of the CLI process. */
  ms: number;
  /** Why the run counts as a crash: a signal, an exit code other than 0 or 1, output that is not JSON, or an error on stderr. */
  crash?: string;
}

/** stderr lines the CLI writes for files it skips on purpose (a dangling link, say). */
const EXPECTED_STDERR = /^warning: /;

export function runCli(args: string[], cwd: string): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
    timeout: 300_000,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

export function checkProject(root: string, paths: string[]): CheckRun {
  const run = runCli(['check', ...paths, '--format', 'json', '--show-fixes'], root);
  const unexpected = run.stderr.split('\n').filter((l) => l.trim() && !EXPECTED_STDERR.test(l));
  let findings: JsonFinding[] = [];
  let crash: string | undefined;
  try {
    findings = JSON.parse(run.stdout) as JsonFinding[];
  } catch {
    crash = `output is not JSON: ${run.stdout.slice(0, 200)}`;
  }
  if (run.signal) crash = `killed by ${run.signal}`;
  else if (run.status !== 0 && run.status !== 1) crash = `exit code ${run.status}`;
  if (!crash && unexpected.length > 0) crash = `stderr: ${unexpected.slice(0, 5).join(' | ')}`;
  return { findings, ms: run.ms, ...(crash ? { crash } : {}) };
}
