/**
 * The built CLI (dist/cli.js) under bad input: undecodable, unreadable and unwritable files,
 * broken and odd Python, unknown rule codes, and a file that would leave a mark if anything ever
 * ran it. It exits 0 or 1 on every input and 2 only on usage errors; nothing inside an ERROR node
 * is reported.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { LineIndex, type Engine } from '../server/src/engine';
import { RULES } from '../server/src/rules';
import { settingsWith, testEngine } from './support/engine';
import { BAD_INPUTS } from './support/generators';
import { CLI_BUNDLE, LspClient } from './support/lspClient';
import { runCli, scratchProjects, type JsonFinding } from './support/cliRunner';
import { errorRanges } from './support/properties';


const { scratch, project } = scratchProjects('flk-robust-cli-');

/** FLK101, FLK501 (a safe fix) and FLK503. */
const FLASK_VIOLATIONS = 'from flask import Flask\n\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "k"\napp.run()\n';

function cli(args: string[], cwd = scratch) {
  return runCli(args, cwd);
}

/** Runs `check --format json`, asserting a normal exit (0 or 1, no crash), and returns the findings. */
function check(args: string[], cwd?: string): { findings: JsonFinding[]; stderr: string; status: number | null } {
  const run = cli(['check', '--format', 'json', ...args], cwd);
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status} (signal ${run.signal}): ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /crashed|Error:|at .*\.js:\d+/, run.stderr);
  return { findings: JSON.parse(run.stdout) as JsonFinding[], stderr: run.stderr, status: run.status };
}

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

/** The CLI's findings for `text`, as `CODE@line:column`, must be the engine's, and none inside an ERROR node. */
function assertFindingsMatchEngine(text: string, findings: readonly JsonFinding[]): void {
  const lines = new LineIndex(text);
  // The CLI counts columns in code points, 1-based.
  const offset = (line: number, column: number) => lines.offsetAt({ line: line - 1, character: column - 1 }, 'utf-32');
  const errors = errorRanges(engine, text);
  for (const f of findings) {
    const [start, end] = [offset(f.line, f.column), offset(f.endLine, f.endColumn)];
    const inside = errors.find((e) => e.start <= start && end <= e.end);
    assert.equal(inside, undefined, `${f.code} at ${f.line}:${f.column} lies inside an ERROR node`);
  }
  const expected = engine.analyseText(text, settingsWith({}), (a) => a.findings.map((f) => `${f.code}@${a.lines.lineOf(f.range.start) + 1}`));
  assert.deepEqual(findings.map((f) => `${f.code}@${f.line}`), expected);
}

describe('bad input through the CLI', () => {
  for (const [name, { text, codes }] of Object.entries(BAD_INPUTS)) {
    test(name, () => {
      const dir = project({ 'input.py': text });
      const file = join(dir, 'input.py');
      const { findings, status } = check([file]);
      if (codes) assert.deepEqual(findings.map((f) => f.code).sort(), [...codes].sort());
      assertFindingsMatchEngine(text.replace(/^\uFEFF/, ''), findings);
      assert.equal(status, findings.length > 0 ? 1 : 0);
      // Text output and fixing must survive it too.
      const textRun = cli(['check', file]);
      assert.ok(textRun.status === 0 || textRun.status === 1, textRun.stderr);
      const fixed = cli(['check', '--fix', '--unsafe-fixes', file]);
      assert.ok(fixed.status === 0 || fixed.status === 1, fixed.stderr);
      assert.doesNotMatch(fixed.stderr, /crashed/);
    });
  }

  test('bytes that are not UTF-8 (Latin-1, UTF-16, random binary, an encoded lone surrogate) are skipped with a warning', () => {
    const flask = 'from flask import Flask\napp = Flask(__name__)\napp.run()\n';
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const dir = project({
      'latin1.py': Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${flask}`)]),
      'utf16.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(flask, 'utf16le')]),
      'random.py': random,
      'surrogate.py': Buffer.concat([Buffer.from('x = "'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(`"\n${flask}`)]),
      'valid.py': `\uFEFF${flask}`,
    });
    const { findings, stderr, status } = check([dir]);
    for (const name of ['latin1.py', 'utf16.py', 'random.py', 'surrogate.py']) assert.match(stderr, new RegExp(`${name}: not UTF-8 text; skipped`));
    assert.deepEqual([...new Set(findings.map((f) => f.file))], [join(dir, 'valid.py')], 'the run goes on to the valid file');
    assert.equal(status, 1);
    // A file named on the command line is read the same way.
    const single = check([join(dir, 'random.py')]);
    assert.deepEqual(single.findings, []);
    assert.equal(single.status, 0);
  });

  test('a file that cannot be read: skipped with a warning in a folder, an error (exit 2) when named; the run goes on', () => {
    // Root reads any file whatever its mode; /proc/self/mem never reads (EIO: its first page is not mapped).
    const dir = project({ 'b_app.py': FLASK_VIOLATIONS });
    symlinkSync('/proc/self/mem', join(dir, 'a_unreadable.py'));
    const walked = check([dir]);
    assert.match(walked.stderr, /a_unreadable\.py: cannot be read \(EIO\); skipped/);
    assert.ok(walked.findings.length > 0 && walked.findings.every((f) => f.file === join(dir, 'b_app.py')), JSON.stringify(walked.findings));
    assert.equal(walked.status, 1);

    const named = cli(['check', '--format', 'json', join(dir, 'a_unreadable.py'), join(dir, 'b_app.py')]);
    assert.equal(named.status, 2, named.stderr);
    assert.match(named.stderr, /^error: .*a_unreadable\.py: cannot be read \(EIO\)$/m);
    assert.doesNotMatch(named.stderr, /crashed/);
    assert.deepEqual(JSON.parse(named.stdout), walked.findings, 'the other file is still checked');
  });

  test('a folder of every bad input at once, /dev/null and an empty folder', () => {
    const files = Object.fromEntries(Object.entries(BAD_INPUTS).map(([name, { text }], i) => [`f${i}_${name.replace(/\W+/g, '_')}.py`, text]));
    const dir = project(files);
    mkdirSync(join(dir, 'empty'));
    const { findings } = check([dir, '/dev/null', join(dir, 'empty')]);
    assert.ok(findings.length > 0);
    assert.ok(readdirSync(dir).length > 5);
  });
});

describe('--fix and files that cannot be written', () => {
  /** Makes `path` unwritable for this process: `chattr +i` as root (modes do not stop root), else chmod. Returns the undo, or undefined. */
  function makeReadOnly(path: string): (() => void) | undefined {
    if (process.getuid?.() !== 0) {
      chmodSync(path, 0o444);
      return () => chmodSync(path, 0o644);
    }
    if (spawnSync('chattr', ['+i', path]).status !== 0) return undefined;
    return () => spawnSync('chattr', ['-i', path]);
  }

  test('a read-only file is reported, the run goes on, and the summary says what was not written', (t) => {
    const dir = project({ 'a.py': FLASK_VIOLATIONS, 'b.py': FLASK_VIOLATIONS, 'c.py': FLASK_VIOLATIONS });
    const undo = makeReadOnly(join(dir, 'b.py'));
    if (!undo) return t.skip('chattr +i is not available here, and root writes any file');
    try {
      const run = cli(['check', '--fix', dir]);
      assert.equal(run.status, 1, run.stderr);
      assert.doesNotMatch(run.stderr, /crashed/);
      assert.equal(readFileSync(join(dir, 'b.py'), 'utf8'), FLASK_VIOLATIONS);
      for (const name of ['a.py', 'c.py']) assert.notEqual(readFileSync(join(dir, name), 'utf8'), FLASK_VIOLATIONS, `${name}, before and after b.py, is fixed`);
      assert.match(run.stderr, /^error: .*b\.py: fixes not written \((EPERM|EACCES); the file is unchanged\)$/m);
      assert.match(run.stdout, /^Fixed 2 files\.\nNot written: 1 file, whose fixes are not applied:\n {2}\S*b\.py: (EPERM|EACCES); the file is unchanged\n/m);
      assert.match(run.stdout, /b\.py:\d+:\d+: FLK501 /, 'the unfixed file’s findings are reported');
      assert.doesNotMatch(run.stdout, /[ac]\.py:\d+:\d+: FLK501 /);
      // JSON keeps stdout for the findings; the summary goes to stderr.
      const asJson = cli(['check', '--fix', '--format', 'json', dir]);
      assert.ok((JSON.parse(asJson.stdout) as JsonFinding[]).some((f) => f.file.endsWith('b.py') && f.code === 'FLK501'));
      assert.match(asJson.stderr, /Fixed 0 files\.\nNot written: 1 file/);
    } finally {
      undo();
    }
  });

  test('a write that fails part-way puts the original bytes back', async () => {
    // RLIMIT_FSIZE binds root too: under a 1 KiB limit, writing big.py fails after its first KiB.
    const big = `from flask import Flask\n\napp = Flask(__name__)\n${'# padding\n'.repeat(95)}app.run()\n`;
    const fixedBig = engine.fixAll(big, settingsWith({})).text;
    assert.ok(Buffer.byteLength(big) < 1024 && Buffer.byteLength(fixedBig) > 1024, `${Buffer.byteLength(big)} → ${Buffer.byteLength(fixedBig)} bytes`);
    const dir = project({ 'big.py': big, 'small.py': FLASK_VIOLATIONS });
    const run = spawnSync('/bin/bash', ['-c', 'ulimit -f 1 && exec "$@"', 'bash', process.execPath, CLI_BUNDLE, 'check', '--fix', dir], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(readFileSync(join(dir, 'big.py'), 'utf8'), big);
    assert.notEqual(readFileSync(join(dir, 'small.py'), 'utf8'), FLASK_VIOLATIONS, 'the other file is fixed');
    assert.match(run.stderr, /big\.py: fixes not written \(EFBIG; the file is unchanged\)/);
  });
});

describe('options', () => {
  const VIOLATIONS = 'from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "k"\napp.run(debug=True)\n';

  test('a code in --select or --ignore that matches no rule is a usage error that lists the known codes; a prefix is fine', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    const file = join(dir, 'app.py');
    const known = RULES.map((r) => r.meta.code);
    for (const [args, flag, wrong] of [
      [['--select', 'FKL101'], '--select', '"FKL101"'],
      [['--select', 'FLK5', '--ignore', 'flk101,NOPE'], '--ignore', '"NOPE"'],
      [['--select=FLK9,XYZ1'], '--select', '"FLK9", "XYZ1"'],
    ] as const) {
      const run = cli(['check', '--format', 'json', ...args, file]);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '', 'nothing is checked');
      assert.ok(run.stderr.startsWith(`error: ${flag}: ${wrong} match`), run.stderr);
      assert.ok(run.stderr.includes(`Known codes (or a prefix of one): ${known.join(', ')}\n`), run.stderr);
    }
    const all = check([file]).findings.map((f) => f.code).sort();
    const prefixes = check(['--select', 'flk1,FLK50', '--ignore', 'FLK502', file]);
    assert.deepEqual(prefixes.findings.map((f) => f.code).sort(), all.filter((code) => /^FLK(1|50)/.test(code) && code !== 'FLK502'));
    assert.equal(prefixes.stderr, '');
    const empty = check(['--select=', '--ignore', ',,', file]);
    assert.deepEqual(empty.findings.map((f) => f.code).sort(), all);
  });

  test('exit code 2 only for usage errors', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    for (const args of [['check', '--select'], ['check', '--select', 'FKL101', dir], ['check', '--ignore=X', dir], ['check', '--format'], ['check', '--format', 'yaml', dir], ['check', '-x', dir], ['check', join(dir, 'missing.py')], ['explain'], ['explain', 'FLK000'], ['nonsense']]) {
      const run = cli(args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^error: /, args.join(' '));
      assert.doesNotMatch(run.stderr, /crashed/);
    }
  });
});

describe('security: the user’s Python is never run', () => {
  test('check, --fix and the server never import or execute the files they read', async () => {
    const marker = join(scratch, 'EXECUTED');
    const payload = (what: string) =>
      [
        'import os, pathlib, subprocess',
        `pathlib.Path(${JSON.stringify(marker)}).write_text(${JSON.stringify(what)})`,
        `os.system("touch ${marker}-system")`,
        'from flask import Flask',
        'app = Flask(__name__)',
        'app.config["SECRET_KEY"] = "k"',
        'app.run(debug=True)',
        '',
      ].join('\n');
    const dir = project({
      'app.py': payload('app.py'),
      'pkg/__init__.py': payload('__init__'),
      'conftest.py': payload('conftest'),
      'setup.py': payload('setup'),
      'sitecustomize.py': payload('sitecustomize'),
      '__main__.py': payload('__main__'),
    });
    const before = readFileSync(join(dir, 'app.py'), 'utf8');
    for (const args of [['check', dir], ['check', '--format', 'json', dir], ['check', '--fix', join(dir, 'conftest.py')], ['check', '--fix', '--unsafe-fixes', dir]]) {
      const run = cli(args, dir);
      assert.ok(run.status === 0 || run.status === 1, run.stderr);
    }
    assert.notEqual(readFileSync(join(dir, 'app.py'), 'utf8'), before, 'the files were read and fixed');

    const client = await LspClient.start();
    try {
      const target = `file://${join(dir, 'setup.py')}`;
      client.open(target, payload('server'));
      assert.ok((await client.waitForCurrent(target)).diagnostics.length > 0);
    } finally {
      await client.dispose();
    }
    assert.equal(existsSync(marker), false, 'a marker file appeared: something ran the user’s code');
    assert.equal(existsSync(`${marker}-system`), false, 'a marker file appeared: something ran the user’s code');
  });
});
