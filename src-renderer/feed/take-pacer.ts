// When the feed takes in the flows waiting for it (flow-intake.ts). Normally on the next frame.
// While the stream outpaces the screen (following the newest, at 60 Hz more than half the rows on
// screen would be new every frame) it takes them in at most every PACED_TAKE_MS instead: every
// row on screen is new at each take either way, so the list shows the same thing (the newest
// flows, each at its newest version), but it is laid out and painted a few times a second instead
// of every frame it can get. At 2,000 new flows/s that work had the page's main thread busy 94%,
// and the batches, receipts and frames queued behind it (README.md, `ui.push_latency`). The rows
// painted are the newest of each take, so they wait no longer for it; a paced take that is due
// waits for the next batch, so they are as young as they can be.

/** While paced, the least time between two takes (ms). */
export const PACED_TAKE_MS = 100;
/**
 * Once a paced take is due, how long it waits for the next batch (ms): a little over the time
 * the ingest worker gathers a batch (src-main/ingest/ingest-host.ts, flushMs).
 */
export const FRESH_WAIT_MS = 20;
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
  /** Flows wait for a take. */
  private pending = false;
  /** A timer is set (the next paced take, or the wait for a fresh batch). */
  private timing = false;
  /** A paced take is due and waits for the next batch, so it shows the freshest flows. */
  private due = false;
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

  /**
   * A batch of flows arrived. Not paced, it is taken on the next frame. Paced, the take waits
   * until PACED_TAKE_MS after the last one, and then for the next batch (at most FRESH_WAIT_MS):
   * the rows a take shows are the newest it holds, so a take just after a batch shows them
   * youngest.
   */
  offered(): void {
    this.pending = true;
    if (!this.pacedNow || this.due) {
      this.due = false;
      this.options.frame();
      return;
    }
    if (!this.timing) this.wait();
  }

  /** A take happened, bringing `fresh` new rows the list shows: judges whether the next ones are paced. */
  took(fresh: number): void {
    const now = this.options.now();
    const elapsed = now - this.lastTake;
    this.lastTake = now;
    this.pending = false;
    this.due = false;
    this.pacedNow = this.following && outpaces(fresh, elapsed, this.rows);
  }

  /** Until the next paced take; past it already, the batch just offered is taken on the next frame. */
  private wait(): void {
    const left = this.lastTake + PACED_TAKE_MS - this.options.now();
    if (left <= 0) {
      this.options.frame();
      return;
    }
    this.timing = true;
    this.options.after(left, () => {
      this.timing = false;
      this.dueNow();
    });
  }

  private dueNow(): void {
    if (!this.pending) return;
    if (!this.pacedNow) return this.options.frame();
    // A take came in between (the pacing began or ended meanwhile): wait from it.
    if (this.lastTake + PACED_TAKE_MS - this.options.now() > 0) return this.wait();
    this.due = true;
    this.timing = true;
    this.options.after(FRESH_WAIT_MS, () => {
      this.timing = false;
      if (!this.due || !this.pending) return;
      this.due = false;
      this.options.frame();
    });
  }
}
