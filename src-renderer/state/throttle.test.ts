import { describe, expect, it } from 'vitest';
import { throttle } from './throttle.ts';

function fakeClock() {
  let now = 0;
  let pending: { at: number; run: () => void } | null = null;
  return {
    clock: {
      now: () => now,
      setTimer: (run: () => void, ms: number) => (pending = { at: now + ms, run }),
      clearTimer: () => (pending = null),
    },
    advance(ms: number) {
      now += ms;
      if (pending && pending.at <= now) {
        const { run } = pending;
        pending = null;
        run();
      }
    },
    pending: () => pending !== null,
  };
}

describe('throttle', () => {
  it('runs the first request at once', () => {
    const t = fakeClock();
    let runs = 0;
    throttle(() => runs++, 250, t.clock).request();
    expect(runs).toBe(1);
  });

  it('folds requests inside the interval into one trailing run', () => {
    const t = fakeClock();
    let runs = 0;
    const th = throttle(() => runs++, 250, t.clock);
    th.request();
    for (let i = 0; i < 10; i++) {
      t.advance(20);
      th.request();
    }
    expect(runs).toBe(1);
    t.advance(50);
    expect(runs).toBe(2);
    expect(t.pending()).toBe(false);
  });

  it('runs at once again after a quiet interval', () => {
    const t = fakeClock();
    let runs = 0;
    const th = throttle(() => runs++, 250, t.clock);
    th.request();
    t.advance(300);
    th.request();
    expect(runs).toBe(2);
  });

  it('cancel drops the trailing run', () => {
    const t = fakeClock();
    let runs = 0;
    const th = throttle(() => runs++, 250, t.clock);
    th.request();
    th.request();
    th.cancel();
    t.advance(500);
    expect(runs).toBe(1);
  });
});
