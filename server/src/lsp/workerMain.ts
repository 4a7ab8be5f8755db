import { join } from 'node:path';
import { codeCacheDir, requireBundle } from '../host/codeCache';

/**
 * The analysis worker's entry (dist/worker.js): loads the worker itself (worker.ts, bundled as
 * dist/analysisWorker.js) through V8's code cache, and writes the cache after the first analysis,
 * when the code that analysis ran is compiled too.
 */
const worker = requireBundle(join(__dirname, 'analysisWorker.js'), module, codeCacheDir());
(worker.exports as typeof import('./worker')).whenFirstAnalysed(() => worker.saveCodeCache());
