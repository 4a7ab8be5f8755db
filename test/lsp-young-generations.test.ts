/**
 * The server's young generations (server/src/lsp/youngGenerations.ts): the worker sees when its
 * new space has grown to its limit, and once new spaces stop growing, the LSP thread's stays at a
 * few MB however much lives from one keystroke to the next. Each case runs in a process of its
 * own, since V8's flags are the process's; the untuned run shows that the probe's load does grow
 * a new space.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WorkerBackend } from '../server/src/lsp/analysisBackend';

const PROBE = join(__dirname, 'support', 'youngGenerationsProbe.ts');

function probe(...args: string[]): { workerFull: { before: boolean; after: boolean }; lspThreadMb: number } {
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', PROBE, ...args], { encoding: 'utf8' }));
}

test("the worker's new space fills; then the LSP thread's stays at a few MB", () => {
  const untuned = probe();
  const tuned = probe('--tuned');
  assert.deepEqual(tuned.workerFull, { before: false, after: true }, 'the worker sees its new space grow to its limit');
  assert.ok(untuned.lspThreadMb >= 16, `without the flag the probe's load grows the new space: ${untuned.lspThreadMb} MB`);
  assert.ok(tuned.lspThreadMb <= 4, `with it, the LSP thread's new space grew to ${tuned.lspThreadMb} MB`);
});

test("the worker's news that its young generation is full makes the LSP thread save its code cache, then stop the growing", { timeout: 20_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flk-young-generations-'));
  // A worker bundle that says it is full when the first message comes, then answers it as stale.
  writeFileSync(
    join(dir, 'worker.js'),
    `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (envelope) => {
  parentPort.postMessage({ youngGenerationFull: true });
  if (envelope.id !== undefined) parentPort.postMessage({ id: envelope.id, response: { kind: 'stale' } });
});
`,
  );
  const calls: string[] = [];
  const backend = new WorkerBackend(dir, (error) => assert.fail(error), () => calls.push('save code cache'), () => calls.push('stop growing'));
  try {
    // Replies arrive in the order posted: once the request is answered, the news has been handled.
    assert.equal((await backend.request({ kind: 'analyse', uri: 'file:///app.py', version: 1, settings: {} as never, encoding: 'utf-16' })).kind, 'stale');
    assert.deepEqual(calls, ['save code cache', 'stop growing']);
  } finally {
    await backend.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
