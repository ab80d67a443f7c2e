// The pace of the book window's figures: the text a trader reads (the touch, spread, imbalance and
// notional, the quote's facts, the touch metrics' values, the snapshots held) is written at most
// every READING_MS (the events list every LIST_READING_MS, on a clock of its own), while the
// canvases (heat map, montages, sparklines) draw every snapshot. Why: a frame that changes any text
// pays Chromium's style, layout, paint, pre-paint and layerize (about 5 to 6 ms of the main thread
// when every panel's text changed at once, in ui.book_window's traces: README.md, its row), where a
// frame that only draws offscreen canvases pays almost none of it (canvas-surface.ts). At the
// demo's busiest a snapshot comes about 22 times a second and each one wrote text in a frame of its
// own. Figures that change 22 times a second cannot be read, and what moves fastest is drawn beside
// them at every snapshot: each montage's head (the side's price, size and venue count), the
// sparklines of the metrics, the events on the heat map. A write always shows the newest state when
// it runs, so a figure is at most READING_MS (and a few frames) behind.
//
// A tick runs its writes one per frame, in the order they were asked for (a panel's text in each:
// the strip, the quote's facts, the metrics, the held count), so no frame pays for every panel's
// text at once; the next tick starts READING_MS after the first write of this one. The clock ticks
// as the last painter of the window's frame budget (frame-budget.ts) and alone: a write lands in a
// frame no canvas took (or, after READING_LATE_FRAMES, beside them), and only when something asked
// for one: a window whose figures did not change writes nothing.
import { markReading } from './draw-costs.ts';
import type { FrameBudget, Painter } from './frame-budget.ts';

/**
 * The figures are written at most this often: twice a second. When every panel's text came in one
 * frame, four times a second measured those frames at about 7% of the window's frames, setting its
 * p95 frame time; twice a second, under 4% (README.md, the `ui.book_window` row).
 */
export const READING_MS = 500;

/**
 * The book events list is written at most once a second, on a clock of its own. Why: at the demo's
 * busiest about 28 events a second come in, so each write replaces every row on screen (each
 * new row's style, layout, paint and layerize), about 4 ms of a frame where any other
 * panel's text takes 1.5 to 3.5 (ui.book_window's traces, README.md, its row); written twice a
 * second those frames were the window's dearest 3 to 4% of frames. A list scrolling 28 rows a
 * second cannot be read either, and each event is drawn on the heat map in the frame after its
 * snapshot.
 */
export const LIST_READING_MS = 1000;

/**
 * A write waits for a frame no canvas takes (frame-budget.ts, `alone`), at most this many frames
 * (about 100 ms). At the busiest a snapshot's canvases take two frames in about three, so a free
 * frame mostly comes within one or two.
 */
export const READING_LATE_FRAMES = 6;

/** Where the wait between ticks comes from: setTimeout in the window, hand-driven in tests. */
export interface ReadingTimers {
  set(callback: () => void, ms: number): void;
}

export interface ReadingClockOptions {
  painters: FrameBudget;
  /** Its priority among the painters: after every canvas. */
  priority: number;
  /** A clock in ms (performance.now in the window). */
  now: () => number;
  timers: ReadingTimers;
  intervalMs: number;
}

export class ReadingClock {
  private readonly options: ReadingClockOptions;
  /** The writes asked for since the last tick began, each run once in the next. */
  private readonly pending = new Set<() => void>();
  /** This tick's writes not yet run, one per frame. */
  private queue: (() => void)[] = [];
  private readonly painter: Painter;
  private lastTick = -Infinity;
  /** Waiting out the interval before the next tick may be asked of the frame budget. */
  private waiting = false;
  /** A tick asked of the frame budget and not yet run. */
  private due = false;
  /** Ticks run, for the tests. */
  ticks = 0;

  constructor(options: ReadingClockOptions) {
    if (!(options.intervalMs >= 0)) throw new Error(`reading clock: intervalMs must be 0 or more, got ${options.intervalMs}`);
    this.options = options;
    this.painter = options.painters.add({ name: 'reading', priority: options.priority, paint: this.tick, alone: true, maxLateFrames: READING_LATE_FRAMES });
  }

  /** Runs `write` in the next tick (once, however often it is asked for before then). */
  request(write: () => void): void {
    this.pending.add(write);
    this.schedule();
  }

  /** Forgets a write asked for (its component went away). */
  cancel(write: () => void): void {
    this.pending.delete(write);
    this.queue = this.queue.filter((w) => w !== write);
  }

  /** Asks for the next tick's first frame once the interval since the last tick's start is over. */
  private schedule(): void {
    if (this.due || this.waiting || this.queue.length > 0 || this.pending.size === 0) return;
    const wait = this.options.intervalMs - (this.options.now() - this.lastTick);
    if (wait <= 0) {
      this.askFrame();
      return;
    }
    this.waiting = true;
    this.options.timers.set(() => {
      this.waiting = false;
      this.askFrame();
    }, wait);
  }

  private askFrame(): void {
    this.due = true;
    this.painter.request();
  }

  private readonly tick = (): void => {
    this.due = false;
    if (this.queue.length === 0) {
      if (this.pending.size === 0) return;
      this.lastTick = this.options.now();
      this.ticks++;
      this.queue = [...this.pending];
      this.pending.clear();
    }
    const write = this.queue.shift();
    // Marks the write in a performance trace, as the canvases mark their draws (draw-costs.ts).
    markReading();
    try {
      write?.();
    } finally {
      // A write that throws does not stop the others: the frame budget carries its error as a
      // painter's (frame-budget.ts) and the next write runs in the next frame.
      if (this.queue.length > 0) this.askFrame();
      else this.schedule();
    }
  };
}

/** The window's timers. */
export const windowTimers: ReadingTimers = {
  set: (callback, ms) => {
    setTimeout(callback, ms);
  },
};
