import { describe, expect, it } from 'vitest';
import { BookTimelineBuffer } from '../../shared/analytics/book-timeline.ts';
import { seededRandom } from '../../shared/analytics/book-timeline.testkit.ts';
import type { BookEventKind, TimelineColumn } from '../../shared/domain/book-events.ts';
import { HeatMapBuilder } from './heat-map-builder.ts';
import type { HeatLayout } from './heat-map-model.ts';
import { heatMapModel } from './heat-map-model.ts';
import type { HeatView } from './heat-map-view.ts';
import { heatWindow, LIVE_VIEW, pauseAt, scrubBy } from './heat-map-view.ts';
import { bookEvent, level, print, T0, timeline, touchColumn } from './timeline.testkit.ts';

const VENUES = ['AMEX', 'BOX', 'CBOE', 'ISEX', 'MIAX', 'PHLX', 'C2', 'EDGX'];
const KINDS: readonly BookEventKind[] = ['refill', 'pull', 'stack', 'touch'];

/** A random walk of a book, its prints and events, with the window moved about as a trader would. */
function walk(seed: number, steps: number, layout0: HeatLayout): { checked: number; fullBuilds: number } {
  const rnd = seededRandom(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const venues = (): Record<string, number> => {
    const out: Record<string, number> = {};
    // Mostly the same few venues, now and then one of the rarer ones (rows come and go).
    for (const venue of VENUES.slice(0, 3)) if (rnd() < 0.9) out[venue] = 1 + Math.floor(rnd() * 200);
    if (rnd() < 0.08) out[pick(VENUES)] = 1 + Math.floor(rnd() * 500);
    return out;
  };
  // A short span so the buffer prunes its oldest columns while the walk goes on.
  const buffer = new BookTimelineBuffer('SPY   260116C00600000', 90_000);
  const builder = new HeatMapBuilder();
  let layout = layout0;
  let view: HeatView = { ...LIVE_VIEW, spanMs: 30_000 };
  let time = T0;
  let mid = 150;
  let checked = 0;
  const column = (at: number): TimelineColumn => {
    mid = Math.max(10, mid + Math.round((rnd() - 0.5) * 6));
    if (layout === 'venues' || rnd() < 0.3) return touchColumn(at, [mid / 100, venues()], [(mid + 1 + Math.floor(rnd() * 3)) / 100, venues()]);
    const depth = 1 + Math.floor(rnd() * 6);
    const side = (sign: 1 | -1) => Array.from({ length: depth }, (_, i) => level((mid + sign * (i + (sign > 0 ? 1 : 0))) / 100, venues()));
    return { time: at, bids: side(-1), asks: side(1) };
  };
  for (let step = 0; step < steps; step++) {
    const r = rnd();
    if (r < 0.7) {
      time += 20 + Math.floor(rnd() * 900);
      buffer.addColumn(column(time));
    } else if (r < 0.74 && buffer.columns.length > 0) {
      // The newest snapshot sent again with other sizes: the column is replaced in place.
      buffer.addColumn(column(time));
    } else if (r < 0.8) {
      const flowId = rnd() < 0.3 && buffer.prints.length > 0 ? pick(buffer.prints).flowId : `f${step}`;
      buffer.upsertPrint(print(flowId, time - Math.floor(rnd() * 2000), (mid + Math.floor(rnd() * 3) - 1) / 100, 1 + Math.floor(rnd() * 50), { cancelled: rnd() < 0.1 }));
    } else if (r < 0.86) {
      buffer.addEvents([bookEvent({ kind: pick(KINDS), side: rnd() < 0.5 ? 'bid' : 'ask', venue: rnd() < 0.8 ? pick(VENUES) : null, time: time - Math.floor(rnd() * 500), price: mid / 100, size: 5 })]);
    } else if (r < 0.89) {
      view = pauseAt(view, held(buffer.columns));
    } else if (r < 0.92) {
      view = scrubBy(view, held(buffer.columns), (rnd() - 0.6) * 20_000);
    } else if (r < 0.95) {
      view = { ...view, paused: false, end: null };
    } else if (r < 0.98) {
      view = { ...view, spanMs: pick([10_000, 30_000, 60_000]) };
    } else {
      layout = layout === 'venues' ? 'levels' : 'venues';
    }
    const { from, to } = heatWindow(view, held(buffer.columns));
    const options = { layout, from, to };
    expect(builder.build(buffer, options), `seed ${seed} step ${step}`).toEqual(heatMapModel(buffer, options));
    checked++;
  }
  return { checked, fullBuilds: builder.fullBuilds };
}

function held(columns: readonly TimelineColumn[]): { oldest: number; newest: number } | null {
  const first = columns[0];
  const last = columns.at(-1);
  return first && last ? { oldest: first.time, newest: last.time } : null;
}

describe('HeatMapBuilder', () => {
  it('builds the model heatMapModel builds, snapshot after snapshot, on random books, prints, events and windows', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { checked, fullBuilds } = walk(seed, 300, seed % 2 === 0 ? 'venues' : 'levels');
      expect(checked).toBe(300);
      // It is incremental: most snapshots are added to what was built, not built whole.
      expect(fullBuilds, `seed ${seed}`).toBeLessThan(checked / 2);
    }
  });

  it('adds a snapshot to the model it built and drops the one that scrolled out', () => {
    const s = 1000;
    const columns = [0, 1, 2, 3].map((i) => touchColumn(T0 + i * s, [1.2, { CBOE: 10 + i }], [1.25, { PHLX: 30 }]));
    const builder = new HeatMapBuilder();
    const history = timeline(columns.slice(0, 3));
    const first = builder.build(history, { layout: 'venues', from: T0 - 500, to: T0 + 2.5 * s });
    expect(first.columns.map((c) => [c.time, c.until])).toEqual([
      [T0, T0 + s],
      [T0 + s, T0 + 2 * s],
      [T0 + 2 * s, T0 + 2.5 * s],
    ]);
    const next = builder.build(timeline(columns), { layout: 'venues', from: T0 + 1.5 * s, to: T0 + 3.5 * s });
    expect(builder.fullBuilds).toBe(1);
    expect(next.columns.map((c) => [c.time, c.until, c.cells[0]?.size])).toEqual([
      [T0 + 1.5 * s, T0 + 2 * s, 11],
      [T0 + 2 * s, T0 + 3 * s, 12],
      [T0 + 3 * s, T0 + 3.5 * s, 13],
    ]);
    expect(next.maxSize).toBe(30);
    // Scrubbed back: built whole again.
    builder.build(timeline(columns), { layout: 'venues', from: T0, to: T0 + 2 * s });
    expect(builder.fullBuilds).toBe(2);
  });
});
