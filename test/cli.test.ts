/**
 * The built CLI (dist/cli.js): exit codes, the JSON and text formats, --fix with and without
 * --unsafe-fixes, --show-fixes, the folder walk (skipped folders, symbolic links, undecodable
 * files), source encodings (PEP 263, the BOM), explain, rules, server.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLI_BUNDLE, LspClient } from './support/lspClient';
import { runCli, scratchProjects, type JsonFinding } from './support/cliRunner';
import { settingsWith, testEngine } from './support/engine';
import { cliPosition, fixAvailability } from '../server/src/engine';
import { decodeSource, encodeSource } from '../server/src/cli/encoding';
import { formatText, type CliFinding } from '../server/src/cli/format';
import { RULES } from '../server/src/rules';

const CLEAN = `import os

from flask import Blueprint, Flask

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    return "ok"


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.register_blueprint(bp)
    return app


if __name__ == "__main__":
    create_app().run()
`;

/** FLK101 (unsafe fix), FLK503 (unsafe fix), FLK201 (unsafe fix) and FLK501 (safe fix). */
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
    assert.deepEqual(findings.map((f) => f.code).sort(), ['FLK101', 'FLK201', 'FLK501', 'FLK503']);
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
    assert.match(run.stdout, /Found 4 problems\./);
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
    assert.deepEqual(json([file]).map((f) => f.code).sort(), ['FLK101', 'FLK201', 'FLK503']);
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

  test('FLK201’s fix, safe when the whole project is checked, rewrites the other modules and templates that name the moved endpoints', () => {
    const caseDir = join(__dirname, 'projects', 'FLK201-route-on-app', 'templates-and-modules');
    const files = Object.fromEntries(['app.py', 'links.py', 'templates/index.html', 'tests/test_links.py'].map((f) => [f, readFileSync(join(caseDir, f), 'utf8')]));
    const dir = project(files);
    // One file named: the rest of the project is unseen, so the fix stays unsafe and --fix leaves it.
    cli(['check', '--fix', 'app.py'], dir);
    assert.equal(readFileSync(join(dir, 'app.py'), 'utf8'), files['app.py']);
    const run = cli(['check', '--fix', '--select', 'FLK201'], dir);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Fixed 4 files?|4 files/);
    assert.match(readFileSync(join(dir, 'app.py'), 'utf8'), /^app\.register_blueprint\(bp\)$/m);
    assert.match(readFileSync(join(dir, 'links.py'), 'utf8'), /url_for\("app\.about"\)/);
    assert.match(readFileSync(join(dir, 'templates/index.html'), 'utf8'), /url_for\('app\.about'\)/);
    assert.match(readFileSync(join(dir, 'tests/test_links.py'), 'utf8'), /url_for\("app\.about"\)/);
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

  test('symbolic links are followed, and a file or folder reached twice is checked once', () => {
    const elsewhere = project({ 'views.py': VIOLATIONS });
    const dir = project({ 'pkg/app.py': VIOLATIONS });
    symlinkSync(join(dir, 'pkg', 'app.py'), join(dir, 'a_alias.py')); // reached first, so reported under this name
    symlinkSync(join(dir, 'pkg'), join(dir, 'linked')); // the same folder again
    symlinkSync('.', join(dir, 'loop')); // a link to the folder itself...
    symlinkSync('..', join(dir, 'pkg', 'parent')); // ...and to its parent: neither may loop
    symlinkSync(elsewhere, join(dir, 'elsewhere')); // a folder outside the tree
    symlinkSync('missing.py', join(dir, 'broken.py'));
    const run = cli(['check', '--format', 'json', dir]);
    assert.equal(run.status, 1, run.stderr);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    const files = [...new Set(findings.map((f) => f.file))].sort();
    assert.deepEqual(files, [join(dir, 'a_alias.py'), join(dir, 'elsewhere', 'views.py')]);
    const once = json([join(elsewhere, 'views.py')]).length;
    for (const file of files) assert.equal(findings.filter((f) => f.file === file).length, once, `${file} is checked once`);
    assert.match(run.stderr, /broken\.py: a symbolic link that cannot be followed \(ENOENT\); skipped/);
  });

  test('--select and --ignore narrow the rules', () => {
    const dir = project({ 'app.py': VIOLATIONS });
    assert.deepEqual(json(['--select', 'FLK5', join(dir, 'app.py')]).map((f) => f.code).sort(), ['FLK501', 'FLK503']);
    assert.deepEqual(json(['--ignore', 'FLK2,FLK501,FLK503', join(dir, 'app.py')]).map((f) => f.code), ['FLK101']);
  });
});

describe('files other than Python', () => {
  const APP = 'from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=8000)\n';
  const DOCKERFILE = 'FROM python:3.12-slim\nENV FLASK_APP=app\nCMD ["flask", "run", "--host", "0.0.0.0"]\n';

  test('check dir/ walks Dockerfiles, Procfiles, Compose files and shell scripts, and reports FLK505 in them', () => {
    const dir = project({
      'app.py': APP,
      Dockerfile: DOCKERFILE,
      'Dockerfile.dev': DOCKERFILE,
      Procfile: 'web: flask --app app run --port $PORT\n',
      'docker-compose.yml': 'services:\n  web:\n    command: python app.py\n',
      'scripts/start.sh': '#!/bin/sh\nexec flask --app app run\n',
      'notes.txt': 'flask run\n',
    });
    const found = json(['--select', 'FLK505', dir]).map((f) => [f.file.slice(dir.length + 1), f.line, f.code]);
    assert.deepEqual(found, [
      ['Dockerfile', 3, 'FLK505'],
      ['Procfile', 1, 'FLK505'],
      ['docker-compose.yml', 3, 'FLK505'],
      [join('scripts', 'start.sh'), 2, 'FLK505'],
    ]);
  });

  test('`python app.py` is flagged only when the script calls app.run(), found in the folders above the file', () => {
    const dir = project({ 'app.py': APP, 'worker.py': 'print("working")\n', 'deploy/docker/Dockerfile': 'CMD ["python", "app.py"]\nCMD ["python", "worker.py"]\n' });
    const findings = json(['deploy/'], dir);
    assert.deepEqual(findings.map((f) => [f.line, f.code]), [[1, 'FLK505']]);
  });

  test('--fix leaves the unsafe gunicorn fix; --fix --unsafe-fixes applies it in the exec form, after the module it serves is fixed', () => {
    const dir = project({ 'app.py': APP, Dockerfile: DOCKERFILE });
    const file = join(dir, 'Dockerfile');
    cli(['check', '--fix', dir]);
    assert.equal(readFileSync(file, 'utf8'), DOCKERFILE);
    cli(['check', '--fix', '--unsafe-fixes', dir]);
    // Modules are fixed before the files that run them: app.py's factory rewrite removes `app`, so gunicorn serves `create_app()`.
    assert.equal(readFileSync(file, 'utf8').split('\n')[2], 'CMD ["gunicorn", "app:create_app()", "--bind", "0.0.0.0:5000", "--workers", "4", "--threads", "2"]');
    assert.doesNotMatch(readFileSync(join(dir, 'app.py'), 'utf8'), /^app = /m);
    assert.deepEqual(json([dir]), []);
  });

  test('--show-fixes says why a command gets no fix', () => {
    const dir = project({ Dockerfile: 'CMD flask run\n' });
    const run = cli(['check', '--show-fixes', join(dir, 'Dockerfile')]);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /Dockerfile:1:5: FLK505 /);
    assert.match(run.stdout, /no fix: the app is not named here/);
  });
});

describe('--show-fixes', () => {
  test('shows each finding’s fix, with its safety, or why it is refused, in text and in JSON', async () => {
    // FLK501's fix is safe, FLK503's unsafe, and FLK101's is refused while `__all__` exports the app.
    const source = `${VIOLATIONS}__all__ = ["app"]\n`;
    const engine = await testEngine();
    const expected = engine.analyseText(source, settingsWith({}), (analysis) =>
      analysis.findings.map((f) => {
        const availability = f.fix && fixAvailability(f.fix);
        const position = cliPosition(analysis.lines, f.range.start);
        return {
          header: `${f.code}@${position.line}:${position.column}`,
          fix: f.fix && availability?.ok ? { title: f.fix.title, safety: f.fix.safety } : null,
          fixRefused: availability?.ok === false ? availability.reason : undefined,
        };
      }),
    );
    assert.deepEqual(new Set(expected.map((e) => (e.fix ? e.fix.safety : 'refused'))), new Set(['safe', 'unsafe', 'refused']), 'the example covers all three');
    const dir = project({ 'app.py': source });
    const file = join(dir, 'app.py');

    const findings = json(['--show-fixes', file]);
    assert.deepEqual(
      findings.map((f) => ({ header: `${f.code}@${f.line}:${f.column}`, fix: f.fix, fixRefused: f.fixRefused })),
      expected,
    );

    const lines = cli(['check', '--show-fixes', file]).stdout.split('\n');
    for (const e of expected) {
      const [code, position] = e.header.split('@');
      const header = lines.findIndex((l) => l.startsWith(`${file}:${position}: ${code} `));
      assert.ok(header >= 0, lines.join('\n'));
      // The header, the gutter, the source line, the carets, then the fix.
      assert.equal(lines[header + 4], e.fix ? `  fix (${e.fix.safety}): ${e.fix.title}` : `  no fix: ${e.fixRefused}`);
    }
    assert.doesNotMatch(cli(['check', file]).stdout, /^ {2}(fix \(|no fix)/m, 'only with --show-fixes');
  });
});

describe('source encodings', () => {
  const FLASK = 'from flask import Flask\n\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "sécret ¤"\napp.run()\n';
  const latin1 = (text: string) => Buffer.from(text, 'latin1');

  /** How Python reads each file (importlib's PEP 263 decoding), or null where it refuses it. */
  function pythonReads(files: string[]): (string | null)[] {
    const script = [
      'import importlib.util, json, sys',
      'out = []',
      'for path in sys.argv[1:]:',
      '    try: out.append(importlib.util.decode_source(open(path, "rb").read()))',
      '    except (SyntaxError, UnicodeDecodeError, LookupError): out.append(None)',
      'print(json.dumps(out))',
    ].join('\n');
    const run = spawnSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as (string | null)[];
  }

  test('a file is read as Python reads it: a coding comment on line 1, or on line 2 after a comment', async () => {
    const files: Record<string, Buffer> = {
      'latin1.py': latin1(`# -*- coding: latin-1 -*-\n${FLASK}`),
      'emacs_suffix.py': latin1(`# -*- coding: latin-1-unix -*-\n${FLASK}`),
      'cp1252_line2.py': Buffer.concat([latin1('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n# \x80\n'), latin1(FLASK)]),
      'iso8859_15.py': latin1(`# coding=iso-8859-15\n${FLASK}`),
      'utf8_declared.py': Buffer.from(`# -*- coding: utf-8 -*-\n${FLASK}`),
      // Python's aliases of UTF-8 (flaskbb declares `utf`).
      'utf_alias.py': Buffer.from(`# -*- coding: utf -*-\n${FLASK}`),
      'u8_alias.py': Buffer.from(`# coding: u8\n${FLASK}`),
      'shift_jis.py': Buffer.concat([Buffer.from('# coding: shift_jis\n# '), Buffer.from([0x93, 0xfa, 0x96, 0x7b]), Buffer.from(`\n${FLASK.replace(/[^\x00-\x7f]/g, 'x')}`)]),
      // Refused by Python too: a comment after code on line 1, an unknown name, Latin-1 with a UTF-8 BOM, bytes that are not ASCII.
      'after_code.py': latin1(`import os\n# coding: latin-1\n${FLASK}`),
      'unknown.py': latin1(`# coding: klingon\n${FLASK}`),
      'bom_latin1.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1(`# coding: latin-1\n${FLASK}`)]),
      'ascii.py': latin1(`# coding: ascii\n${FLASK}`),
    };
    const dir = project(files);
    const names = Object.keys(files);
    const python = pythonReads(names.map((name) => join(dir, name)));
    assert.ok(python.filter((text) => text === null).length === 4 && python.filter(Boolean).length === 8, 'the cases cover both outcomes');
    const run = cli(['check', '--format', 'json', dir]);
    assert.equal(run.status, 1, run.stderr);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    const engine = await testEngine();
    names.forEach((name, i) => {
      const text = python[i];
      const skipped = run.stderr.includes(`${join(dir, name)}: `);
      assert.equal(skipped, text === null, `${name}: the CLI ${skipped ? 'skips' : 'reads'} it, Python ${text === null ? 'refuses' : 'reads'} it\n${run.stderr}`);
      if (text === null) return;
      const expected = engine.analyseText(text, settingsWith({}), (a) => a.findings.map((f) => `${f.code}@${Object.values(cliPosition(a.lines, f.range.start)).join(':')}`));
      assert.ok(expected.length > 0);
      assert.deepEqual(findings.filter((f) => f.file === join(dir, name)).map((f) => `${f.code}@${f.line}:${f.column}`), expected, name);
    });
  });

  test('--fix writes a file back in its own encoding, changing only what the fix changes', async () => {
    const original = latin1(`# -*- coding: latin-1 -*-\n${FLASK}`);
    const dir = project({ 'latin1.py': original });
    const file = join(dir, 'latin1.py');
    cli(['check', '--fix', file]);
    const [before, after] = pythonReads([join(project({ 'copy.py': original }), 'copy.py'), file]);
    const engine = await testEngine();
    assert.notEqual(after, before, 'FLK501 was fixed');
    assert.equal(after, engine.fixAll(before!, settingsWith({})).text);
    assert.ok(readFileSync(file).includes(latin1('"sécret ¤"')), 'Latin-1 bytes, not UTF-8');
  });

  test('--fix does not write an encoding it cannot write, and says so', () => {
    const original = Buffer.concat([Buffer.from('# coding: shift_jis\n# '), Buffer.from([0x93, 0xfa]), Buffer.from('\nfrom flask import Flask\n\napp = Flask(__name__)\napp.run()\n')]);
    const dir = project({ 'sjis.py': original });
    const file = join(dir, 'sjis.py');
    const run = cli(['check', '--fix', file]);
    assert.equal(run.status, 1);
    assert.deepEqual(readFileSync(file), original);
    assert.match(run.stderr, /sjis\.py: fixes not written \(--fix does not write shift_jis files; the file is unchanged\)/);
    assert.match(run.stdout, /Fixed 0 files\.\nNot written: 1 file/);
    assert.match(run.stdout, /FLK501/, 'its findings are still reported');
  });

  test('fixed text is not written when the encoding cannot represent it, or when Python would read it differently', () => {
    const source = decodeSource(latin1('# coding: latin-1\nx = "é"\n'));
    assert.ok(!('problem' in source));
    const encoded = encodeSource(`${source.text}y = "é"\n`, source.encoding) as { bytes: Uint8Array };
    assert.deepEqual(Buffer.from(encoded.bytes), latin1('# coding: latin-1\nx = "é"\ny = "é"\n'));
    assert.match((encodeSource(`${source.text}y = "€"\n`, source.encoding) as { problem: string }).problem, /needs U\+20AC, which latin-1 cannot represent/);
    const moved = encodeSource(`import os\n\n${source.text}`, source.encoding);
    assert.match((moved as { problem: string }).problem, /moves the coding comment \(latin-1\) off lines 1 and 2/);
  });

  test('--fix keeps a UTF-8 byte-order mark, and columns on line 1 do not count it', () => {
    const text = 'from flask import Flask; app = Flask(__name__)\napp.run()\n';
    const dir = project({ 'bom.py': `\uFEFF${text}`, 'plain.py': text });
    const [bom, plain] = [join(dir, 'bom.py'), join(dir, 'plain.py')];
    const strip = (findings: JsonFinding[]) => findings.map(({ file: _file, ...rest }) => rest);
    assert.deepEqual(strip(json([bom])), strip(json([plain])));
    assert.equal(json([bom]).find((f) => f.code === 'FLK101')!.column, text.indexOf('app =') + 1);
    cli(['check', '--fix', bom, plain]);
    assert.notEqual(readFileSync(plain, 'utf8'), text, 'FLK501 was fixed');
    assert.deepEqual(readFileSync(bom), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(plain)]));
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

  test('rules lists every registered rule, in code order', () => {
    const run = cli(['rules']);
    assert.equal(run.status, 0);
    const codes = run.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(codes, RULES.map((r) => r.meta.code));
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
  const finding = (fix: CliFinding['fix'], fixRefused?: string): CliFinding => ({
    file: 'app.py', line: 1, column: 1, endLine: 1, endColumn: 4, code: 'FLK101', slug: 'module-level-app',
    severity: 'warning', message: 'm', fixable: fix !== undefined, fix, fixRefused, sourceLine: 'app',
  });

  test('counts only findings whose fix is offered', () => {
    const text = formatText([finding(undefined, 'refused'), finding({ title: 'Wrap', safety: 'safe' })], { fixes: undefined, showFixes: false, color: false });
    assert.match(text, /Found 2 problems\. 1 fixable with --fix\.\n$/);
    assert.doesNotMatch(text, /unsafe-fixes/);
  });

  test('--show-fixes: a finding whose rule offers no fix says so', () => {
    const text = formatText([finding(undefined)], { fixes: undefined, showFixes: true, color: false });
    assert.match(text, /\^\^\^ FLK101\n {2}no fix\n\n/);
  });
});

test('a module with a syntax error is checked, and a warning says its broken statements were not', () => {
  const dir = project({ 'bad.py': 'from flask import Flask\napp = Flask(__name__)\ndef f(:\n    pass\n', 'good.py': 'x = 1\n' });
  const run = runCli(['check', '.'], dir);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /^bad\.py:2:1: FLK101 /m);
  assert.match(run.stderr, /^warning: bad\.py: has a syntax error; the statements it breaks were not checked$/m);
  assert.doesNotMatch(run.stderr, /good\.py/);
  assert.doesNotMatch(runCli(['check', '-q', '.'], dir).stderr, /syntax error/);
});
