// Runs a task at most once per interval, with a trailing run so the last change always lands.
// For work that need not follow every update (a chart lightweight-charts repaints whole):
// a burst of 25 updates a second becomes a handful of runs, the final state never lost.

export interface ThrottleClock {
  now: () => number;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

export interface Throttled {
  /** Asks for a run: now if the interval has passed, else once at its end. */
  request(): void;
  /** Drops a pending trailing run. */
  cancel(): void;
}

export function throttle(task: () => void, intervalMs: number, clock: ThrottleClock): Throttled {
  let lastRun = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  const run = (): void => {
    timer = null;
    lastRun = clock.now();
    task();
  };
  return {
    request() {
      if (timer !== null) return;
      const wait = lastRun + intervalMs - clock.now();
      if (wait <= 0) run();
      else timer = clock.setTimer(run, wait);
    },
    cancel() {
      if (timer !== null) clock.clearTimer(timer);
      timer = null;
    },
  };
}

export function browserClock(): ThrottleClock {
  return {
    now: () => performance.now(),
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (handle) => clearTimeout(handle as number),
  };
}
