// When the feed takes in the flows waiting for it (flow-intake.ts). Normally on the next frame.
// While the stream outpaces the screen (following the newest, at 60 Hz more than half the rows on
// screen would be new every frame) it takes them in at most every PACED_TAKE_MS instead: every
// row on screen is new at each take either way, so the list shows the same thing (the newest
// flows, each at its newest version), but it is laid out and painted a few times a second instead
// of every frame it can get. At 2,000 new flows/s that work had the page's main thread busy 94%,
// and the batches, receipts and frames queued behind it (README.md, `ui.push_latency`). The rows
// painted are the newest of each take, so they wait no longer for it.

/** While paced, the least time between two takes (ms). */
export const PACED_TAKE_MS = 100;
/** A frame at 60 Hz (ms): the rate the outpacing is judged against. */
export const FRAME_MS = 1000 / 60;
/** Paced when at 60 Hz more than this share of the rows on screen would be new every frame. */
export const OUTPACED_SHARE = 0.5;

/**
 * Whether `fresh` new rows shown in `elapsedMs` outpace a screen of `rows`: at 60 Hz more than
 * half of them would be new every frame.
 */
export function outpaces(fresh: number, elapsedMs: number, rows: number): boolean {
  if (rows <= 0 || !(elapsedMs > 0)) return false;
  return (fresh / elapsedMs) * FRAME_MS > rows * OUTPACED_SHARE;
}

export interface TakePacerOptions {
  now: () => number;
  /** Calls `run` once after `ms` (setTimeout in the browser). */
  after: (ms: number, run: () => void) => void;
  /** Asks for a take on the next frame (the frame batcher's input queue). */
  frame: () => void;
}

export class TakePacer {
  private readonly options: TakePacerOptions;
  private lastTake = Number.NEGATIVE_INFINITY;
  private waiting = false;
  private pacedNow = false;
  private rows = 0;
  private following = true;

  constructor(options: TakePacerOptions) {
    this.options = options;
  }

  /** Whether takes are spaced out now. */
  get paced(): boolean {
    return this.pacedNow;
  }

  /** The list's rows on screen and whether it follows the newest (not held still for reading). */
  screen(rows: number, following: boolean): void {
    this.rows = rows;
    this.following = following;
    if (!following) this.pacedNow = false;
  }

  /** Flows arrived with none waiting before them: a take is asked for, on the next frame or when paced, later. */
  ready(): void {
    if (this.waiting) return;
    const wait = this.pacedNow ? this.lastTake + PACED_TAKE_MS - this.options.now() : 0;
    if (wait <= 0) {
      this.options.frame();
      return;
    }
    this.waiting = true;
    this.options.after(wait, () => {
      this.waiting = false;
      this.options.frame();
    });
  }

  /** A take happened, bringing `fresh` new rows the list shows: judges whether the next ones are paced. */
  took(fresh: number): void {
    const now = this.options.now();
    const elapsed = now - this.lastTake;
    this.lastTake = now;
    this.pacedNow = this.following && outpaces(fresh, elapsed, this.rows);
  }
}
