import { parentPort } from 'node:worker_threads';
import { Engine } from '../engine';
import { loadGrammarBytes } from '../host/grammarFiles';
import { diskReader } from '../host/projectFiles';
import { RULES } from '../rules';
import { checkFile, type FileJob } from './checkFile';

/** A `check` worker (dist/cliWorker.js): one engine, checking the files the main thread hands it one by one. */
const port = parentPort;
if (!port) throw new Error('cli/worker.ts must run in a worker thread');
const ready = Engine.create(loadGrammarBytes(__dirname), RULES, diskReader);

port.on('message', async ({ index, job }: { index: number; job: FileJob }) => {
  const engine = await ready;
  try {
    port.postMessage({ index, result: checkFile(engine, job) });
  } catch (error) {
    port.postMessage({ index, error: `${job.file}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
  }
});
