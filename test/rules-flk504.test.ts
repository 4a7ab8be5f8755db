/**
 * FLK504 under incremental analysis: whether a redirect's path is flagged, and how it is fixed,
 * depends on other top-level statements (the routes, the blueprint's constructor), so an edit
 * there must reach the redirect's finding, as a fresh analysis sees it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../server/src/engine';
import { fixAvailability } from '../server/src/engine/fixes';
import { loadGrammarBytes } from '../server/src/host/grammarFiles';
import { hardcodedUrlPath } from '../server/src/rules/hardcoded-url-path';
import { settingsWith } from './support/engine';

const MODULE = [
  'from flask import Blueprint, redirect',
  '',
  'bp = Blueprint("shop", __name__, url_prefix="/shop")',
  '',
  '',
  '@bp.route("/latest")',
  'def latest():',
  '    return redirect("/shop/items/1")',
  '',
  '',
  '@bp.route("/goods/<int:item_id>")',
  'def item(item_id):',
  '    return "item"',
  '',
].join('\n');

type Analysis = { findings: readonly { code: string; message: string; range: { start: number }; fix?: Parameters<typeof fixAvailability>[0] }[] };
const summary = (a: Analysis) =>
  a.findings.map((f) => `${f.code} ${f.range.start} ${f.message} | ${f.fix && fixAvailability(f.fix).ok ? f.fix.title : 'no fix'}`);

test('editing a route or the blueprint elsewhere in the module changes the redirect’s finding, as a fresh analysis does', async () => {
  const engine = await Engine.create(loadGrammarBytes(__dirname), [hardcodedUrlPath]);
  const settings = settingsWith({});
  const fresh = (text: string) => engine.analyseText(text, settings, summary);
  const uri = 'mem://flk504.py';
  engine.open(uri, MODULE, 1);
  const analysed = () => summary(engine.analyse(uri, settings)!);
  const replace = (version: number, from: string, to: string) => {
    const text = engine.document(uri)!.text;
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(from));
    const character = lines[line]!.indexOf(from);
    engine.change(uri, [{ range: { start: { line, character }, end: { line, character: character + from.length } }, text: to }], version);
    return engine.document(uri)!.text;
  };
  try {
    assert.deepEqual(analysed(), []);
    // The route's rule now matches the path.
    let text = replace(2, '"/goods/', '"/items/');
    let findings = analysed();
    assert.deepEqual(findings, fresh(text));
    assert.equal(findings.length, 1);
    assert.match(findings[0]!, /shop\.item.*url_for\("shop\.item", item_id=1\)$/);
    // The blueprint's name gives the endpoint.
    text = replace(3, '"shop", __name__', '"store", __name__');
    findings = analysed();
    assert.deepEqual(findings, fresh(text));
    assert.match(findings[0]!, /url_for\("store\.item", item_id=1\)$/);
    // Another prefix: the path is no longer the route's URL.
    text = replace(4, 'url_prefix="/shop"', 'url_prefix="/store"');
    assert.deepEqual(analysed(), fresh(text));
    assert.deepEqual(analysed(), []);
  } finally {
    engine.close(uri);
  }
});
