/**
 * The real-code corpus (corpus/README.md), Debian part: the packages in corpus/manifest.json are
 * downloaded once into the cache outside the clone, checked with the built CLI, scored against
 * corpus/labels.jsonl, then fixed (--fix --unsafe-fixes) on a copy that must compile, stay put on
 * a second run and serve the probed apps' GET routes as before. Skips when apt can reach neither
 * the cache nor Debian. The GitHub part needs a one-off import: `npm run corpus` runs both.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { report } from '../scripts/corpus/report';
import { runCorpus } from '../scripts/corpus/run';
import { precision, recall, score, type Label } from '../scripts/corpus/score';
import type { JsonFinding } from './support/cliRunner';

const finding = (file: string, line: number, code: string): JsonFinding => ({
  file, line, column: 1, endLine: line, endColumn: 2, code, slug: '', severity: 'warning', message: '', fixable: false,
});
const label = (file: string, line: number, code: string, expect: Label['expect']): Label => ({
  project: 'p', file, line, code, expect, ...(expect === 'none' ? { why: 'near-miss' } : {}),
});

test('scoring: a finding on a flag label is a TP, on a none label a FP; a flag label without a finding is a FN; an unlabelled finding is listed', () => {
  const labels = [label('a.py', 1, 'FLK101', 'flag'), label('a.py', 2, 'FLK503', 'none'), label('b.py', 3, 'FLK101', 'flag'), label('b.py', 4, 'FLK502', 'none')];
  const findings = [finding('a.py', 1, 'FLK101'), finding('a.py', 2, 'FLK503'), finding('c.py', 5, 'FLK102')];
  const result = score([{ project: 'p', findings }], [...labels, { ...label('a.py', 9, 'FLK101', 'flag'), project: 'not-run' }], ['FLK101', 'FLK102', 'FLK503']);
  assert.deepEqual(result.byRule.get('FLK101'), { tp: 1, fp: 0, fn: 1, tn: 0 });
  assert.deepEqual(result.byRule.get('FLK503'), { tp: 0, fp: 1, fn: 0, tn: 0 });
  assert.deepEqual(result.byRule.get('FLK502'), { tp: 0, fp: 0, fn: 0, tn: 1 });
  assert.deepEqual(result.unlabelled.map((f) => `${f.file}:${f.line}`), ['c.py:5']);
  assert.equal(precision(result.overall), 0.5);
  assert.equal(recall(result.overall), 0.5);
});

test('Debian corpus: every finding labelled, precision and recall goals met, fixes compile, are stable and keep the apps serving', async (t) => {
  const result = await runCorpus({ sources: ['debian'], fixes: true, log: (line) => t.diagnostic(line) });
  if (result.runs.length === 0) {
    t.skip(`no Debian corpus package is cached or downloadable (${result.skipped[0]?.reason ?? 'none in the manifest'}); run apt-get update, or npm run corpus where apt reaches Debian`);
    return;
  }
  const text = report(result);
  for (const line of text.split('\n')) t.diagnostic(line);
  assert.ok(result.score.overall.tp > 0, 'the corpus found nothing: the measurement would be vacuous');
  assert.ok(result.fixes.some((f) => f.probes.some((p) => p.routes > 0)), 'no app was served before and after its fixes');
  const missed = result.goals.filter((g) => !g.met);
  assert.deepEqual(missed, [], text);
});
