import { describe, expect, it } from 'vitest';
import type { FrameSource } from './frame-budget.ts';
import { FrameBudget } from './frame-budget.ts';

/** Frames fired by hand, a clock the painters move by what they "cost". */
function harness(budgetMs: number, maxLateFrames: number) {
  let pending = new Map<number, (frameTime: number) => void>();
  let next = 1;
  let clock = 0;
  const frames: FrameSource = {
    request: (callback) => {
      const id = next++;
      pending.set(id, callback);
      return id;
    },
    cancel: (id) => {
      pending.delete(id);
    },
  };
  const budget = new FrameBudget({ frames, now: () => clock, budgetMs, maxLateFrames });
  const painted: { name: string; frameTime: number; state: number }[] = [];
  let state = 0;
  const add = (name: string, priority: number, costMs: number) =>
    budget.add({
      name,
      priority,
      paint: (frameTime) => {
        painted.push({ name, frameTime, state });
        clock += costMs;
      },
    });
  /** Runs the frame callbacks requested so far, as a browser's next frame would. */
  const frame = (frameTime: number): void => {
    const now = pending;
    pending = new Map();
    for (const callback of now.values()) callback(frameTime);
  };
  return {
    budget,
    add,
    frame,
    painted,
    requested: () => pending.size,
    setState: (s: number) => (state = s),
    namesIn: (frameTime: number) => painted.filter((p) => p.frameTime === frameTime).map((p) => p.name),
  };
}

describe('FrameBudget', () => {
  it('paints in priority order, the painters of a frame in one callback, whatever order they were asked in', () => {
    const h = harness(10, 1);
    const metrics = h.add('metrics', 3, 0.2);
    const heat = h.add('heatmap', 0, 1.4);
    const bid = h.add('montage-bid', 1, 0.35);
    metrics.request();
    bid.request();
    heat.request();
    heat.request();
    expect(h.requested()).toBe(1);
    h.frame(16);
    expect(h.namesIn(16)).toEqual(['heatmap', 'montage-bid', 'metrics']);
    expect(h.requested()).toBe(0);
  });

  it('leaves the painters after the budget to the next frame, which paints the state of then', () => {
    const h = harness(1, 1);
    const heat = h.add('heatmap', 0, 1.4);
    const bid = h.add('montage-bid', 1, 0.35);
    const ask = h.add('montage-ask', 2, 0.35);
    const metrics = h.add('metrics', 3, 0.2);
    h.setState(1);
    for (const p of [heat, bid, ask, metrics]) p.request();
    h.frame(16);
    expect(h.namesIn(16)).toEqual(['heatmap']);
    expect(h.budget.lastFrame()).toEqual({ frameTime: 16, ran: ['heatmap'], deferred: 3, spentMs: 1.4 });
    expect(h.requested()).toBe(1);
    // The state moved on before the next frame: the deferred painters draw that, once each.
    h.setState(2);
    bid.request();
    h.frame(33);
    expect(h.namesIn(33)).toEqual(['montage-bid', 'montage-ask', 'metrics']);
    expect(h.painted.filter((p) => p.frameTime === 33).every((p) => p.state === 2)).toBe(true);
    expect(h.requested()).toBe(0);
    expect(h.budget.deferredFrames).toBe(1);
  });

  it('always runs the first painter of a frame, however much it costs', () => {
    const h = harness(1, 5);
    const heat = h.add('heatmap', 0, 8);
    const bid = h.add('montage-bid', 1, 8);
    heat.request();
    bid.request();
    h.frame(16);
    h.frame(33);
    expect(h.namesIn(16)).toEqual(['heatmap']);
    expect(h.namesIn(33)).toEqual(['montage-bid']);
  });

  it('never leaves a painter more than maxLateFrames frames, even when those ahead of it take every frame', () => {
    const h = harness(1, 1);
    const heat = h.add('heatmap', 0, 1.4);
    const bid = h.add('montage-bid', 1, 0.35);
    const ask = h.add('montage-ask', 2, 0.35);
    // A snapshot every frame: the heat map alone would spend each one.
    for (let t = 1; t <= 4; t++) {
      heat.request();
      bid.request();
      ask.request();
      h.frame(t * 16);
    }
    expect(h.namesIn(16)).toEqual(['heatmap']);
    expect(h.namesIn(32)).toEqual(['heatmap', 'montage-bid', 'montage-ask']);
    expect(h.namesIn(48)).toEqual(['heatmap']);
    expect(h.namesIn(64)).toEqual(['heatmap', 'montage-bid', 'montage-ask']);
  });

  it('runs an alone painter only in a frame no other painter took, then the rest wait for the next', () => {
    const h = harness(10, 1);
    const heat = h.add('heatmap', 0, 0.1);
    const text = h.budget.add({ name: 'text', priority: 5, paint: () => void h.painted.push({ name: 'text', frameTime: -1, state: 0 }), alone: true, maxLateFrames: 3 });
    heat.request();
    text.request();
    h.frame(16);
    // Well within the budget, and still left for a frame of its own.
    expect(h.namesIn(16)).toEqual(['heatmap']);
    h.frame(32);
    expect(h.painted.map((p) => p.name)).toEqual(['heatmap', 'text']);
    expect(h.requested()).toBe(0);
    // First in its frame, it leaves the painters after it to the next frame.
    const after = h.add('after', 6, 0.1);
    text.request();
    after.request();
    h.frame(48);
    expect(h.painted.map((p) => p.name)).toEqual(['heatmap', 'text', 'text']);
    h.frame(64);
    expect(h.namesIn(64)).toEqual(['after']);
  });

  it('bounds an alone painter by its own maxLateFrames when other painters take every frame', () => {
    const h = harness(10, 1);
    const heat = h.add('heatmap', 0, 0.1);
    const text = h.add('text', 5, 0.1);
    text.remove();
    const alone = h.budget.add({ name: 'alone', priority: 5, paint: (frameTime) => void h.painted.push({ name: 'alone', frameTime, state: 0 }), alone: true, maxLateFrames: 3 });
    alone.request();
    for (let t = 1; t <= 5; t++) {
      heat.request();
      h.frame(t * 16);
    }
    // Left out of three frames, it runs in the fourth beside the heat map, not later.
    expect([16, 32, 48, 64, 80].map((t) => h.namesIn(t))).toEqual([['heatmap'], ['heatmap'], ['heatmap'], ['heatmap', 'alone'], ['heatmap']]);
  });

  it('with maxLateFrames 0 runs every painter in the frame it was due in', () => {
    const h = harness(0, 0);
    const heat = h.add('heatmap', 0, 5);
    const bid = h.add('montage-bid', 1, 5);
    heat.request();
    bid.request();
    h.frame(16);
    expect(h.namesIn(16)).toEqual(['heatmap', 'montage-bid']);
  });

  it('paints a painter asked for during a frame in the next one', () => {
    const h = harness(10, 1);
    const later = h.add('metrics', 3, 0.1);
    const first = h.budget.add({ name: 'heatmap', priority: 0, paint: () => later.request() });
    first.request();
    h.frame(16);
    expect(h.namesIn(16)).toEqual([]);
    expect(h.requested()).toBe(1);
    h.frame(33);
    expect(h.namesIn(33)).toEqual(['metrics']);
  });

  it('forgets a removed painter, and asks for no frame when nothing is left to paint', () => {
    const h = harness(1, 1);
    const heat = h.add('heatmap', 0, 0.5);
    heat.request();
    heat.remove();
    expect(h.requested()).toBe(0);
    heat.request();
    expect(h.requested()).toBe(0);
    h.frame(16);
    expect(h.painted).toEqual([]);
  });

  it('runs the painters after one that throws, keeps the frames coming, and rethrows the error after the frame', () => {
    const h = harness(10, 1);
    let broken = true;
    const bad = h.budget.add({
      name: 'broken',
      priority: 0,
      paint: () => {
        if (broken) throw new Error('no context');
      },
    });
    const montage = h.add('montage-bid', 1, 0.1);
    bad.request();
    montage.request();
    expect(() => h.frame(16)).toThrow('no context');
    expect(h.namesIn(16)).toEqual(['montage-bid']);
    broken = false;
    bad.request();
    montage.request();
    h.frame(32);
    expect(h.budget.lastFrame()?.ran).toEqual(['broken', 'montage-bid']);
  });

  it('refuses a budget it cannot keep', () => {
    const frames: FrameSource = { request: () => 1, cancel: () => undefined };
    expect(() => new FrameBudget({ frames, now: () => 0, budgetMs: Number.NaN, maxLateFrames: 1 })).toThrow(/budgetMs/);
    expect(() => new FrameBudget({ frames, now: () => 0, budgetMs: 1, maxLateFrames: 1.5 })).toThrow(/maxLateFrames/);
  });
});
