/**
 * The built CLI (dist/cli.js): exit codes, the JSON and text formats, --fix with and without
 * --unsafe-fixes, the folder walk (skipped folders, undecodable files), explain, rules, server.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLI_BUNDLE, LspClient } from './support/lspClient';
import { runCli, scratchProjects, type JsonFinding } from './support/cliRunner';
import { formatText } from '../server/src/cli/format';

const CLEAN = `import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]

    @app.route("/")
    def index():
        return "ok"

    return app


if __name__ == "__main__":
    create_app().run()
`;

/** FLK101 (unsafe fix), FLK503 (unsafe fix) and FLK501 (safe fix). */
const VIOLATIONS = `from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "hardcoded-secret"


@app.route("/")
def index():
    return "hello"


app.run()
`;


const { scratch, project } = scratchProjects('flk-cli-');

function cli(args: string[], cwd = scratch) {
  return runCli(args, cwd);
}

function json(args: string[], cwd?: string): JsonFinding[] {
  const run = cli(['check', '--format', 'json', ...args], cwd);
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as JsonFinding[];
}

describe('exit codes', () => {
  test('0 for a clean file', () => {
    const dir = project({ 'factory.py': CLEAN });
    const run = cli(['check', join(dir, 'factory.py')]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /All checks passed/);
  });

  test('1 for findings', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    assert.equal(cli(['check', join(dir, 'app.py')]).status, 1);
  });

  test('0 with --exit-zero despite findings', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    assert.equal(cli(['check', '--exit-zero', join(dir, 'app.py')]).status, 0);
  });

  test('2 for an unknown option', () => {
    const run = cli(['check', '--no-such-option', '.']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown option --no-such-option/);
  });

  test('2 for a path that does not exist', () => {
    const run = cli(['check', join(scratch, 'does-not-exist.py')]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /does-not-exist\.py/);
  });

  test('2 with no command, and for an unknown command', () => {
    assert.equal(cli([]).status, 2);
    assert.equal(cli(['frobnicate']).status, 2);
  });

  test('2 for a bad --format value', () => {
    assert.equal(cli(['check', '--format', 'xml', '.']).status, 2);
  });
});

describe('output formats', () => {
  test('--format json: the documented fields, 1-based lines and columns', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    const file = join(dir, 'app.py');
    const findings = json([file]);
    assert.deepEqual(findings.map((f) => f.code).sort(), ['FLK101', 'FLK501', 'FLK503']);
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'fixable', 'line', 'message', 'severity', 'slug'].sort());
      assert.equal(f.file, file);
      assert.ok(f.message.length > 0);
      assert.match(f.severity, /^(error|warning|info|hint)$/);
    }
    const run = findings.find((f) => f.code === 'FLK501')!;
    assert.deepEqual([run.line, run.column, run.endLine, run.endColumn], [12, 1, 12, 10], 'app.run() on line 12, columns 1..10');
    assert.equal(run.slug, 'app-run-unguarded');
    assert.equal(run.fixable, true);
    const secret = findings.find((f) => f.code === 'FLK503')!;
    assert.deepEqual([secret.line, secret.column], [4, 28], 'the literal after `app.config["SECRET_KEY"] = `');
    assert.equal(findings.find((f) => f.code === 'FLK101')!.line, 3);
  });

  test('text: `path:line:col: CODE message`, the source line and a caret line', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    const file = join(dir, 'app.py');
    const run = cli(['check', file]);
    assert.equal(run.status, 1);
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith(`${file}:12:1: FLK501 `));
    assert.ok(header >= 0, run.stdout);
    const caretLine = lines.slice(header, header + 5).find((l) => /\^/.test(l));
    assert.ok(caretLine, run.stdout);
    // Nine carets under `app.run()` (columns 1..9), after the gutter.
    assert.match(caretLine, /\| \^{9} FLK501$/);
    assert.ok(lines.slice(header, header + 5).some((l) => l.endsWith('| app.run()')), 'the source line is shown');
    assert.match(run.stdout, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: FLK101 `));
    assert.match(run.stdout, /Found 3 problems\./);
  });
});

describe('--fix', () => {
  test('applies only safe fixes in place', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    const file = join(dir, 'app.py');
    cli(['check', '--fix', file]);
    const fixed = readFileSync(file, 'utf8');
    assert.match(fixed, /^if __name__ == "__main__":\n {4}app\.run\(\)\n$/m, 'FLK501 (safe) is fixed');
    assert.match(fixed, /app\.config\["SECRET_KEY"\] = "hardcoded-secret"/, 'FLK503 (unsafe) is left');
    assert.match(fixed, /^app = Flask\(__name__\)$/m, 'FLK101 (unsafe) is left');
    assert.deepEqual(json([file]).map((f) => f.code).sort(), ['FLK101', 'FLK503']);
  });

  test('--fix --unsafe-fixes applies safe and unsafe fixes', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    const file = join(dir, 'app.py');
    cli(['check', '--fix', '--unsafe-fixes', file]);
    const fixed = readFileSync(file, 'utf8');
    assert.doesNotMatch(fixed, /"hardcoded-secret"/);
    assert.match(fixed, /os\.environ/);
    assert.match(fixed, /def create_app\(/);
    assert.deepEqual(json([file]), [], `no findings left in:\n${fixed}`);
    const compiled = spawnSync('/usr/bin/python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', file], { encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);
  });

  test('does not touch a file with nothing to fix', () => {
    const dir = project({ 'factory.py': CLEAN });
    const file = join(dir, 'factory.py');
    cli(['check', '--fix', '--unsafe-fixes', file]);
    assert.equal(readFileSync(file, 'utf8'), CLEAN);
  });
});

describe('walking folders', () => {
  test('a file that is not UTF-8 is skipped with a warning, and the run goes on', () => {
    const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nfrom flask import Flask\napp = Flask(__name__)\n')]);
    const dir = project({ 'a_latin1.py': latin1, 'b_app.py': VIOLATIONS });
    const run = cli(['check', '--format', 'json', dir]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /a_latin1\.py: not UTF-8/);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    assert.ok(findings.length > 0 && findings.every((f) => f.file.endsWith('b_app.py')), run.stdout);
  });

  test('.venv, node_modules and __pycache__ are skipped', () => {
    const dir = project({
      'app.py': VIOLATIONS,
      '.venv/lib/site.py': VIOLATIONS,
      'node_modules/pkg/x.py': VIOLATIONS,
      '__pycache__/cached.py': VIOLATIONS,
      'pkg/inner.py': VIOLATIONS,
    });
    const files = new Set(json([dir]).map((f) => f.file));
    assert.deepEqual([...files].sort(), [join(dir, 'app.py'), join(dir, 'pkg', 'inner.py')]);
  });

  test('--select and --ignore narrow the rules', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    assert.deepEqual(json(['--select', 'FLK5', join(dir, 'app.py')]).map((f) => f.code).sort(), ['FLK501', 'FLK503']);
    assert.deepEqual(json(['--ignore', 'FLK501,FLK503', join(dir, 'app.py')]).map((f) => f.code), ['FLK101']);
  });
});

describe('pipes', () => {
  test('a reader that stops early (`| head -1`) is not a crash', () => {
    // Far more output than a pipe buffers, so the CLI is still writing when head exits.
    const dir = project({ 'many.py': `from flask import Flask\n\napp = Flask(__name__)\n${'app.run()\n'.repeat(3000)}` });
    const run = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${CLI_BUNDLE}" check many.py | head -1; echo "status=$?"`], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.stderr, '', 'nothing on stderr');
    assert.match(run.stdout, /^many\.py:3:1: FLK101 /);
    const pipeStatus = spawnSync('/bin/bash', ['-c', `"${process.execPath}" "${CLI_BUNDLE}" check many.py | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
    assert.equal(pipeStatus.stdout.trim(), '1', `the CLI still exits 1 for findings: ${pipeStatus.stderr}`);
  });
});

describe('other commands', () => {
  test('explain FLK101 prints the rule’s docs', () => {
    const run = cli(['explain', 'FLK101']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^# FLK101 `module-level-app`/);
    for (const section of ['What it does', 'Why it matters', 'Example', 'Use instead', 'Fix safety']) assert.match(run.stdout, new RegExp(`## ${section}`));
    assert.equal(cli(['explain', 'FLK999']).status, 2);
  });

  test('rules lists all five', () => {
    const run = cli(['rules']);
    assert.equal(run.status, 0);
    const codes = run.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(codes, ['FLK101', 'FLK102', 'FLK501', 'FLK502', 'FLK503']);
  });

  test('server --stdio answers initialize', async () => {
    const client = await LspClient.start({ command: [CLI_BUNDLE, 'server', '--stdio'] });
    try {
      assert.equal(client.initializeResult.serverInfo?.name, 'flask-practices');
      assert.ok(client.initializeResult.capabilities.hoverProvider);
      const uri = 'file:///tmp/cli-server-app.py';
      client.open(uri, VIOLATIONS);
      const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.ok(published.diagnostics.some((d) => d.code === 'FLK501'));
    } finally {
      await client.dispose();
    }
    assert.equal(await client.exitCode(), 0, 'shutdown + exit ends the process with 0');
  });
});

describe('the text summary', () => {
  const finding = (fixable: boolean, fixSafety: 'safe' | 'unsafe' | undefined) => ({
    file: 'app.py', line: 1, column: 1, endLine: 1, endColumn: 4, code: 'FLK101', slug: 'module-level-app',
    severity: 'warning', message: 'm', fixable, fixSafety, sourceLine: 'app',
  });

  test('counts only findings whose fix is offered', () => {
    const text = formatText([finding(false, 'unsafe'), finding(true, 'safe')], { fixedFiles: 0, fixMode: false, color: false });
    assert.match(text, /Found 2 problems\. 1 fixable with --fix\.\n$/);
    assert.doesNotMatch(text, /unsafe-fixes/);
  });
});
