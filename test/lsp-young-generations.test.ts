/**
 * The server's young generations (server/src/lsp/youngGenerations.ts): the LSP thread's new space
 * stays small however much lives from one keystroke to the next, and the analysis worker's starts
 * at its full size, as it no longer grows. Each case runs in a process of its own, since V8's flags
 * are the process's; the untuned run shows that the probe's load does grow a new space.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { WORKER_YOUNG_GENERATION_MB } from '../server/src/lsp/youngGenerations';

const PROBE = join(__dirname, 'support', 'youngGenerationsProbe.ts');

function newSpaces(...args: string[]): { lspThreadMb: number; workerMb: number } {
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', PROBE, ...args], { encoding: 'utf8' }));
}

test("the LSP thread's new space stays at a few MB, and the worker's starts full", () => {
  const untuned = newSpaces();
  const tuned = newSpaces('--tuned');
  assert.ok(untuned.lspThreadMb >= 16, `without tuning the probe's load grows the new space: ${untuned.lspThreadMb} MB`);
  assert.ok(tuned.lspThreadMb <= 4, `tuned, the LSP thread's new space grew to ${tuned.lspThreadMb} MB`);
  // V8 reports one semi-space of the three a young generation is made of.
  assert.equal(tuned.workerMb, WORKER_YOUNG_GENERATION_MB / 3, 'the worker starts with its full new space');
  assert.ok(untuned.workerMb < tuned.workerMb);
});
