/**
 * Runs the extension-host suite (test/editor/suite) against a VSIX inside code-server, the way
 * @vscode/test-electron runs it in desktop VS Code: the VSIX is unpacked and its `extension/`
 * folder becomes `extensionDevelopmentPath`; the suite bundle is `extensionTestsPath`. Chromium
 * opens the workbench; with `enable-smoke-test-driver` the page learns the suite's exit code
 * through `codeAutomationExit`.
 *
 *   node --import tsx test/editor/runInCodeServer.ts [path/to.vsix]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { startChromium, type BrowserSession } from './browser';
import { ensureCodeServer, startCodeServer, type CodeServer } from './codeServer';
import { copyWorkspace, freshTempDir, REPO_ROOT } from './paths';
import { runToCompletion } from './processes';
import type { SuiteReport } from './suite/runner';
import { unpackVsix, VSIX_PATH } from './vsix';

export interface SuiteRun {
  /** The extension host's exit code: 0 when every test passed. */
  exitCode: number;
  /** Per-test results written by the suite (missing if it never got that far). */
  report?: SuiteReport;
  /** What the extension host logged (mocha's spec reporter among it). */
  log: string[];
  runDir: string;
  durationMs: number;
}

export interface SuiteRunOptions {
  vsix?: string;
  /** Only tests whose title matches (mocha's grep). */
  grep?: string;
  /** A failure deadline for the whole run. */
  timeoutMs?: number;
  /** Per-wait deadline inside the suite. */
  waitDeadlineMs?: number;
  label?: string;
  /** An already built suite bundle (else it is built now). */
  suite?: string;
}

/** Bundles the suite with scripts/build-editor-tests.mjs and returns the bundle's path. */
export async function buildEditorSuite(): Promise<string> {
  const output = await runToCompletion(process.execPath, [join(REPO_ROOT, 'scripts', 'build-editor-tests.mjs')], { cwd: REPO_ROOT, timeoutMs: 60_000 });
  return output.trim().split('\n').pop()!;
}

export async function runSuiteInCodeServer(options: SuiteRunOptions = {}): Promise<SuiteRun> {
  const started = Date.now();
  const vsix = options.vsix ?? VSIX_PATH;
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first`);
  const [launcher, suite] = await Promise.all([ensureCodeServer(), options.suite ?? buildEditorSuite()]);

  const runDir = freshTempDir(options.label ?? 'ext-host');
  const extension = unpackVsix(vsix, join(runDir, 'vsix'));
  const workspace = join(runDir, 'workspace');
  copyWorkspace(workspace);
  const reportFile = join(runDir, 'suite-report.json');

  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  const log: string[] = [];
  try {
    server = await startCodeServer({
      launcher,
      runDir,
      smokeTestDriver: true,
      env: {
        FLASK_PRACTICES_SUITE_REPORT: reportFile,
        FLASK_PRACTICES_EXPECTED_EXTENSION_PATH: extension,
        // Inherited by the extension host and the language server it forks: turns on the
        // server's test-only commands (crash, pid). Users never have it.
        FLASK_PRACTICES_TEST_COMMANDS: '1',
        ...(options.grep ? { FLASK_PRACTICES_SUITE_GREP: options.grep } : {}),
        ...(options.waitDeadlineMs ? { FLASK_PRACTICES_SUITE_DEADLINE_MS: String(options.waitDeadlineMs) } : {}),
      },
    });
    browser = await startChromium(runDir);
    const { page } = browser;
    let reportExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    // The extension host's console (mocha's spec reporter among it), with printf-style arguments.
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => log.push(format(...args)));
    const url = server.folderUrl(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(extension)],
      ['extensionTestsPath', server.remoteUri(suite)],
    ]);
    await page.goto(url);
    const timeoutMs = options.timeoutMs ?? 240_000;
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exit,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the extension-host suite did not finish within ${timeoutMs} ms (logs in ${runDir})\n${log.slice(-40).join('\n')}`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as SuiteReport) : undefined;
    return { exitCode, ...(report ? { report } : {}), log, runDir, durationMs: Date.now() - started };
  } finally {
    await browser?.stop();
    await server?.stop();
  }
}

/** The failed tests with their errors, for an assertion's message: CI shows that, not a test's diagnostics. */
export function failedTests(report: SuiteReport): string {
  return report.tests
    .filter((t) => t.state === 'failed')
    .map((t) => `${t.title}\n${(t.error ?? '').split('\n').slice(0, 12).join('\n')}`)
    .join('\n');
}

export function formatReport(run: SuiteRun): string {
  const lines = (run.report?.tests ?? []).map((t) => `  ${t.state === 'passed' ? 'ok  ' : 'FAIL'} ${t.title} (${t.durationMs} ms)${t.error ? `\n${t.error.replace(/\t/g, '  ').replace(/^/gm, '        ')}` : ''}`);
  const counts = run.report ? `${run.report.passed} passed, ${run.report.failed} failed` : 'no report written';
  return [...lines, `exit code ${run.exitCode}; ${counts}; ${(run.durationMs / 1000).toFixed(1)} s; logs in ${run.runDir}`].join('\n');
}

if (require.main === module) {
  runSuiteInCodeServer(process.argv[2] ? { vsix: process.argv[2] } : {}).then(
    (run) => {
      console.log(run.log.join('\n'));
      console.log(formatReport(run));
      process.exitCode = run.exitCode === 0 ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
