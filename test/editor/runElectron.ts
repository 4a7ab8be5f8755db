/**
 * Runs the extension-host suite (test/editor/suite) in desktop VS Code through
 * @vscode/test-electron, against the packaged VSIX (unpacked; its `extension/` folder is the
 * extensionDevelopmentPath). For contributors with internet: test-electron downloads VS Code
 * (update.code.visualstudio.com), which the CI machines cannot reach; there the same suite runs
 * in code-server (test/editor/extensionHost.test.ts). On a Linux box without a display, run it
 * under `xvfb-run -a`.
 *
 *   npm run package && node --import tsx test/editor/runElectron.ts [path/to.vsix]
 *
 * FLASK_PRACTICES_VSCODE_VERSION  VS Code to download: `stable` (default), `insiders` or `1.91.0`
 *                                 (the oldest this extension supports, from engines.vscode)
 * FLASK_PRACTICES_VSCODE          an installed VS Code executable to use instead of downloading
 */
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { USER_SETTINGS } from './codeServer';
import { copyWorkspace, freshTempDir } from './paths';
import { buildEditorSuite, formatReport } from './runInCodeServer';
import type { SuiteReport } from './suite/runner';
import { unpackVsix, VSIX_PATH } from './vsix';

async function main(): Promise<number> {
  const started = Date.now();
  const vsix = process.argv[2] ?? VSIX_PATH;
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first`);
  const suite = await buildEditorSuite();
  const runDir = freshTempDir('electron');
  const extension = unpackVsix(vsix, join(runDir, 'vsix'));
  const workspace = join(runDir, 'workspace');
  copyWorkspace(workspace);
  const userDataDir = join(runDir, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const reportFile = join(runDir, 'suite-report.json');

  let exitCode: number;
  try {
    exitCode = await runTests({
      ...(process.env.FLASK_PRACTICES_VSCODE
        ? { vscodeExecutablePath: process.env.FLASK_PRACTICES_VSCODE }
        : { version: process.env.FLASK_PRACTICES_VSCODE_VERSION ?? 'stable' }),
      extensionDevelopmentPath: extension,
      extensionTestsPath: suite,
      extensionTestsEnv: {
        FLASK_PRACTICES_SUITE_REPORT: reportFile,
        FLASK_PRACTICES_EXPECTED_EXTENSION_PATH: extension,
        // The language server inherits it: its test-only commands (crash, pid) exist.
        FLASK_PRACTICES_TEST_COMMANDS: '1',
      },
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions; the one under test still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir', userDataDir,
        '--extensions-dir', join(runDir, 'extensions'),
      ],
    });
  } catch (error) {
    // runTests rejects when VS Code exits non-zero (a failing test) or cannot be downloaded.
    console.error(error instanceof Error ? error.message : error);
    exitCode = 1;
  }
  const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as SuiteReport) : undefined;
  console.log(formatReport({ exitCode, ...(report ? { report } : {}), log: [], runDir, durationMs: Date.now() - started }));
  return exitCode === 0 && report !== undefined && report.failed === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
