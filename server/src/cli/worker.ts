import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from '../engine';
import { loadGrammarBytes } from '../host/grammarFiles';
import { diskLister, overlaidReader } from '../host/projectFiles';
import { RULES } from '../rules';
import { checkFile, type FileJob } from './checkFile';
import type { ProjectSnapshot } from '../engine/project/projects';

/** A `check` worker (dist/cliWorker.js): one engine, checking the files the main thread hands it one by one. */
const port = parentPort;
if (!port) throw new Error('cli/worker.ts must run in a worker thread');
// Each worker reads the project's modules into its own index before its first file (workerData.index).
// The main thread read the project's modules once; their facts come with the thread (check.ts), and
// with `--diff`, the fixed texts of the modules, which the files checked after them read.
const setup = workerData as { facts?: ProjectSnapshot[]; fixedTexts?: [string, string][] } | undefined;
const ready = Engine.create(loadGrammarBytes(__dirname), RULES, overlaidReader(new Map(setup?.fixedTexts ?? [])), diskLister).then((engine) => {
  engine.projects.load(setup?.facts ?? []);
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
