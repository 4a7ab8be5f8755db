/**
 * The server's young generations (server/src/lsp/youngGenerations.ts): the worker sees when its
 * new space has grown to its limit, and once new spaces stop growing, the LSP thread's stays at a
 * few MB however much lives from one keystroke to the next. Each case runs in a process of its
 * own, since V8's flags are the process's; the untuned run shows that the probe's load does grow
 * a new space.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

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
