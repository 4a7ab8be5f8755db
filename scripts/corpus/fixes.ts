/**
 * Fixes on real code: `check --fix --unsafe-fixes` over a copy of a project. Every changed file
 * must compile, a second run must change nothing, and the apps the manifest names must serve
 * their GET routes as before (Flask's test client, through test/python/flask_probe.py).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PYTHON, type PythonProbe, type ProbeResult, type RouteResult } from '../../test/support/python';
import { runCli } from './findings';
import type { Project, ProbeTarget } from './manifest';

export interface ProbeOutcome {
  app: string;
  /** Routes compared; a route whose body differs between two runs of the original (a uuid) is compared on status only. */
  routes: number;
  statusOnly: number;
  /** How the probe found the app before and after, e.g. `attribute:app` then `factory:create_app`. */
  how?: [string, string];
  /** What differs, or why the app could not be compared. */
  problems: string[];
}

export interface FixOutcome {
  project: string;
  changed: string[];
  compileErrors: string[];
  /** Files the second `--fix --unsafe-fixes` run changed. */
  unstable: string[];
  crash?: string;
  probes: ProbeOutcome[];
}

const SKIPPED_DIRS = new Set(['.git', '.venv', 'venv', 'node_modules', '__pycache__', 'build']);
const MAX_PROBE_FILE = 1024 * 1024;

/** Regular files below dir (links are not followed: a copy keeps them as links), relative to base. */
function* files(dir: string, base: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) yield* files(path, base);
    else if (entry.isFile()) yield relative(base, path);
  }
}

function pythonFiles(root: string, paths: readonly string[]): Map<string, string> {
  const contents = new Map<string, string>();
  for (const path of paths) {
    const start = join(root, path);
    const list = lstatSync(start).isDirectory() ? [...files(start, root)] : [relative(root, start)];
    for (const file of list) if (file.endsWith('.py')) contents.set(file, readFileSync(join(root, file), 'latin1'));
  }
  return contents;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([file, text]) => before.get(file) !== text).map(([file]) => file);
}

/** py_compile reads each file as Python does (its coding cookie included); the bytecode goes to a scratch file. */
const PY_COMPILE = `
import os, py_compile, sys, tempfile
with tempfile.TemporaryDirectory() as scratch:
    for path in sys.argv[1:]:
        try:
            py_compile.compile(path, cfile=os.path.join(scratch, "out.pyc"), doraise=True)
        except py_compile.PyCompileError as e:
            print(path + ": " + e.msg.strip().splitlines()[-1])
`;

function compileErrors(copy: string, changed: readonly string[]): string[] {
  if (changed.length === 0) return [];
  const run = spawnSync(PYTHON, ['-I', '-c', PY_COMPILE, ...changed], { cwd: copy, encoding: 'utf8' });
  if (run.status !== 0) return [`py_compile failed: ${run.stderr || run.error}`];
  return run.stdout.split('\n').filter(Boolean);
}

function fixRun(copy: string, paths: readonly string[]): string | undefined {
  const run = runCli(['check', ...paths, '--fix', '--unsafe-fixes', '--exit-zero', '--format', 'json'], copy);
  if (run.signal) return `killed by ${run.signal}`;
  if (run.status !== 0) return `exit code ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return undefined;
}

/** The probe's files: text files under base (UTF-8, no NUL), keyed relative to base. */
function probeFiles(root: string, target: ProbeTarget): Record<string, string> {
  const base = join(root, target.base);
  const starts = (target.include ?? ['.']).map((p) => join(base, p));
  const out: Record<string, string> = {};
  for (const start of starts) {
    for (const file of files(start, base)) {
      const bytes = readFileSync(join(base, file));
      if (bytes.length > MAX_PROBE_FILE || bytes.includes(0)) continue;
      const text = bytes.toString('utf8');
      if (!text.includes('\uFFFD')) out[file] = text;
    }
  }
  return out;
}

const describe = (r: RouteResult) => ('error' in r ? `error ${r.error.split('\n').pop()}` : `${r.status} ${JSON.stringify(r.body.slice(0, 80))}`);

async function compareApp(python: PythonProbe, original: string, fixed: string, target: ProbeTarget): Promise<ProbeOutcome> {
  const app = `${target.base === '.' ? '' : `${target.base}/`}${target.module}`;
  const outcome: ProbeOutcome = { app, routes: 0, statusOnly: 0, problems: [] };
  const probe = (root: string): Promise<ProbeResult> => python.probe(probeFiles(root, target), target.module);
  const [first, second, after] = [await probe(original), await probe(original), await probe(fixed)];
  if (!first.ok || !second.ok) {
    outcome.problems.push(`the original does not serve: ${(first.error ?? second.error ?? '').trim().split('\n').pop()}`);
    return outcome;
  }
  if (!after.ok) {
    outcome.problems.push(`the fixed app does not serve: ${(after.error ?? '').trim().split('\n').pop()}`);
    return outcome;
  }
  outcome.how = [first.how ?? '?', after.how ?? '?'];
  for (const [rule, before] of Object.entries(first.routes ?? {})) {
    outcome.routes++;
    const now = after.routes?.[rule];
    const again = second.routes?.[rule];
    const stable = JSON.stringify(before) === JSON.stringify(again);
    if (!stable) outcome.statusOnly++;
    const same = now !== undefined && (stable ? JSON.stringify(before) === JSON.stringify(now) : 'status' in before && 'status' in now && before.status === now.status);
    if (!same) outcome.problems.push(`${rule}: ${describe(before)} before, ${now ? describe(now) : 'no such route'} after`);
  }
  return outcome;
}

export async function checkFixes(project: Project, root: string, scratch: string, targets: readonly ProbeTarget[], python: PythonProbe): Promise<FixOutcome> {
  const copy = join(scratch, project.name);
  for (const path of project.paths) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    cpSync(join(root, path), join(copy, path), { recursive: true, verbatimSymlinks: true });
  }
  const original = pythonFiles(root, project.paths);
  const outcome: FixOutcome = { project: project.name, changed: [], compileErrors: [], unstable: [], probes: [] };
  const crash = fixRun(copy, project.paths);
  if (crash) return { ...outcome, crash };
  const fixed = pythonFiles(copy, project.paths);
  outcome.changed = changedFiles(original, fixed);
  outcome.compileErrors = compileErrors(copy, outcome.changed);
  const secondCrash = fixRun(copy, project.paths);
  if (secondCrash) return { ...outcome, crash: `second run: ${secondCrash}` };
  outcome.unstable = changedFiles(fixed, pythonFiles(copy, project.paths));
  for (const target of targets) outcome.probes.push(await compareApp(python, root, copy, target));
  return outcome;
}
