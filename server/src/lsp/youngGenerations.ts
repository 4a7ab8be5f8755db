import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * The size of each young generation (V8's new space) in the server process.
 *
 * V8 grows an isolate's new space, up to 32 MB, once the bytes its scavenges have kept add up to
 * its capacity, and shrinks it only after a major collection in an idle spell. Everything that
 * lives from one keystroke to the next adds up that way, so within a few hundred keystrokes the
 * LSP thread's new space had grown to 27 MB, which it holds committed and nearly empty: what it
 * allocates per keystroke (a message, a few hundred fields) dies young. The analysis worker
 * allocates far more, and needs its new space up to its own limit (`WORKER_YOUNG_GENERATION_MB`).
 *
 * A semi-space size cannot be set per thread, and any V8 flag set before a thread starts costs
 * that thread's start about 50 ms: Node's built-in code cache holds only for V8's default flags.
 * So once the worker's new space has grown to its limit, no new space grows any more
 * (`--semi-space-growth-factor=1`, read each time a new space would grow): the LSP thread's keeps
 * the few MB it had then. If a V8 ignores the flag, only memory is lost, never correctness.
 */

/** The worker's young generation: under V8's default of 32 MB, so dead texts are collected sooner; the reason for 24 is in analysisBackend.ts. */
export const WORKER_YOUNG_GENERATION_MB = 24;
/** The worker's semi-space at its limit: V8 splits a young generation into two semi-spaces and a third for large objects. */
const WORKER_SEMI_SPACE_BYTES = (WORKER_YOUNG_GENERATION_MB / 3) * 2 ** 20;

/** In the worker: whether its new space has grown to its limit (V8 reports one semi-space's capacity). */
export function youngGenerationFull(): boolean {
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  return newSpace !== undefined && newSpace.space_size >= WORKER_SEMI_SPACE_BYTES;
}

/** In the LSP thread, once the worker's new space is full: no new space in the process grows any more. */
export function stopYoungGenerationsGrowing(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
