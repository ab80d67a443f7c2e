// Coalesces notifications to one per animation frame: however many batches, stats and status
// events arrive in a frame, React renders once.

export type ScheduleFrame = (callback: () => void) => void;

export class FrameBatcher {
  private readonly inputs = new Set<() => void>();
  private readonly queued = new Set<() => void>();
  private scheduled = false;
  private readonly schedule: ScheduleFrame;

  constructor(schedule: ScheduleFrame) {
    this.schedule = schedule;
  }

  /** Runs `task` on the next frame; queueing the same function twice runs it once. */
  queue(task: () => void): void {
    this.queued.add(task);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /**
   * Runs `task` at the start of the next frame, before the notifications: what it changes (a
   * batch of flows taken in) renders in that same frame, not the one after.
   */
  queueInput(task: () => void): void {
    this.inputs.add(task);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  flush(): void {
    const inputs = [...this.inputs];
    this.inputs.clear();
    for (const task of inputs) task();
    this.scheduled = false;
    const tasks = [...this.queued];
    this.queued.clear();
    for (const task of tasks) task();
  }
}

/**
 * requestAnimationFrame, with a timer fallback: a background tab gets no frames, and the data
 * still has to land (it is cheap without a render).
 */
export function browserFrameScheduler(): ScheduleFrame {
  return (callback) => {
    let done = false;
    const run = (): void => {
      if (done) return;
      done = true;
      callback();
    };
    requestAnimationFrame(run);
    setTimeout(run, 250);
  };
}
