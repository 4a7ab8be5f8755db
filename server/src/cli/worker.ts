import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from '../engine';
import { loadGrammarBytes } from '../host/grammarFiles';
import { diskLister, diskReader } from '../host/projectFiles';
import { RULES } from '../rules';
import { checkFile, indexFiles, type FileJob } from './checkFile';

/** A `check` worker (dist/cliWorker.js): one engine, checking the files the main thread hands it one by one. */
const port = parentPort;
if (!port) throw new Error('cli/worker.ts must run in a worker thread');
// Each worker reads the project's modules into its own index before its first file (workerData.index).
const ready = Engine.create(loadGrammarBytes(__dirname), RULES, diskReader, diskLister).then((engine) => {
  const setup = workerData as { index?: string[]; wholeProject?: boolean } | undefined;
  indexFiles(engine, setup?.index ?? [], setup?.wholeProject);
  return engine;
});

port.on('message', async ({ index, job }: { index: number; job: FileJob }) => {
  const engine = await ready;
  try {
    port.postMessage({ index, result: checkFile(engine, job) });
  } catch (error) {
    port.postMessage({ index, error: `${job.file}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
  }
});
