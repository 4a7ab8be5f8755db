/** The registry against its metadata, its docs and the README, as typescript-eslint checks its rules. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileKindOf, type Engine } from '../server/src/engine';
import { RULES } from '../server/src/rules';
import { expectedDocs } from '../scripts/gen-docs';
import { settingsWith, testEngine } from './support/engine';

const ROOT = join(__dirname, '..');
let engine: Engine;
before(async () => {
  engine = await testEngine();
});

test('codes are unique, ordered, FLK plus three digits in a guide section', () => {
  const codes = RULES.map((r) => r.meta.code);
  assert.equal(new Set(codes).size, codes.length);
  assert.deepEqual([...codes].sort(), codes, 'the registry lists rules in code order');
  for (const code of codes) assert.match(code, /^FLK[1-5]\d\d$/);
});

for (const rule of RULES) {
  const { meta } = rule;
  describe(meta.code, () => {
    test('slug is kebab-case and names the rule file', () => {
      assert.match(meta.slug, /^[a-z]+(-[a-z0-9]+)*$/);
      assert.ok(existsSync(join(ROOT, 'server/src/rules', `${meta.slug}.ts`)), `no server/src/rules/${meta.slug}.ts`);
    });

    test('every docs section is written', () => {
      for (const section of ['whatItDoes', 'whyItMatters', 'example', 'useInstead', 'fixSafety'] as const) {
        assert.ok(meta.docs[section].trim().length > 20, `${section} is empty or too short`);
      }
      assert.ok(meta.summary.length > 10);
    });

    test('every message id is used by the rule', () => {
      const source = readFileSync(join(ROOT, 'server/src/rules', `${meta.slug}.ts`), 'utf8');
      for (const id of Object.keys(meta.messages)) {
        const uses = source.split(id).length - 1;
        assert.ok(uses >= 2, `message id ${id} is declared but never reported`);
      }
    });

    // Examples are Python modules unless the docs name another file (a Dockerfile).
    const file = meta.docs.exampleFile;

    // A rule that looks across modules gets the rest of the example's project, indexed under a root of its own.
    const project = meta.docs.exampleProject;
    const root = `/rule-examples/${meta.code}/`;
    const location = project && file ? root + file : undefined;
    /** Indexes the project's other files, and `text` as the example's own file, as an editor's workspace would. */
    const indexProject = (text: string) => {
      if (!project || !file) return;
      for (const [path, other] of Object.entries(project)) engine.indexFile(root + path, path, other);
      engine.indexFile(root + file, file, text);
    };

    test('the Example is flagged and Use instead is not', () => {
      indexProject(meta.docs.example);
      const settings = settingsWith({ select: [meta.code] });
      const flagged = engine.analyseText(meta.docs.example, settings, (a) => a.findings.length, file, location);
      indexProject(meta.docs.useInstead);
      const clean = engine.analyseText(meta.docs.useInstead, settings, (a) => a.findings.length, file, location);
      assert.ok(flagged > 0, 'the Example is not flagged');
      assert.equal(clean, 0, 'Use instead is flagged');
    });

    test('Use instead is clean under every rule, so copying it raises nothing', () => {
      indexProject(meta.docs.useInstead);
      const codes = engine.analyseText(meta.docs.useInstead, settingsWith({}), (a) => a.findings.map((f) => f.code), file, location);
      assert.deepEqual(codes, []);
    });

    if (rule.checkFile) {
      test('a rule that checks other files names them, and its example is one', () => {
        assert.ok(rule.fileKinds && rule.fileKinds.length > 0, 'checkFile without fileKinds');
        const kind = file === undefined ? undefined : fileKindOf(file);
        assert.ok(kind && rule.fileKinds.includes(kind as never), `exampleFile ${file} is not a kind the rule checks`);
      });
    }

    test('messages read like Ruff\'s: no trailing period', () => {
      for (const [id, template] of Object.entries(meta.messages)) assert.doesNotMatch(template, /\.$/, `message ${id}`);
    });
  });
}

test('docs/rules/ is generated from the metadata and up to date (npm run docs)', () => {
  for (const [name, content] of expectedDocs()) {
    const path = join(ROOT, 'docs/rules', name);
    assert.ok(existsSync(path), `missing docs/rules/${name}`);
    assert.equal(readFileSync(path, 'utf8'), content, `docs/rules/${name} is out of date`);
  }
});

test("the README's rule table matches the registry", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\|\s*\[?(FLK\d{3})\]?(?:\([^)]*\))?\s*\|\s*`([a-z0-9-]+)`\s*\|/gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(rows, RULES.map((r) => `${r.meta.code} ${r.meta.slug}`));
});
