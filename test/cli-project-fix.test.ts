/**
 * `check` with a fix that creates a file (FLK204's `health.py`): `--diff` shows it as a new file and
 * writes nothing, `--fix --unsafe-fixes` creates it beside the edited module, plain `--fix` does
 * not (the fix is unsafe), and an existing file is never overwritten. And a fix that renames
 * endpoints (FLK201's) is applied in a pass of its own, so another fix's `url_for` names the new one.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, scratchProjects } from './support/cliRunner';
import { PythonProbe } from './support/python';
import { readProject } from './support/projectFix';

const PROJECTS = join(__dirname, 'projects', 'FLK204-missing-health-endpoints');
const { project } = scratchProjects('flk-cli-projfix-');
const copy = (name: string) => project(readProject(join(PROJECTS, name)));
const SELECT = ['--select', 'FLK204'];

test('--diff --unsafe-fixes shows the new file as a diff from /dev/null and writes nothing', () => {
  const dir = copy('factory');
  const before = readFileSync(join(dir, 'app/__init__.py'), 'utf8');
  const run = runCli(['check', ...SELECT, '--diff', '--unsafe-fixes', '.'], dir);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /^--- \/dev\/null\n\+\+\+ b\/app\/health\.py\n@@ -0,0 \+1,\d+ @@\n/m);
  assert.match(run.stdout, /^\+    return \{"status": "ok"\}$/m);
  assert.match(run.stdout, /^\+\+\+ b\/app\/__init__\.py\n[\s\S]*^\+    app\.register_blueprint\(health\)$/m);
  // The module it edits and the file it creates.
  assert.match(run.stderr, /^Would fix 1 problem in 2 files\.$/m);
  assert.equal(existsSync(join(dir, 'app/health.py')), false);
  assert.equal(readFileSync(join(dir, 'app/__init__.py'), 'utf8'), before);
});

test('--fix --unsafe-fixes creates health.py and registers it; the project is then clean', () => {
  const dir = copy('factory');
  const run = runCli(['check', ...SELECT, '--fix', '--unsafe-fixes', '.'], dir);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /Created 1 file: app\/health\.py\./);
  assert.match(readFileSync(join(dir, 'app/health.py'), 'utf8'), /^health = Blueprint\("health", __name__\)$/m);
  assert.match(readFileSync(join(dir, 'app/__init__.py'), 'utf8'), /from \.health import health\n {4}app\.register_blueprint\(health\)\n\n {4}return app/);
  const again = runCli(['check', ...SELECT, '.'], dir);
  assert.equal(again.status, 0, again.stdout);
});

test('--fix alone leaves the unsafe fix, and creates nothing', () => {
  const dir = copy('factory');
  const run = runCli(['check', ...SELECT, '--fix', '.'], dir);
  assert.equal(run.status, 1);
  assert.equal(existsSync(join(dir, 'app/health.py')), false);
});

test('an existing health.py is never overwritten: the fix is refused, with its reason', () => {
  const dir = copy('health-exists');
  const existing = readFileSync(join(dir, 'shop/health.py'), 'utf8');
  const run = runCli(['check', ...SELECT, '--fix', '--unsafe-fixes', '--show-fixes', '.'], dir);
  assert.equal(run.status, 1);
  assert.match(run.stdout, /no fix: `shop\/health\.py` already exists, and a fix never overwrites a file/);
  assert.equal(readFileSync(join(dir, 'shop/health.py'), 'utf8'), existing);
});

test("FLK201's and FLK504's fixes in one --fix --unsafe-fixes run: FLK504's url_for names the renamed endpoint", async () => {
  const app = 'from flask import Flask, redirect\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    return "home"\n\n\n@app.route("/old")\ndef old():\n    return redirect("/")\n';
  const dir = project({ 'app.py': app });
  const run = runCli(['check', '--select', 'FLK201,FLK504', '--fix', '--unsafe-fixes', '.'], dir);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const fixed = readFileSync(join(dir, 'app.py'), 'utf8');
  assert.match(fixed, /redirect\(url_for\("app\.index"\)\)/);
  const python = PythonProbe.start();
  try {
    const before = await python.probe({ 'app.py': app }, 'app');
    const after = await python.probe({ 'app.py': fixed }, 'app');
    assert.ok(before.ok && after.ok, after.error);
    assert.deepEqual(after.routes, before.routes);
  } finally {
    await python.close();
  }
});

test('--diff shows the Dockerfile command --fix writes, after the module it runs became a factory (one thread and workers)', () => {
  const files = {
    'app.py': 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route("/")\ndef index():\n    return "ok"\n\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=8080)\n',
    Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "app.py"]\n',
  };
  const fixed = project(files);
  runCli(['check', '--fix', '--unsafe-fixes', '.'], fixed);
  const written = readFileSync(join(fixed, 'Dockerfile'), 'utf8').split('\n')[2]!;
  assert.match(written, /^CMD \["gunicorn", "app:create_app\(\)"/);
  for (const workers of ['1', '2']) {
    // Enough modules for two workers to start (check.ts FILES_PER_WORKER).
    const padding = workers === '1' ? {} : Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`pad/m${i}.py`, `X${i} = ${i}\n`]));
    const dir = project({ ...files, ...padding });
    const run = runCli(['check', '--diff', '--unsafe-fixes', '--workers', workers, '.'], dir);
    assert.ok(run.stdout.includes(`\n+${written}\n`), `workers ${workers}: ${run.stdout}`);
  }
});
