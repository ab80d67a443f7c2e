import { describe, expect, it } from 'vitest';
import { nbboRuns } from './nbbo-strip-draw.ts';
import { T0 } from './timeline.testkit.ts';

const point = (time: number, bid: number | null, ask: number | null) => ({ time, bid, ask, spread: bid === null || ask === null ? null : ask - bid });

describe('nbboRuns', () => {
  it('joins snapshots quoting the same bid and ask, each run ending at the next change', () => {
    const points = [point(T0, 1.2, 1.25), point(T0 + 50, 1.2, 1.25), point(T0 + 100, 1.2, 1.3), point(T0 + 150, 1.2, 1.3), point(T0 + 200, null, 1.3)];
    expect(nbboRuns(points, T0 + 1000)).toEqual([
      { from: T0, until: T0 + 100, bid: 1.2, ask: 1.25 },
      { from: T0 + 100, until: T0 + 200, bid: 1.2, ask: 1.3 },
      { from: T0 + 200, until: T0 + 1000, bid: null, ask: 1.3 },
    ]);
  });

  it('has no runs without points', () => {
    expect(nbboRuns([], T0)).toEqual([]);
  });
});
