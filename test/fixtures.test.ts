/**
 * Rule fixtures: `test/fixtures/<CODE>-<slug>/<case>.py` with checked markers, and a
 * `<case>.fixed.py` snapshot wherever the rule fixes something.
 *
 * Markers are trailing comments (support/markers.ts): `# expect: FLK101` on a line the rule must
 * report, `# ok: FLK101` on a near miss. Any finding on a line without `expect` fails, and so does
 * an `expect` with no finding. Rules that check other files have their own harness
 * (fixtures-files.test.ts).
 *
 * The fixed text must be stable (a second fix-all changes nothing), parse without new ERROR
 * nodes, compile with Python, and, where the original imports under Debian's Flask, serve the
 * same status, body and redirect `Location` on every GET route before and after.
 *
 * `UPDATE_SNAPSHOTS=1` rewrites the `.fixed.py` files.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { offersFix, type Engine } from '../server/src/engine';
import { PythonProbe } from './support/python';
import { settingsWith, testEngine } from './support/engine';
import { readMarkers } from './support/markers';
import { RULES } from '../server/src/rules';

const ROOT = join(__dirname, 'fixtures');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
/** Rules whose fixtures must include at least one app that runs under Flask before and after. */
const MUST_RUN_UNDER_FLASK = new Set(['FLK101', 'FLK102', 'FLK201', 'FLK504']);

function errorCount(engine: Engine, text: string): number {
  return engine.syntaxErrorCount(text);
}

/** Rules that check files other than Python have their own harness (fixtures-files.test.ts). */
const fileRuleDirs = new Set(RULES.filter((r) => r.checkFile).map((r) => `${r.meta.code}-${r.meta.slug}`));
const ruleDirs = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !fileRuleDirs.has(d.name))
  .map((d) => d.name)
  .sort();

let engine: Engine;
let python: PythonProbe;
before(async () => {
  engine = await testEngine();
  python = PythonProbe.start();
});
after(async () => {
  await python.close();
});

for (const dir of ruleDirs) {
  const code = dir.split('-')[0]!;
  describe(dir, () => {
    const cases = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.py') && !f.endsWith('.fixed.py')).sort();
    let ranUnderFlask = 0;

    test('the directory names a registered rule, by code and slug', () => {
      const rule = engine.rule(code);
      assert.ok(rule, `no rule ${code}`);
      assert.equal(dir, `${rule.meta.code}-${rule.meta.slug}`);
      assert.ok(cases.length > 0, 'no fixtures');
    });

    for (const file of cases) {
      test(file, async () => {
        const path = join(ROOT, dir, file);
        const fixedPath = path.replace(/\.py$/, '.fixed.py');
        const text = readFileSync(path, 'utf8');
        const settings = settingsWith({ select: [code] });
        const markers = readMarkers(text);
        assert.ok(markers.every((m) => m.codes.every((c) => c === code)), `${file}: markers must name ${code} only`);

        const findings = engine.analyseText(text, settings, (a) => a.findings.map((f) => ({ line: a.lines.lineOf(f.range.start), fixable: offersFix(f), message: f.message })));
        const expected = markers.filter((m) => m.kind === 'expect').map((m) => m.line + 1).sort((a, b) => a - b);
        const actual = [...new Set(findings.map((f) => f.line + 1))].sort((a, b) => a - b);
        assert.deepEqual(actual, expected, `${file}: lines with findings (1-based) differ from the # expect markers`);

        const fixable = findings.some((f) => f.fixable);
        if (!fixable) {
          assert.ok(!existsSync(fixedPath) || UPDATE, `${file}: has a .fixed.py but the rule fixes nothing here`);
          if (UPDATE && existsSync(fixedPath)) rmSync(fixedPath);
          return;
        }
        const fixed = engine.fixAll(text, settings, true);
        assert.notEqual(fixed.text, text, `${file}: fixes changed nothing`);
        assert.ok(fixed.passes < 5, `${file}: fixes did not converge`);
        if (UPDATE) writeFileSync(fixedPath, fixed.text);
        assert.ok(existsSync(fixedPath), `${file}: missing snapshot ${fixedPath} (run with UPDATE_SNAPSHOTS=1)`);
        assert.equal(fixed.text, readFileSync(fixedPath, 'utf8'), `${file}: fixed text differs from the snapshot`);

        // The fix removes what it fixes, and a second run changes nothing.
        const again = engine.fixAll(fixed.text, settings, true);
        assert.equal(again.text, fixed.text, `${file}: fix-all is not idempotent`);
        const remaining = engine.analyseText(fixed.text, settings, (a) => a.findings.filter(offersFix).length);
        assert.equal(remaining, 0, `${file}: fixable findings remain after fixing`);
        assert.ok(errorCount(engine, fixed.text) <= errorCount(engine, text), `${file}: the fix introduced syntax errors`);

        const compiledBefore = await python.compile(text);
        const compiled = await python.compile(fixed.text);
        if (compiledBefore.ok) assert.ok(compiled.ok, `${file}: fixed code does not compile: ${compiled.error}`);

        const before = await python.probe({ 'fixture_app.py': text }, 'fixture_app');
        if (before.ok) {
          const afterFix = await python.probe({ 'fixture_app.py': fixed.text }, 'fixture_app');
          assert.ok(afterFix.ok, `${file}: the fixed app no longer runs under Flask: ${afterFix.error}`);
          assert.deepEqual(afterFix.routes, before.routes, `${file}: routes answer differently after the fix`);
          assert.ok(Object.keys(before.routes ?? {}).length > 0, `${file}: the app serves no GET route to compare`);
          ranUnderFlask++;
        }
      });
    }

    if (MUST_RUN_UNDER_FLASK.has(code)) {
      test('at least one fixture runs under Flask before and after its fix', () => {
        assert.ok(ranUnderFlask > 0, `${dir}: no fixture ran under Flask's test client`);
      });
    }
  });
}
