/**
 * code-server is real VS Code (the same workbench and Node extension host) served to a browser;
 * desktop VS Code cannot be downloaded on these machines (see /work/shared/notes/real-vscode.md).
 * Each run gets fresh profile, extension and XDG folders under its own temp dir and binds to
 * 127.0.0.1 on a port the OS picks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';
import { runToCompletion, startGroup, type ProcessGroup } from './processes';

export const HOST = '127.0.0.1';

/** What a fresh profile needs so nothing but the test happens: no telemetry, updates, walkthroughs or AI. */
export const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 100,
  'git.enabled': false,
};

/**
 * Makes sure the cached Node 24 + code-server exist (idempotent; about a second when cached) and
 * returns the code-server launcher. The cache lives outside the clone, so CI's fresh clones share it.
 */
export async function ensureCodeServer(): Promise<string> {
  const output = await runToCompletion('bash', [join(REPO_ROOT, 'scripts', 'setup-test-env.sh'), '--editors'], {
    cwd: REPO_ROOT,
    timeoutMs: 15 * 60_000,
  });
  const launcher = output.match(/code-server: (\S+\/bin\/code-server)\s*$/m)?.[1];
  if (!launcher) throw new Error(`setup-test-env.sh --editors did not name the code-server launcher:\n${output}`);
  return launcher;
}

export interface CodeServerOptions {
  launcher: string;
  /** A temp folder owned by this run: profile folders and the log go inside. */
  runDir: string;
  /** Install this VSIX into the fresh extensions folder first, as a user would. */
  installVsix?: string;
  /** Lets the page report an extension-test run's exit code (`codeAutomationExit`). */
  smokeTestDriver?: boolean;
  /** Extra environment for code-server and so for the extension host it spawns. */
  env?: Record<string, string>;
  /** User settings on top of USER_SETTINGS. */
  userSettings?: Record<string, unknown>;
}

export interface CodeServer {
  readonly url: string;
  readonly process: ProcessGroup;
  readonly logFile: string;
  /** The URL that opens `folder` in the workbench, with an optional test payload. */
  folderUrl(folder: string, payload?: [string, string][]): string;
  /** `vscode-remote://` URI of a path on this machine, as the payload wants it. */
  remoteUri(path: string): string;
  stop(): Promise<void>;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { launcher, runDir } = options;
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...options.userSettings }, null, 2));
  // Without these, code-server writes its config, logs and state into the home directory,
  // and one run's unsaved editors reappear in the next.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: join(runDir, 'xdg-cache'),
    ...options.env,
  };
  const common = ['--config', join(runDir, 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (options.installVsix) {
    await runToCompletion(launcher, [...common, '--install-extension', options.installVsix], { env, timeoutMs: 120_000 });
  }

  const logFile = join(runDir, 'code-server.log');
  const args = [
    ...common,
    '--auth', 'none',
    '--bind-addr', `${HOST}:0`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const server = startGroup(launcher, args, { env, logFile });
  try {
    const [, url] = await server.waitForOutput(/HTTP server listening on (http:\/\/[\d.]+:\d+)\//, 60_000);
    const health = await fetch(`${url}/healthz`);
    if (!health.ok) throw new Error(`${url}/healthz answered ${health.status}`);
    const host = new URL(url!).host;
    return {
      url: url!,
      process: server,
      logFile,
      remoteUri: (path) => `vscode-remote://${host}${path}`,
      folderUrl(folder, payload) {
        const query = new URLSearchParams({ folder });
        if (payload) query.set('payload', JSON.stringify(payload));
        return `${url}/?${query}`;
      },
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
