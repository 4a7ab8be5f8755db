/**
 * Run by test/lsp-young-generations.test.ts in a process of its own, as V8's flags are the
 * process's: starts a worker as the analysis backend does, with the young generations tuned
 * (`--tuned`) or not, keeps objects alive across many scavenges on this thread, and prints both
 * new spaces' capacities in MB as JSON.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { beforeWorkerStarts, whenWorkerStarts, WORKER_YOUNG_GENERATION_MB } from '../../server/src/lsp/youngGenerations';

const tuned = process.argv.includes('--tuned');
const newSpaceMb = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_size / 2 ** 20;

if (tuned) beforeWorkerStarts();
const reportNewSpace = `const v8 = require('node:v8'); require('node:worker_threads').parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20);`;
const worker = new Worker(reportNewSpace, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
if (tuned) whenWorkerStarts(worker);
worker.once('message', (workerMb: number) => {
  // Like keystrokes' diagnostics: each batch lives until the next few are made.
  const kept: object[][] = [];
  for (let batch = 0; batch < 400; batch++) {
    kept.push(Array.from({ length: 5_000 }, (_, i) => ({ batch, i })));
    if (kept.length > 4) kept.shift();
  }
  process.stdout.write(JSON.stringify({ lspThreadMb: newSpaceMb(), workerMb }));
  void worker.terminate();
});
