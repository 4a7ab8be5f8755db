import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { WorkerEnvelope, WorkerNotification, WorkerReply, WorkerRequest, WorkerResponse, YoungGenerationFull } from './protocol';
import { receivedResponse, responseFromWire } from './wireFindings';
import { StringReceiver } from './wireStrings';
import { stopYoungGenerationsGrowing, WORKER_YOUNG_GENERATION_MB } from './youngGenerations';

/** Where analysis runs, seen from the LSP thread. */
export interface AnalysisBackend {
  notify(message: WorkerNotification): void;
  request(message: WorkerRequest): Promise<WorkerResponse>;
  dispose(): Promise<void>;
}

/** Runs the engine in a worker thread (dist/worker.js, beside the server bundle). */
export class WorkerBackend implements AnalysisBackend {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (response: WorkerResponse) => void>();
  private nextId = 1;
  private disposed = false;
  private analysed = false;
  /** The worker's posted strings: each reply is received here, in order, whether or not anyone still waits for it. */
  private readonly strings = new StringReceiver();

  /**
   * `saveCodeCache`: called once the first analysis has been published, and before V8's flags
   * change (youngGenerations.ts), so that a code cache written then fits the next start.
   * `stopGrowing`: what the worker's news that its young generation is full sets off.
   */
  constructor(
    bundleDir: string,
    onExit: (error: Error) => void,
    private readonly saveCodeCache: () => void = () => {},
    stopGrowing: () => void = stopYoungGenerationsGrowing,
  ) {
    // Each keystroke leaves the previous copy of the document behind (strings are immutable):
    // megabytes for a large file. A young generation under V8's default of 32 MB collects it
    // sooner; at 12 MB, though, a keystroke in a 5,000-line module met a 2 ms scavenge one time in
    // six, the most of the slowest keystrokes, where 24 MB halves that for a few MB of memory (bench).
    // Old-generation limits stay V8's, so large files still fit.
    // The worker's stdout is its own, not piped into ours: over --stdio, ours carries the protocol,
    // and a stray line printed there would break the client's reading of it. It goes to stderr.
    this.worker = new Worker(join(bundleDir, 'worker.js'), { stdout: true, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    this.worker.stdout.pipe(process.stderr, { end: false });
    this.worker.on('message', (reply: WorkerReply | YoungGenerationFull) => {
      if ('youngGenerationFull' in reply) {
        this.saveCodeCache();
        stopGrowing();
        return;
      }
      const response = responseFromWire(receivedResponse(reply.response, this.strings));
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(response);
      // Once the first analysis is published (setImmediate runs after the publication's writing starts).
      if (response.kind === 'analysis' && !this.analysed) {
        this.analysed = true;
        setImmediate(this.saveCodeCache);
      }
    });
    const fail = (error: Error) => {
      for (const resolve of this.pending.values()) resolve({ kind: 'error', message: error.message });
      this.pending.clear();
      if (!this.disposed) onExit(error);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`analysis worker exited with code ${code}`)));
  }

  notify(message: WorkerNotification): void {
    const envelope: WorkerEnvelope = { message };
    this.worker.postMessage(envelope);
  }

  request(message: WorkerRequest): Promise<WorkerResponse> {
    const id = this.nextId++;
    const envelope: WorkerEnvelope = { id, message };
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage(envelope);
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.worker.terminate();
  }
}
