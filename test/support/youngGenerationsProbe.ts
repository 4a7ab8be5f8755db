/**
 * Run by test/lsp-young-generations.test.ts in a process of its own, as V8's flags are the
 * process's. Starts a worker with the analysis worker's limits, which asks youngGenerationFull()
 * before and after keeping objects alive across many scavenges; then, with `--tuned`, stops new
 * spaces growing as the LSP thread does when told, and does the same on this thread. Prints what
 * the worker answered and this thread's new space capacity in MB, as JSON.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { stopYoungGenerationsGrowing, WORKER_YOUNG_GENERATION_MB } from '../../server/src/lsp/youngGenerations';

/** Like keystrokes' diagnostics: each batch lives until the next few are made. */
export function keepBatches(): void {
  const kept: object[][] = [];
  for (let batch = 0; batch < 400; batch++) {
    kept.push(Array.from({ length: 5_000 }, (_, i) => ({ batch, i })));
    if (kept.length > 4) kept.shift();
  }
}

if (require.main === module) {
  const workerCode = `
    require('tsx/cjs/api').register();
    const { parentPort } = require('node:worker_threads');
    const { youngGenerationFull } = require(${JSON.stringify(require.resolve('../../server/src/lsp/youngGenerations'))});
    const { keepBatches } = require(${JSON.stringify(__filename)});
    const before = youngGenerationFull();
    keepBatches();
    parentPort.postMessage({ before, after: youngGenerationFull() });
  `;
  const worker = new Worker(workerCode, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  worker.once('message', (full: { before: boolean; after: boolean }) => {
    if (process.argv.includes('--tuned')) stopYoungGenerationsGrowing();
    keepBatches();
    const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!;
    process.stdout.write(JSON.stringify({ workerFull: full, lspThreadMb: newSpace.space_size / 2 ** 20 }));
    void worker.terminate();
  });
}
