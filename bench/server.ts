/**
 * The real language server (dist/server.js over stdio), driven for the benchmark. The server is
 * started with FLASK_PRACTICES_BENCH=1, so after each publication it reports how long it took
 * from `didChange` received to `publishDiagnostics` sent (`serverMs`); the client also times the
 * round trip.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { LspClient, SERVER_BUNDLE } from '../test/support/lspClient';

const BENCH_NOTIFICATION = 'flaskPractices/bench';

export interface EditTiming {
  serverMs: number;
  roundTripMs: number;
}

export class BenchServer {
  private readonly waiting = new Map<string, (serverMs: number) => void>();
  private readonly arrived = new Map<string, number>();

  private constructor(readonly client: LspClient) {
    client.connection.onNotification(BENCH_NOTIFICATION, (params: { uri: string; version: number; serverMs: number }) => {
      const key = `${params.uri}@${params.version}`;
      const resolve = this.waiting.get(key);
      if (resolve) {
        this.waiting.delete(key);
        resolve(params.serverMs);
      } else {
        this.arrived.set(key, params.serverMs);
      }
    });
  }

  /** Spawns the server with a debounce of 0 and the timing hook on; `nodeFlags` (say `--cpu-prof`) go to Node, `env` to its environment. */
  static async start(nodeFlags: string[] = [], env: Record<string, string> = {}): Promise<BenchServer> {
    const command = [...nodeFlags, SERVER_BUNDLE, '--stdio'];
    return new BenchServer(await LspClient.start({ command, settings: { debounceMs: 0 }, env: { ...env, FLASK_PRACTICES_BENCH: '1' } }));
  }

  /** Opens a document and waits for its first diagnostics. */
  async open(uri: string, text: string): Promise<void> {
    this.client.open(uri, text);
    await this.client.waitForCurrent(uri);
  }

  /** Sends one change and waits for its diagnostics and the server's own timing of them. */
  async edit(uri: string, change: TextDocumentContentChangeEvent): Promise<EditTiming> {
    const started = performance.now();
    const version = this.client.change(uri, [change]);
    const serverMs = this.serverTime(`${uri}@${version}`);
    await this.client.waitForCurrent(uri);
    const roundTripMs = performance.now() - started;
    return { serverMs: await serverMs, roundTripMs };
  }

  /** The server process's resident memory (its worker thread included), in MB. */
  rssMb(): number {
    const status = readFileSync(`/proc/${this.client.child.pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  }

  dispose(): Promise<void> {
    return this.client.dispose();
  }

  private serverTime(key: string): Promise<number> {
    const already = this.arrived.get(key);
    if (already !== undefined) {
      this.arrived.delete(key);
      return Promise.resolve(already);
    }
    return new Promise((resolve) => this.waiting.set(key, resolve));
  }
}
