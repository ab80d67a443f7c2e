import { describe, expect, it } from 'vitest';
import type { FrameSource } from './frame-budget.ts';
import { FrameBudget } from './frame-budget.ts';
import { READING_LATE_FRAMES, ReadingClock } from './reading-clock.ts';

/** Frames and timers fired by hand, on a clock the test moves. */
function harness(intervalMs = 250) {
  let frames = new Map<number, (frameTime: number) => void>();
  let next = 1;
  let clock = 0;
  const timers: { at: number; callback: () => void }[] = [];
  const source: FrameSource = {
    request: (callback) => {
      const id = next++;
      frames.set(id, callback);
      return id;
    },
    cancel: (id) => {
      frames.delete(id);
    },
  };
  const painters = new FrameBudget({ frames: source, now: () => clock, budgetMs: 1, maxLateFrames: 1 });
  const reading = new ReadingClock({ painters, priority: 5, now: () => clock, timers: { set: (callback, ms) => void timers.push({ at: clock + ms, callback }) }, intervalMs });
  /** Moves the clock, firing the timers due by then, then runs the frame callbacks asked for. */
  const frameAt = (time: number): void => {
    clock = time;
    for (const timer of timers.filter((t) => t.at <= time)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.callback();
    }
    const due = frames;
    frames = new Map();
    for (const callback of due.values()) callback(time);
  };
  return { painters, reading, frameAt, pendingTimers: () => timers.length };
}

describe('ReadingClock', () => {
  it('writes in the next frame after a quiet spell, then at most once per interval, the newest state', () => {
    const { reading, frameAt } = harness(250);
    let state = 0;
    const written: { at: number; state: number }[] = [];
    let now = 0;
    const write = (): void => void written.push({ at: now, state });
    // Snapshots every 40 ms, each asking for the figures to be written again.
    for (let t = 0; t <= 1000; t += 40) {
      state = t;
      reading.request(write);
      now = t;
      frameAt(t);
    }
    // The first in its own frame; the rest 250 ms or more apart, each with the state of its time.
    expect(written[0]).toEqual({ at: 0, state: 0 });
    for (let i = 1; i < written.length; i++) {
      const gap = (written[i]?.at ?? 0) - (written[i - 1]?.at ?? 0);
      expect(gap).toBeGreaterThanOrEqual(250);
      expect(written[i]?.state).toBe(written[i]?.at);
    }
    // 26 snapshots in a second, four writes (0, 280, 560, 840 on this 40 ms grid).
    expect(written.map((w) => w.at)).toEqual([0, 280, 560, 840]);
  });

  it('runs each write asked for once per tick, however often it was asked, one per frame in the order asked', () => {
    const { reading, frameAt } = harness(250);
    const runs: { at: number; write: string }[] = [];
    let now = 0;
    const a = (): void => void runs.push({ at: now, write: 'a' });
    const b = (): void => void runs.push({ at: now, write: 'b' });
    const c = (): void => void runs.push({ at: now, write: 'c' });
    reading.request(a);
    reading.request(b);
    reading.request(a);
    reading.request(c);
    for (const t of [16, 32, 48, 64]) {
      now = t;
      frameAt(t);
    }
    // No frame pays for every panel's text: a, b and c in three frames, a once.
    expect(runs).toEqual([
      { at: 16, write: 'a' },
      { at: 32, write: 'b' },
      { at: 48, write: 'c' },
    ]);
    expect(reading.ticks).toBe(1);
    // Asked again while the tick ran: written in the next tick, an interval after its first write.
    reading.request(a);
    reading.request(b);
    for (let t = 80; t <= 320; t += 16) {
      now = t;
      frameAt(t);
    }
    expect(runs.slice(3)).toEqual([
      { at: 272, write: 'a' },
      { at: 288, write: 'b' },
    ]);
    expect(reading.ticks).toBe(2);
  });

  it('asks for a frame to write in again when asked during its own tick, not before the interval', () => {
    const { reading, frameAt } = harness(250);
    const runs: number[] = [];
    let now = 0;
    const a = (): void => void runs.push(now);
    const b = (): void => {
      runs.push(now);
      // The figure changed while its own tick runs: the next tick writes it.
      reading.request(a);
    };
    reading.request(a);
    reading.request(b);
    for (let t = 16; t <= 400; t += 16) {
      now = t;
      frameAt(t);
    }
    expect(runs).toEqual([16, 32, 272]);
  });

  it('writes nothing and asks for no frame or timer when nothing was asked for', () => {
    const { reading, frameAt, pendingTimers } = harness(250);
    frameAt(16);
    frameAt(500);
    expect(reading.ticks).toBe(0);
    expect(pendingTimers()).toBe(0);
  });

  it('forgets a cancelled write', () => {
    const { reading, frameAt } = harness(250);
    const runs: string[] = [];
    const a = (): void => void runs.push('a');
    reading.request(a);
    reading.cancel(a);
    frameAt(16);
    expect(runs).toEqual([]);
  });

  it('runs the other writes when one throws, in the frames after it', () => {
    const { reading, frameAt } = harness(250);
    const runs: string[] = [];
    reading.request(() => {
      throw new Error('bad figure');
    });
    reading.request(() => void runs.push('b'));
    expect(() => frameAt(16)).toThrow('bad figure');
    frameAt(32);
    expect(runs).toEqual(['b']);
    // The clock goes on ticking after a failed write.
    reading.request(() => void runs.push('c'));
    frameAt(300);
    expect(runs).toEqual(['b', 'c']);
  });

  it('writes in a frame no canvas takes, or beside them once it has waited READING_LATE_FRAMES', () => {
    const { painters, reading, frameAt } = harness(250);
    const order: string[] = [];
    const heat = painters.add({ name: 'heatmap', priority: 1, paint: () => void order.push('heatmap') });
    reading.request(() => void order.push('text'));
    heat.request();
    frameAt(16);
    expect(order).toEqual(['heatmap']);
    frameAt(32);
    expect(order).toEqual(['heatmap', 'text']);
    // A canvas in every frame: the write still comes, READING_LATE_FRAMES frames late at most.
    order.length = 0;
    reading.request(() => void order.push('text'));
    let t = 300;
    for (let i = 0; i <= READING_LATE_FRAMES; i++) {
      heat.request();
      frameAt((t += 16));
    }
    expect(order.filter((o) => o === 'text')).toHaveLength(1);
    expect(order.slice(-2)).toEqual(['heatmap', 'text']);
  });

  it('refuses a negative interval', () => {
    const source: FrameSource = { request: () => 1, cancel: () => undefined };
    const painters = new FrameBudget({ frames: source, now: () => 0, budgetMs: 1, maxLateFrames: 1 });
    expect(() => new ReadingClock({ painters, priority: 5, now: () => 0, timers: { set: () => undefined }, intervalMs: -1 })).toThrow(/intervalMs/);
  });
});
