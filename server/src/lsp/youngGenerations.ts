import { setFlagsFromString } from 'node:v8';
import type { Worker } from 'node:worker_threads';

/**
 * The size of each young generation (V8's new space) in the server process, set once.
 *
 * V8 grows an isolate's new space, up to 32 MB, once the bytes its scavenges have kept add up to
 * its capacity, and shrinks it only after a major collection in an idle spell. Everything that
 * lives from one keystroke to the next adds up that way, so within a few hundred keystrokes the
 * LSP thread's new space had grown to 27 MB, which it holds committed and nearly empty: what it
 * allocates per keystroke (a message, a few hundred fields) dies young. The analysis worker
 * allocates far more and keeps its own limit (`WORKER_YOUNG_GENERATION_MB`).
 *
 * A semi-space size cannot be set per thread: the command-line flag caps the worker too, and the
 * LSP thread's heap is configured before any of our code runs. Two of V8's flags, set at run
 * time, do it: `--min-semi-space-size` is read when a heap is configured, and
 * `--semi-space-growth-factor` when a new space would grow. A heap being configured also raises a
 * growth factor under 2 back to 2, so the second is set once the worker runs.
 *
 * If a V8 ignores either flag, only memory is lost, never correctness.
 */

/** The worker's young generation: under V8's default of 32 MB, so dead texts are collected sooner; the reason for 24 is in analysisBackend.ts. */
export const WORKER_YOUNG_GENERATION_MB = 24;
/** The worker's semi-space: V8 splits a young generation into two semi-spaces and a third for large objects. */
const WORKER_SEMI_SPACE_MB = WORKER_YOUNG_GENERATION_MB / 3;

/** Before the worker is created: its new space starts at its full size, as it will no longer grow. */
export function beforeWorkerStarts(): void {
  setFlagsFromString(`--min-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
}

/** Once the worker's heap is configured: no new space in the process grows any more, the LSP thread's stays at a few MB. */
export function whenWorkerStarts(worker: Pick<Worker, 'once'>): void {
  worker.once('online', () => {
    setFlagsFromString('--min-semi-space-size=0');
    setFlagsFromString('--semi-space-growth-factor=1');
  });
}
