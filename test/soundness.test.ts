/**
 * Fix soundness (the README: "A fix that would break the code is never offered"), checked on a
 * corpus of realistic one-module Flask apps, `test/soundness/*.py`.
 *
 * Each module gets every fix, unsafe ones included (so FLK101's factory rewrite), as `check --fix
 * --unsafe-fixes` would apply them. Then Debian's Python, through the long-lived probe, checks that
 * the fixed module compiles and imports, and that its app does what the original did: the same
 * status, body and headers on every argument-free GET route (request hooks show in the headers,
 * error handlers on a route that raises), the same answer to a missing URL, the same CLI command
 * results, the same template filters, globals and Jinja options, and the same routes after the
 * commands ran. A fixed module with `create_app(test_config=None)` must build from a test config
 * with SECRET_KEY unset, and every test config value must win. A second fix pass changes nothing.
 *
 * The corpus lives under test/, where the engine reports nothing (test code), so each module is
 * analysed as `app.py`. The last test prints the counts: findings, factory fixes, refusals by reason.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixAvailability, type Engine } from '../server/src/engine';
import { settingsWith, testEngine } from './support/engine';
import { PythonProbe, type Behaviour } from './support/python';

const ROOT = join(__dirname, 'soundness');
/** The name every module is analysed and imported under. */
const ANALYSED_AS = 'app.py';
const MODULE = 'app';
const MIN_MODULES = 50;
/** A module-level factory that tests can hand their own config. */
const TAKES_TEST_CONFIG = /^def create_app\(test_config\b/m;
const TEST_CONFIG = { SECRET_KEY: 'test-key', TESTING: true, SOUNDNESS_TEST_CONFIG: 'applied' };
/** What the original and the fixed app must agree on (see Behaviour). */
const COMPARED = ['routes', 'missing', 'cli', 'templates', 'routes_after_cli'] as const;

const modules = readdirSync(ROOT)
  .filter((f) => f.endsWith('.py'))
  .sort();
const settings = settingsWith({});

const tally = { modules: 0, findings: 0, factoryFixes: 0, refusals: new Map<string, number>() };
/** How many corpus apps exercise each compared part, so none of the comparisons is vacuous. */
const coverage = { 'CLI commands': 0, 'template filters': 0, 'template globals': 0, 'context processors': 0, 'views that raise': 0, 'custom 404': 0, 'hook headers': 0 };

const DEFAULT_HEADERS = new Set(['Content-Length', 'Content-Type', 'Location', 'Set-Cookie', 'Vary']);

function countCoverage(app: Behaviour): void {
  const responses = Object.values(app.routes).filter((r) => 'status' in r);
  if (Object.values(app.cli).some((c) => 'exit_code' in c)) coverage['CLI commands']++;
  if (Object.keys(app.templates.filters).length > 0) coverage['template filters']++;
  if (Object.keys(app.templates.globals).length > 0) coverage['template globals']++;
  if (Object.keys(app.templates.context).length > 0) coverage['context processors']++;
  if (responses.some((r) => r.raised)) coverage['views that raise']++;
  if ('body' in app.missing && !app.missing.body.includes('<title>404 Not Found</title>')) coverage['custom 404']++;
  if (responses.some((r) => r.headers.some(([name]) => !DEFAULT_HEADERS.has(name)))) coverage['hook headers']++;
}

let engine: Engine;
let python: PythonProbe;
before(async () => {
  engine = await testEngine();
  python = PythonProbe.start();
});
after(() => python.close());

/** FLK101's findings in `text`, each with the reason its fix is refused (undefined: offered). */
function factoryFindings(text: string): (string | undefined)[] {
  return engine.analyseText(
    text,
    settings,
    (analysis) =>
      analysis.findings
        .filter((f) => f.code === 'FLK101')
        .map((f) => {
          const availability = f.fix ? fixAvailability(f.fix) : { ok: false as const, reason: 'no fix' };
          return availability.ok ? undefined : availability.reason;
        }),
    ANALYSED_AS,
  );
}

/**
 * FLK502's fix turns a literal `debug=True` into a FLASK_DEBUG read: the fixed app runs with
 * FLASK_DEBUG=1, as a developer who wants the old behaviour would (debug pretty-prints JSON).
 */
function environmentFor(text: string, fixed: string): Record<string, string> {
  return fixed.includes('FLASK_DEBUG') && !text.includes('FLASK_DEBUG') ? { FLASK_DEBUG: '1' } : {};
}

/** Where the fixed app's behaviour departs from the original's, one line per compared part. */
function differences(original: Behaviour, fixed: Behaviour): string[] {
  const found: string[] = [];
  for (const part of COMPARED) {
    try {
      assert.deepEqual(fixed[part], original[part]);
    } catch (e) {
      found.push(`${part} differ:\n${(e as Error).message}`);
    }
  }
  return found;
}

test(`the corpus has at least ${MIN_MODULES} modules, each saying what it exercises`, () => {
  assert.ok(modules.length >= MIN_MODULES, `${modules.length} modules`);
  for (const file of modules) {
    assert.doesNotMatch(file, /^test_|_test\.py$|^conftest\.py$/, `${file}: a test module's name`);
    assert.match(readFileSync(join(ROOT, file), 'utf8'), /^"""\S[\s\S]*?"""/, `${file}: no header docstring`);
  }
});

describe('every fix keeps the corpus app working the same', () => {
  for (const file of modules) {
    test(file, async () => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const found = factoryFindings(text);
      const fixed = engine.fixAll(text, settings, true, ANALYSED_AS).text;
      const left = factoryFindings(fixed);
      tally.modules++;
      tally.findings += found.length;
      tally.factoryFixes += found.length - left.length;
      for (const reason of left) {
        const key = reason ?? 'offered but not applied';
        tally.refusals.set(key, (tally.refusals.get(key) ?? 0) + 1);
      }

      // The corpus itself must run; app.run() at import is only counted, so an unguarded module compares too.
      const original = await python.exercise({ [ANALYSED_AS]: text }, MODULE, { tolerateRun: true });
      assert.ok(original.ok, `${file}: the corpus module itself does not import: ${!original.ok && original.error}`);

      const problems: string[] = [];
      if (engine.fixAll(fixed, settings, true, ANALYSED_AS).text !== fixed) problems.push('a second fix pass changes the text');
      const compiled = await python.compile(fixed, ANALYSED_AS);
      if (!compiled.ok) problems.push(`the fixed module does not compile: ${compiled.error}`);
      const result = await python.exercise({ [ANALYSED_AS]: fixed }, MODULE, { env: environmentFor(text, fixed) });
      if (!result.ok) problems.push(`the fixed module fails under Flask:\n${result.error}`);
      else {
        if (found.length > left.length && result.how !== 'factory:create_app') problems.push(`the rewritten module's app was found as ${result.how}`);
        problems.push(...differences(original, result));
      }
      countCoverage(original);

      if (TAKES_TEST_CONFIG.test(fixed)) {
        const built = await python.buildWithTestConfig({ [ANALYSED_AS]: fixed }, MODULE, TEST_CONFIG, { env: { SECRET_KEY: null } });
        if (!built.ok) problems.push(`create_app(test_config) with SECRET_KEY unset fails:\n${built.error}`);
        else if (!built.factory) problems.push('the probe found no create_app(test_config)');
        else if (Object.keys(built.mismatches).length > 0) {
          problems.push(`create_app(test_config) does not keep the test config: ${JSON.stringify(built.mismatches)}`);
        }
      }

      if (problems.length > 0) assert.fail(`${file}:\n${problems.join('\n')}\n--- fixed module ---\n${fixed}`);
    });
  }
});

test('summary: every FLK101 finding was either fixed or refused with a reason', (t) => {
  const refused = [...tally.refusals.values()].reduce((a, b) => a + b, 0);
  t.diagnostic(`soundness corpus: ${tally.modules} modules, ${tally.findings} FLK101 findings, ${tally.factoryFixes} factory fixes applied, ${refused} refused`);
  for (const [reason, count] of [...tally.refusals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    t.diagnostic(`  refused ${count}x: ${reason}`);
  }
  t.diagnostic(`corpus apps exercising: ${Object.entries(coverage).map(([part, n]) => `${part} ${n}`).join(', ')}`);
  assert.equal(tally.modules, modules.length, 'not every module was checked');
  for (const [part, count] of Object.entries(coverage)) assert.ok(count > 0, `no corpus app exercises ${part}`);
  assert.equal(tally.factoryFixes + refused, tally.findings);
  assert.equal(tally.refusals.get('offered but not applied'), undefined, 'a fix was offered but fix-all did not apply it');
});
