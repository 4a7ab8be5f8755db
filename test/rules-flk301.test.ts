/**
 * FLK301 and FLK302 together: one line never gets both findings, and under incremental analysis
 * a helper's finding follows the views that call it, with fixes whose edits (the class and the
 * handler they add) are those of a fresh analysis.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine, fixAvailability, type Analysis } from '../server/src/engine';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { inlineErrorResponse } from '../server/src/rules/inline-error-response';
import { perRouteErrorHandling } from '../server/src/rules/per-route-error-handling';
import { settingsWith } from './support/engine';

const settings = settingsWith({});

/** Findings with their fixes' edits, computed while the analysis lives. */
function summary(analysis: Analysis): string[] {
  return analysis.findings.map((f) => {
    const line = analysis.lines.lineOf(f.range.start) + 1;
    const fix = f.fix && fixAvailability(f.fix);
    const edits = f.fix && fix?.ok ? JSON.stringify(f.fix.edits()) : JSON.stringify(fix);
    return `${f.code} line ${line} ${edits}`;
  });
}

test('the guide’s example: FLK301 on the `try`, FLK302 on the error returned in its body, nothing on the returns in its `except` clauses', async () => {
  const engine = await Engine.create(loadGrammarBytes(__dirname), [perRouteErrorHandling, inlineErrorResponse]);
  const text = [
    'from flask import Flask, jsonify',
    '',
    'app = Flask(__name__)',
    '',
    '',
    '@app.route("/users/<int:user_id>")',
    'def get_user(user_id):',
    '    try:',
    '        if user_id != 1:',
    '            return jsonify({"error": "Not found"}), 404',
    '        return jsonify(name="ada")',
    '    except LookupError:',
    '        return jsonify({"error": "Database error"}), 500',
    '    except Exception:',
    '        return jsonify({"error": "Unknown error"}), 500',
    '',
  ].join('\n');
  const found = engine.analyseText(text, settings, (a) =>
    a.findings.map((f) => ({ code: f.code, line: a.lines.lineOf(f.range.start) + 1, fix: f.fix && fixAvailability(f.fix) })),
  );
  assert.deepEqual(
    found.map((f) => `${f.code} ${f.line}`),
    ['FLK301 8', 'FLK302 10'],
  );
  // The `except Exception` would catch what the body raises: FLK302's fix is not offered there.
  assert.deepEqual(found[0]!.fix, { ok: true });
  assert.deepEqual(found[1]!.fix, { ok: false, reason: 'an `except` around it would catch the raised error' });
});

const MODULE = [
  'from flask import Flask, jsonify',
  '',
  'app = Flask(__name__)',
  '',
  '',
  'def missing():',
  '    return jsonify({"error": "Missing"}), 404',
  '',
  '',
  '@app.route("/")',
  'def index():',
  '    return "ok"',
  '',
].join('\n');

test('a helper’s error return is flagged once a view calls it, and its fix’s edits follow edits elsewhere, as a fresh analysis’s do', async () => {
  const engine = await Engine.create(loadGrammarBytes(__dirname), [perRouteErrorHandling, inlineErrorResponse]);
  const fresh = (text: string) => engine.analyseText(text, settings, summary);
  const uri = 'mem://flk302.py';
  engine.open(uri, MODULE, 1);
  const analysed = () => summary(engine.analyse(uri, settings)!);
  try {
    assert.deepEqual(analysed(), []);
    const line = MODULE.split('\n').indexOf('    return "ok"');
    engine.change(uri, [{ range: { start: { line, character: 11 }, end: { line, character: 15 } }, text: 'missing()' }], 2);
    const calling = analysed();
    assert.deepEqual(calling, fresh(engine.document(uri)!.text));
    assert.equal(calling.length, 1);
    assert.match(calling[0]!, /^FLK302 line 7 .*class APIError\(Exception\)/);
    // An error class with a handler typed below: the kept finding's fix now reuses them.
    const end = MODULE.split('\n').length - 1;
    const handled = '\n\nclass APIError(Exception):\n    def __init__(self, message, status_code=400):\n        self.message = message\n        self.status_code = status_code\n\n\napp.register_error_handler(APIError, lambda e: (jsonify(error=e.message), e.status_code))\n';
    engine.change(uri, [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: handled }], 3);
    const reused = analysed();
    assert.deepEqual(reused, fresh(engine.document(uri)!.text));
    assert.equal(reused.length, 1);
    assert.doesNotMatch(reused[0]!, /class APIError/);
    assert.match(reused[0]!, /raise APIError\(\\"Missing\\", status_code=404\)/);
  } finally {
    engine.close(uri);
  }
});
