// The book window's canvas painters share one animation frame callback and a budget of script time
// per frame. Why: on the live shape a snapshot changes the heat map (its newest tile and the NBBO
// strip), both venue montages and the touch metrics' sparklines (a deep book: its ladders too), and
// when each painter scheduled its own requestAnimationFrame all of them ran in the frame after the
// snapshot, so that one frame paid for all of their script (and, until the canvases drew
// offscreen, canvas-surface.ts, the commit's copy of every canvas they changed: README.md, the
// `ui.book_window` row). At the busiest the book changes about 22 times a second (the bench's
// pace) against 60 frames, so there are spare frames between snapshots: painters left over once a
// frame's share is spent run in the next frame instead, in a fixed order, each reading the model's
// latest state when it runs (a painter asked for again before it ran paints once, the newest).
// Nothing is dropped, and a painter waits at most `maxLateFrames` frames: then it runs whatever the
// frame has spent. The budget counts the painters' own script only (performance.now around them):
// the commit and paint they cause come after, which is why the window's budget is smaller than a
// frame's share.

/** Where the frames come from: requestAnimationFrame in the window, a hand-driven one in tests. */
export interface FrameSource {
  request(callback: (frameTime: number) => void): number;
  cancel(id: number): void;
}

export interface FrameBudgetOptions {
  frames: FrameSource;
  /** A clock in ms (performance.now in the window). */
  now: () => number;
  /** Script time per frame, ms: once the painters run in a frame have taken it, the rest wait. */
  budgetMs: number;
  /** A painter waits at most this many frames after the one it was first due in. */
  maxLateFrames: number;
}

export interface PainterSpec {
  /** Names the painter in what a frame ran (lastFrame). */
  name: string;
  /** Lower runs first. */
  priority: number;
  /** Draws the current state; given the frame's timestamp (the same for every painter of a frame). */
  paint: (frameTime: number) => void;
  /**
   * Runs only in a frame no other painter takes (until it has waited its `maxLateFrames`), and the
   * painters after it wait for the next frame. For a painter whose cost comes mostly after its
   * script (text: Chromium's style, layout, paint and layerize), which the budget's clock does not
   * see: beside a canvas's draw it made the window's dearest frames (README.md, the
   * `ui.book_window` row).
   */
  alone?: boolean;
  /** This painter's own bound on the frames it waits, instead of the budget's. */
  maxLateFrames?: number;
}

export interface Painter {
  /** Paint in the next frame this budget allows; asking again before then paints once. */
  request(): void;
  /** Takes the painter out (a request pending is forgotten). */
  remove(): void;
}

interface Entry {
  spec: PainterSpec;
  /** Asked for and not yet painted. */
  due: boolean;
  /** Frames the painter has been due in and left out of. */
  waited: number;
  order: number;
}

/** What one frame did (lastFrame): read by the budget's own tests; the window does not expose it. */
export interface FrameRun {
  frameTime: number;
  /** Painters run, by priority then by the order they were added. */
  ran: string[];
  /** Painters left for a later frame. */
  deferred: number;
  /** Script time the painters took, ms (the budget's clock). */
  spentMs: number;
}

export class FrameBudget {
  private readonly options: FrameBudgetOptions;
  private readonly entries: Entry[] = [];
  private frame: number | null = null;
  private added = 0;
  private last: FrameRun | null = null;
  /** Frames that left a painter for the next one, since the budget was made. */
  deferredFrames = 0;

  constructor(options: FrameBudgetOptions) {
    if (!(options.budgetMs >= 0)) throw new Error(`frame budget: budgetMs must be 0 or more, got ${options.budgetMs}`);
    if (!Number.isInteger(options.maxLateFrames) || options.maxLateFrames < 0) throw new Error(`frame budget: maxLateFrames must be a whole number 0 or more, got ${options.maxLateFrames}`);
    this.options = options;
  }

  add(spec: PainterSpec): Painter {
    const entry: Entry = { spec, due: false, waited: 0, order: this.added++ };
    this.entries.push(entry);
    this.entries.sort((a, b) => a.spec.priority - b.spec.priority || a.order - b.order);
    return {
      request: () => {
        if (!this.entries.includes(entry)) return;
        entry.due = true;
        this.schedule();
      },
      remove: () => {
        const i = this.entries.indexOf(entry);
        if (i >= 0) this.entries.splice(i, 1);
        if (!this.entries.some((e) => e.due) && this.frame !== null) {
          this.options.frames.cancel(this.frame);
          this.frame = null;
        }
      },
    };
  }

  /** The last frame run, or null before the first. */
  lastFrame(): FrameRun | null {
    return this.last;
  }

  private schedule(): void {
    if (this.frame === null) this.frame = this.options.frames.request(this.run);
  }

  private readonly run = (frameTime: number): void => {
    this.frame = null;
    const { now, budgetMs, maxLateFrames } = this.options;
    const started = now();
    const ran: string[] = [];
    let deferred = 0;
    // The order is fixed before any painter runs: one asked for while a painter of this frame
    // runs (a resize, a hover) waits for the next frame.
    const due = this.entries.filter((e) => e.due);
    // A painter that throws does not stop the others, nor the frames after: its error is
    // rethrown once the frame is done, as its own animation frame callback's would have been.
    let failure: { error: unknown } | null = null;
    let tookAlone = false;
    for (const entry of due) {
      if (!this.entries.includes(entry)) continue;
      // The first painter of a frame always runs, so every frame makes progress.
      const late = entry.waited >= (entry.spec.maxLateFrames ?? maxLateFrames);
      const wait = ran.length > 0 && (tookAlone || entry.spec.alone === true || now() - started >= budgetMs);
      if (wait && !late) {
        entry.waited++;
        deferred++;
        continue;
      }
      entry.due = false;
      entry.waited = 0;
      ran.push(entry.spec.name);
      if (entry.spec.alone === true) tookAlone = true;
      try {
        entry.spec.paint(frameTime);
      } catch (error) {
        failure ??= { error };
      }
    }
    this.last = { frameTime, ran, deferred, spentMs: now() - started };
    if (deferred > 0) this.deferredFrames++;
    if (this.entries.some((e) => e.due)) this.schedule();
    if (failure) throw failure.error;
  };
}

/** The window's frames. */
export const animationFrames: FrameSource = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (id) => cancelAnimationFrame(id),
};
