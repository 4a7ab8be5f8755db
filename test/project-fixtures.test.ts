/**
 * Fixtures that span several files: `test/projects/<CODE>-<slug>/<case>/` is a small project.
 * Every Python module of a case is indexed, and the index is told it has them all (as `check .`
 * from the case's root would), then each is checked with the rule alone against its `# expect:`
 * and `# ok:` markers (test/support/markers.ts), with its path relative to the case: rules that
 * look at where a module sits (`services/`) or at what other modules define see what they would
 * in an editor's workspace.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Engine } from '../server/src/engine';
import { readMarkers } from './support/markers';
import { settingsWith, testEngine } from './support/engine';

const ROOT = join(__dirname, 'projects');

let engine: Engine;
before(async () => {
  engine = await testEngine();
});

function pythonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pythonFiles(path);
    return name.endsWith('.py') ? [path] : [];
  });
}

for (const ruleDir of readdirSync(ROOT).sort()) {
  const code = ruleDir.split('-')[0]!;
  describe(ruleDir, () => {
    test('the directory names a registered rule, by code and slug', () => {
      const rule = engine.rule(code);
      assert.ok(rule, `no rule ${code}`);
      assert.equal(ruleDir, `${rule.meta.code}-${rule.meta.slug}`);
    });

    for (const caseName of readdirSync(join(ROOT, ruleDir)).sort()) {
      test(caseName, () => {
        const caseDir = join(ROOT, ruleDir, caseName);
        const root = `/fixtures/${ruleDir}/${caseName}/`;
        const files = pythonFiles(caseDir).map((file) => ({ path: relative(caseDir, file).split(sep).join('/'), text: readFileSync(file, 'utf8') }));
        for (const { path, text } of files) engine.indexFile(root + path, path, text);
        // Every module of the case is read, as `check .` from its root reads them: what the index lacks is not there.
        if (files.length > 0) engine.markProjectComplete(root + files[0]!.path, files[0]!.path);
        let expectations = 0;
        for (const { path, text } of files) {
          const markers = readMarkers(text);
          expectations += markers.length;
          assert.ok(markers.every((m) => m.codes.every((c) => c === code)), `${path}: markers must name ${code} only`);
          const lines = engine.analyseText(text, settingsWith({ select: [code] }), (a) => a.findings.map((f) => a.lines.lineOf(f.range.start) + 1), path, root + path);
          const expected = markers.filter((m) => m.kind === 'expect').map((m) => m.line + 1);
          assert.deepEqual([...new Set(lines)].sort((a, b) => a - b), expected.sort((a, b) => a - b), `${path}: lines with findings (1-based) differ from the # expect markers`);
        }
        assert.ok(expectations > 0, 'a case without markers tests nothing');
      });
    }
  });
}
