/**
 * Over --stdio the server's stdout carries the protocol, and VS Code starts it that way: a line the
 * analysis worker prints (a library's warning, a stray console.log) must reach stderr, never stdout,
 * or the client would read it as a broken message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkerBackend } from '../server/src/lsp/analysisBackend';

/** A worker bundle that prints `marker` through console.log and process.stdout, then answers every request as stale. */
function printingWorker(dir: string, marker: string): void {
  writeFileSync(
    join(dir, 'worker.js'),
    `const { parentPort } = require('node:worker_threads');
console.log(${JSON.stringify(`${marker} console.log`)});
process.stdout.write(${JSON.stringify(`${marker} process.stdout.write\n`)});
parentPort.on('message', (envelope) => {
  if (envelope.id !== undefined) parentPort.postMessage({ id: envelope.id, response: { kind: 'stale' } });
});
`,
  );
}

test("what the analysis worker prints goes to the server's stderr, not its stdout", { timeout: 20_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flk-worker-output-'));
  const marker = `worker-output-${process.pid}-${Date.now()}`;
  printingWorker(dir, marker);
  const seen = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  // Spies that keep only what carries the marker (the test runner writes to these streams too).
  for (const name of ['stdout', 'stderr'] as const) {
    const original = writes[name];
    process[name].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      if (text.includes(marker)) {
        seen[name] += text;
        return true;
      }
      return (original as (...args: unknown[]) => boolean).call(process[name], chunk, ...rest);
    }) as typeof process.stdout.write;
  }
  const backend = new WorkerBackend(dir, (error) => assert.fail(error));
  try {
    assert.deepEqual(await backend.request({ kind: 'indexOpen', uri: 'file:///tmp/x.py' }), { kind: 'stale' });
    // Both lines come through a stream: wait for them (bounded by the test's timeout), then look where they went.
    while (!(seen.stderr.includes('console.log') && seen.stderr.includes('process.stdout.write')) && !seen.stdout) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(seen.stdout, '', 'nothing the worker printed reached stdout');
    assert.match(seen.stderr, new RegExp(`${marker} console\\.log`));
    assert.match(seen.stderr, new RegExp(`${marker} process\\.stdout\\.write`));
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    await backend.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
