/**
 * The extension-host test entry point: VS Code loads its bundle (out/editor-tests/index.js, built
 * with mocha by scripts/build-editor-tests.mjs) as `extensionTestsPath` and calls `run()`. It
 * rejects when a test fails, which makes VS Code exit with 1 (test-electron's exit code,
 * code-server's `codeAutomationExit`).
 *
 * Environment (set on the editor process, inherited by the extension host):
 *   FLASK_PRACTICES_SUITE_REPORT  write a JSON summary of every test here
 *   FLASK_PRACTICES_SUITE_GREP    run only the tests whose title matches this
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

export interface SuiteReport {
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed'; durationMs: number; error?: string }[];
}

export function run(): Promise<void> {
  const grep = process.env.FLASK_PRACTICES_SUITE_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 90_000, ...(grep ? { grep } : {}) });
  // The tests are bundled into this file; hand them mocha's `suite`/`test` before they load.
  mocha.suite.emit('pre-require', globalThis, 'extension.suite.js', mocha);
  require('./extension.suite');

  const report: SuiteReport = { passed: 0, failed: 0, tests: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const file = process.env.FLASK_PRACTICES_SUITE_REPORT;
      if (file) writeFileSync(file, JSON.stringify(report, null, 2));
      if (failures > 0) reject(new Error(`${failures} of ${report.tests.length} editor tests failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      report.passed++;
      report.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
    });
    runner.on('fail', (t, error: Error) => {
      report.failed++;
      report.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: error?.stack ?? String(error) });
    });
  });
}
