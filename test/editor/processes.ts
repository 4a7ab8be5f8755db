/**
 * Editors spawn helpers of their own (code-server: a file watcher, the extension host and our
 * language server; Chromium: its renderers). Each is started as the leader of a new process
 * group (`detached: true` is setsid) and stopped with `kill(-pid)`, so nothing outlives a test,
 * even one that fails or times out.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface ProcessGroup {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the group leader exits. */
  readonly exited: Promise<number | string>;
  /** stdout and stderr so far (the last 200 kB). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the group, SIGKILL to whatever is left after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 200_000;
const running = new Set<number>();

// A last resort when the test runner itself exits (an uncaught error, a cancelled run). The
// groups are not in the terminal's foreground group, so Ctrl+C alone would not reach them.
process.once('exit', () => {
  for (const pid of running) killGroup(pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

export function startGroup(command: string, args: readonly string[], options: SpawnOptions & { logFile?: string } = {}): ProcessGroup {
  const { logFile, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  running.add(pid);
  const log: WriteStream | undefined = logFile ? createWriteStream(logFile) : undefined;
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    log?.write(chunk);
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => {
      log?.end();
      resolve(code ?? signal ?? 'unknown');
      for (const listener of listeners) listener();
    });
  });
  let exitValue: number | string | undefined;
  void exited.then((value) => (exitValue = value));

  return {
    pid,
    child,
    exited,
    output: () => output,
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) finish(() => resolve(match));
          else if (exitValue !== undefined) finish(() => reject(new Error(`${command} exited (${exitValue}) before printing ${pattern}:\n${output.slice(-3000)}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${command} did not print ${pattern} within ${timeoutMs} ms:\n${output.slice(-3000)}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 5000) {
      if (!running.has(pid)) return;
      killGroup(pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      // The leader may be gone while its children (an extension host, a renderer) linger.
      killGroup(pid, 'SIGKILL');
      running.delete(pid);
    },
  };
}

/** Runs a command to completion in its own process group; rejects on a non-zero exit or a timeout. */
export async function runToCompletion(command: string, args: readonly string[], options: SpawnOptions & { timeoutMs: number }): Promise<string> {
  const { timeoutMs, ...spawnOptions } = options;
  const group = startGroup(command, args, spawnOptions);
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      group.exited,
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
    ]);
    if (result !== 0) throw new Error(`${command} ${args.join(' ')} ${result === 'timeout' ? `timed out after ${timeoutMs} ms` : `failed (${result})`}:\n${group.output().slice(-3000)}`);
    return group.output();
  } finally {
    clearTimeout(timer);
    await group.stop();
  }
}
