/**
 * Settling reparses (Engine.settle) while the engine is idle, for both hosts: the Node analysis
 * worker and the browser's in-process backend. A tree fresh from a full parse costs its first
 * keystrokes several times a later one (58, 55 and 26 ms, then 12, at 50,000 lines); spent while
 * the user reads, they do not land on the keystrokes.
 */

import { errorText } from '../engine/findings';

/** Settling waits until the engine has been idle this long: keystrokes that come sooner settle the tree themselves. */
export const SETTLE_WHEN_IDLE_MS = 50;

export class IdleSettler {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** One settling reparse of the module; true when there may be another. */
    private readonly settle: (uri: string) => boolean,
    /** Told when a reparse throws (the host's log by default): only speed is lost, as the next keystroke reparses an unsettled tree. */
    private readonly failed: (uri: string, error: unknown) => void = (uri, error) => console.error(`settling ${uri} failed: ${errorText(error)}`),
    private readonly idleMs = SETTLE_WHEN_IDLE_MS,
  ) {}

  /** A message came: real work goes first, and the steps left wait for the next analysis. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** `uri` was just analysed: once idle, settle it one reparse per turn of the event loop. */
  analysed(uri: string): void {
    this.cancel();
    const step = () => {
      let more = false;
      try {
        more = this.settle(uri);
      } catch (error) {
        this.failed(uri, error);
      }
      this.timer = more ? setTimeout(step, 0) : undefined;
    };
    this.timer = setTimeout(step, this.idleMs);
  }
}
