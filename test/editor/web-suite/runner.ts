/**
 * The web suite's entry point (`extensionTestsPath` in the browser extension host): mocha's browser
 * build, no Node. The runner learns the result from the exit code (`codeAutomationExit`) and from
 * the report this logs to the host's console.
 */
import { REPORT_MARKER } from './markers';

interface TestResult {
  fullTitle(): string;
  duration?: number;
}
interface Runner {
  on(event: 'pass' | 'fail', listener: (test: TestResult, error?: Error) => void): void;
  on(event: 'end', listener: () => void): void;
}
interface BrowserMocha {
  setup(options: { ui: 'tdd'; reporter: new (runner: Runner) => unknown; timeout: number }): void;
  run(done: (failures: number) => void): void;
}

/** Logs each result, and the whole report as one line at the end (the browser build's own reporters want a DOM). */
class ConsoleReporter {
  constructor(runner: Runner) {
    const report = { passed: 0, failed: 0, tests: [] as { title: string; state: string; durationMs: number; error?: string }[] };
    runner.on('pass', (t) => {
      report.passed++;
      report.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
      console.log(`ok   ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t, error) => {
      report.failed++;
      report.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: error?.stack ?? String(error) });
      console.log(`FAIL ${t.fullTitle()}\n${error?.stack ?? String(error)}`);
    });
    runner.on('end', () => console.log(`${REPORT_MARKER} ${JSON.stringify(report)}`));
  }
}

export function run(): Promise<void> {
  // Its browser build, as scripts/build-editor-tests.mjs bundles it.
  const mocha = (require('mocha/mocha') as { default: BrowserMocha }).default;
  mocha.setup({ ui: 'tdd', reporter: ConsoleReporter, timeout: 90_000 });
  // Bundled into this file; loaded after setup, which hands it mocha's `suite` and `test`.
  require('./web.suite');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} web tests failed`)) : resolve()));
  });
}
