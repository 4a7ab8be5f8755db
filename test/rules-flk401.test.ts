/**
 * FLK401 beyond its fixtures: findings and fixes that depend on other top-level statements (the
 * view that calls a helper, the factory where `cache.init_app` goes) under incremental analysis,
 * and the `from` import its fixes add.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { applyEdits, fixAvailability, type Analysis, type Engine } from '../server/src/engine';
import { ensureFromImport, ensureImport } from '../server/src/engine/edits';
import { settingsWith, testEngine } from './support/engine';

let engine: Engine;
before(async () => {
  engine = await testEngine();
});
const settings = settingsWith({ select: ['FLK401'] });

/** What a user sees of FLK401's findings, fixes' availability and edits included. */
function seen(analysis: Analysis): string[] {
  return analysis.findings.map((f) => {
    const availability = f.fix ? fixAvailability(f.fix) : undefined;
    const edits = f.fix && availability?.ok ? JSON.stringify(f.fix.edits()) : '';
    return `${f.range.start} ${f.message} ${JSON.stringify(availability)} ${edits}`;
  });
}

/** Opens `text`, applies `edit` (a replacement of `from` by `to`), and compares the analysis with a fresh one. */
function editAndCompare(text: string, from: string, to: string): string[] {
  const uri = 'mem://flk401.py';
  engine.open(uri, text, 1);
  try {
    engine.analyse(uri, settings);
    const offset = text.indexOf(from);
    const lines = text.slice(0, offset).split('\n');
    const start = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    const endLines = text.slice(0, offset + from.length).split('\n');
    const end = { line: endLines.length - 1, character: endLines[endLines.length - 1]!.length };
    engine.change(uri, [{ range: { start, end }, text: to }], 2);
    const edited = engine.document(uri)!.text;
    const incremental = seen(engine.analyse(uri, settings)!);
    assert.deepEqual(incremental, engine.analyseText(edited, settings, seen));
    return incremental;
  } finally {
    engine.close(uri);
  }
}

const HELPER = [
  'from flask import Blueprint',
  '',
  'bp = Blueprint("pages", __name__)',
  'events = []',
  '',
  '',
  'def record(name):',
  '    events.append(name)',
  '',
  '',
  '@bp.route("/")',
  'def index():',
  '    return "ok"',
  '',
].join('\n');

const MEMO = [
  'from flask import Blueprint, Flask',
  '',
  'bp = Blueprint("pages", __name__)',
  '_cache = {}',
  '',
  '',
  '@bp.route("/<key>")',
  'def page(key):',
  '    if key not in _cache:',
  '        _cache[key] = key.upper()',
  '    return _cache[key]',
  '',
  '',
  '# the factory goes here',
  '',
].join('\n');

describe('FLK401 under incremental analysis', () => {
  test('a view that starts calling a helper flags the helper’s mutation, as a fresh analysis does', () => {
    assert.equal(engine.analyseText(HELPER, settings, seen).length, 0);
    const findings = editAndCompare(HELPER, 'return "ok"', 'record("index") or "ok"');
    assert.equal(findings.length, 1);
    assert.match(findings[0]!, /`events` is module-level state .* `record`, which views call/);
  });

  test('a factory added elsewhere makes the memo fix available, with its `init_app` inside it', () => {
    const before = engine.analyseText(MEMO, settings, seen);
    assert.equal(before.length, 1);
    assert.match(before[0]!, /"ok":false.*another module/);
    const factory = 'def create_app():\n    app = Flask(__name__)\n    app.register_blueprint(bp)\n    return app';
    const after = editAndCompare(MEMO, '# the factory goes here', factory);
    assert.equal(after.length, 1);
    assert.match(after[0]!, /\{"ok":true\}/);
    const fixed = engine.fixAll(MEMO.replace('# the factory goes here', factory), settings, true).text;
    assert.match(fixed, /    app\.config\.setdefault\("CACHE_TYPE", "SimpleCache"\)\n    cache\.init_app\(app\)\n    return app/);
    assert.doesNotMatch(fixed, /_cache = \{\}/);
  });
});

describe('ensureFromImport', () => {
  const added = (text: string, module: string, name: string) =>
    engine.inspectModel(text, (model) => applyEdits(text, ensureFromImport(model, text, module, name)));

  test('adds the name to an existing `from` import, in Ruff’s member order, also across lines', () => {
    assert.equal(added('from flask import Flask, jsonify\n', 'flask', 'g'), 'from flask import Flask, g, jsonify\n');
    assert.equal(added('from flask import Flask\n', 'flask', 'g'), 'from flask import Flask, g\n');
    assert.equal(added('from flask import (\n    Flask,\n    jsonify,\n)\n', 'flask', 'g'), 'from flask import (\n    Flask,\n    g,\n    jsonify,\n)\n');
  });

  test('binds nothing twice, and puts a new module among the third-party imports in isort’s order', () => {
    assert.equal(added('from flask import g\n', 'flask', 'g'), 'from flask import g\n');
    const text = 'import os\n\nfrom flask import Flask\nfrom werkzeug import abort\n\nfrom .models import User\n';
    assert.equal(added(text, 'flask_caching', 'Cache'), 'import os\n\nfrom flask import Flask\nfrom flask_caching import Cache\nfrom werkzeug import abort\n\nfrom .models import User\n');
    assert.equal(added('"""Doc."""\nx = 1\n', 'flask_caching', 'Cache'), '"""Doc."""\nfrom flask_caching import Cache\n\nx = 1\n');
  });
});

describe('ensureImport', () => {
  const added = (text: string) => engine.inspectModel(text, (model) => applyEdits(text, ensureImport(model, text, 'os')));

  test('a module\'s first import is followed by a blank line where code came at once, as isort leaves it', () => {
    assert.equal(added('"""Doc."""\nX = 1\n'), '"""Doc."""\nimport os\n\nX = 1\n');
    assert.equal(added('"""Doc."""\n\nX = 1\n'), '"""Doc."""\nimport os\n\nX = 1\n');
    assert.equal(added('#!/usr/bin/env python\r\nX = 1\r\n'), '#!/usr/bin/env python\r\nimport os\r\n\r\nX = 1\r\n');
    assert.equal(added('X = 1\n'), 'import os\n\nX = 1\n');
    assert.equal(added('"""Doc."""'), '"""Doc."""\nimport os\n');
    assert.equal(added('import sys\nX = 1\n'), 'import os\nimport sys\nX = 1\n', 'among imports, nothing else moves');
  });
});

describe('FLK401’s Flask-Caching fix', () => {
  test('inserts its import and its `cache = Cache(...)` as one edit where both go to the same place', () => {
    // The string after the import is no docstring (it is not the module's first statement): `cache` goes before it, where the import goes too.
    const text = [
      'from flask import Flask',
      '"A note."',
      '',
      '_totals = {}',
      '',
      '',
      'def create_app():',
      '    app = Flask(__name__)',
      '',
      '    @app.route("/total/<section>")',
      '    def total(section):',
      '        if section not in _totals:',
      '            _totals[section] = len(section)',
      '        return str(_totals[section])',
      '',
      '    return app',
      '',
    ].join('\n');
    engine.analyseText(text, settings, (analysis) => {
      const fix = analysis.findings.find((f) => f.fix && fixAvailability(f.fix).ok)?.fix;
      assert.ok(fix, 'the memo fix is offered');
      const inserts = fix.edits().filter((e) => e.range.start === e.range.end).map((e) => e.range.start);
      assert.equal(new Set(inserts).size, inserts.length, `two insertions at one point: ${inserts.join(', ')}`);
      const fixed = applyEdits(text, fix.edits());
      assert.ok(fixed.indexOf('from flask_caching import Cache') < fixed.indexOf('cache = Cache('), fixed);
    });
  });
});
