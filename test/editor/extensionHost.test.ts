/**
 * The extension-host suite (test/editor/suite) in code-server against the packaged VSIX, and the
 * proof that it can fail: the same suite against a VSIX repacked without the Python grammar.
 *
 *   node --import tsx --test test/editor/extensionHost.test.ts
 * Desktop VS Code (needs internet): node --import tsx test/editor/runElectron.ts
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, test, type TestContext } from 'node:test';
import { freshTempDir, removeRunDir } from './paths';
import { buildEditorSuite, failedTests, formatReport, runSuiteInCodeServer, type SuiteRun } from './runInCodeServer';
import { repackWithout, VSIX_PATH } from './vsix';

let suite = '';

before(async () => {
  assert.ok(existsSync(VSIX_PATH), `${VSIX_PATH} is missing: run \`npm run package\` first`);
  suite = await buildEditorSuite();
});

/** The extension host's log without the workbench's connection chatter and offline-gallery errors. */
const NOISE = /open-vsx\.org|ENOTFOUND|connection token|Creating a socket|grace time|Service Worker|builtin extensions cache|AccountPolicyGate|AgentHost/;
function hostLog(run: SuiteRun): string[] {
  return run.log.flatMap((entry) => (NOISE.test(entry) ? [] : entry.split('\n'))).slice(-80);
}

function print(t: TestContext, run: SuiteRun): void {
  for (const line of formatReport(run).split('\n')) t.diagnostic(line);
}

test('the extension-host suite passes in code-server against the packaged VSIX', { timeout: 300_000 }, async (t) => {
  const run = await runSuiteInCodeServer({ suite, label: 'ext-host' });
  print(t, run);
  if (run.exitCode !== 0) for (const line of hostLog(run)) t.diagnostic(`host: ${line}`);
  assert.ok(run.report, 'the suite wrote its report');
  assert.equal(run.report.failed, 0, `no test failed; failed:\n${failedTests(run.report)}`);
  assert.ok(run.report.passed >= 17, `every test ran (${run.report.passed} passed)`);
  assert.equal(run.exitCode, 0, 'the extension host exited with 0');
  removeRunDir(run.runDir);
});

test('the suite fails on a broken VSIX (no tree-sitter-python.wasm)', { timeout: 300_000 }, async (t) => {
  const broken = join(freshTempDir('broken-vsix'), 'flask-practices-broken.vsix');
  repackWithout(VSIX_PATH, broken, 'extension/dist/tree-sitter-python.wasm');
  // The first test is enough: without the grammar no diagnostics ever arrive.
  const run = await runSuiteInCodeServer({ vsix: broken, suite, grep: 'activates on a Python file', waitDeadlineMs: 8000, label: 'ext-host-broken' });
  print(t, run);
  assert.notEqual(run.exitCode, 0, 'the extension host reports the failure');
  assert.ok(run.report, 'the suite wrote its report');
  assert.equal(run.report.failed, 1);
  assert.match(run.report.tests[0]!.error ?? '', /waited 8000 ms for codes FLK101, FLK102, FLK201, FLK501, FLK502, FLK503 in naive_app\.py; diagnostics now: \(none\)/);
  removeRunDir(run.runDir);
  removeRunDir(dirname(broken));
});
