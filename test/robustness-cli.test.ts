/**
 * The built CLI (dist/cli.js) under bad input: undecodable and binary files, broken and odd
 * Python, unknown rule codes, and a file that would leave a mark if anything ever ran it. It
 * exits 0 or 1 on every input and 2 only on usage errors; nothing inside an ERROR node is reported.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { LineIndex, type Engine } from '../server/src/engine';
import { settingsWith, testEngine } from './support/engine';
import { BAD_INPUTS } from './support/generators';
import { LspClient } from './support/lspClient';
import { runCli, scratchProjects, type JsonFinding } from './support/cliRunner';
import { errorRanges } from './support/properties';


const { scratch, project } = scratchProjects('flk-robust-cli-');

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

  test('a folder of every bad input at once, /dev/null and an empty folder', () => {
    const files = Object.fromEntries(Object.entries(BAD_INPUTS).map(([name, { text }], i) => [`f${i}_${name.replace(/\W+/g, '_')}.py`, text]));
    const dir = project(files);
    mkdirSync(join(dir, 'empty'));
    const { findings } = check([dir, '/dev/null', join(dir, 'empty')]);
    assert.ok(findings.length > 0);
    assert.ok(readdirSync(dir).length > 5);
  });
});

describe('options', () => {
  const VIOLATIONS = 'from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "k"\napp.run(debug=True)\n';

  test('unknown codes in --select and --ignore: a warning on stderr, and the run goes on', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    const file = join(dir, 'app.py');
    const all = check([file]).findings.map((f) => f.code).sort();
    const select = check(['--select', 'FLK999', file]);
    assert.match(select.stderr, /warning: --select: "FLK999" matches no rule; ignoring it/);
    assert.deepEqual(select.findings.map((f) => f.code).sort(), all, 'no valid code left: all rules run');
    const mixed = check(['--select', 'FLK5,XYZ1', '--ignore', 'NOPE,FLK502', file]);
    assert.match(mixed.stderr, /"XYZ1" matches no rule/);
    assert.match(mixed.stderr, /--ignore: "NOPE" matches no rule/);
    assert.deepEqual(mixed.findings.map((f) => f.code).sort(), ['FLK501', 'FLK503']);
    const empty = check(['--select=', '--ignore', ',,', file]);
    assert.deepEqual(empty.findings.map((f) => f.code).sort(), all);
  });

  test('exit code 2 only for usage errors', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    for (const args of [['check', '--select'], ['check', '--format'], ['check', '--format', 'yaml', dir], ['check', '-x', dir], ['check', join(dir, 'missing.py')], ['explain'], ['explain', 'FLK000'], ['nonsense']]) {
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
