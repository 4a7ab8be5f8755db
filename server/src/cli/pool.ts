import { Worker } from 'node:worker_threads';

/**
 * Runs jobs on worker threads, each fed its next job as soon as it returns one, and gives the
 * results in the jobs' order, so output does not depend on which thread ran what.
 * The script answers `{ index, job }` with `{ index, result }` or `{ index, error }`.
 */
export function runInWorkers<J, R>(script: string, jobs: readonly J[], workers: number, workerData?: unknown): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  let next = 0;
  let failed = false;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(script, { workerData });
      let finished = false;
      const fail = (error: Error) => {
        failed = true;
        finished = true;
        void worker.terminate();
        reject(error);
      };
      const feed = () => {
        if (failed || next >= jobs.length) {
          finished = true;
          void worker.terminate().then(() => resolve());
          return;
        }
        const index = next++;
        worker.postMessage({ index, job: jobs[index] });
      };
      worker.on('message', (reply: { index: number; result?: R; error?: string }) => {
        if (reply.error !== undefined) fail(new Error(reply.error));
        else {
          results[reply.index] = reply.result as R;
          feed();
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!finished) fail(new Error(`a check worker exited with code ${code}`));
      });
      feed();
    });
  return Promise.all(Array.from({ length: Math.max(1, Math.min(workers, jobs.length)) }, one)).then(() => results);
}
