/**
 * FLK402 under incremental analysis: whether a helper's `global` is flagged depends on another
 * top-level statement (the view that calls it), so an edit there must reach the helper's findings.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../server/src/engine';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { globalInView } from '../server/src/rules/global-in-view';
import { settingsWith } from './support/engine';

const MODULE = [
  'from flask import Flask',
  '',
  'app = Flask(__name__)',
  'total = 0',
  '',
  '',
  'def record():',
  '    global total',
  '    total += 1',
  '',
  '',
  '@app.route("/")',
  'def index():',
  '    # record() is only mentioned here',
  '    return "ok"',
  '',
].join('\n');

test('an edit that makes a view call a helper flags the helper’s `global`, as a fresh analysis does', async () => {
  const engine = await Engine.create(loadGrammarBytes(__dirname), [globalInView]);
  const settings = settingsWith({});
  const summary = (a: { findings: readonly { code: string; message: string; range: { start: number } }[] }) =>
    a.findings.map((f) => `${f.code} ${f.range.start} ${f.message}`);
  const fresh = (text: string) => engine.analyseText(text, settings, summary);
  const uri = 'mem://flk402.py';
  engine.open(uri, MODULE, 1);
  const analysed = () => summary(engine.analyse(uri, settings)!);
  try {
    assert.deepEqual(analysed(), []);
    const line = MODULE.split('\n').indexOf('    return "ok"');
    engine.change(uri, [{ range: { start: { line, character: 11 }, end: { line, character: 15 } }, text: 'record() or "ok"' }], 2);
    const edited = engine.document(uri)!.text;
    const findings = analysed();
    assert.deepEqual(findings, fresh(edited));
    assert.equal(findings.length, 1);
    assert.equal(findings[0], `FLK402 ${edited.indexOf('global total')} \`global total\` in \`record\`, which views call: every request thread rebinds the same module state`);
    // Undone: the helper is no longer reached, and its finding goes.
    engine.change(uri, [{ range: { start: { line, character: 11 }, end: { line, character: 27 } }, text: '"ok"' }], 3);
    assert.equal(engine.document(uri)!.text, MODULE);
    assert.deepEqual(analysed(), []);
  } finally {
    engine.close(uri);
  }
});
