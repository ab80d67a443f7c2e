import { describe, expect, it } from 'vitest';
import { column, level, T0 } from './book-timeline.testkit.ts';
import { MONTAGE_MARK_MS, montage } from './venue-montage.ts';

const bid = level(1.2, [['PHLX', 30]]);
const asks = (venues: [string, number, number?][], price = 1.3) => level(price, venues);

// Ten seconds of the ask, one snapshot a second:
//   0-3 s  CBOE 40 (quoted T0), ISEX 20 (T0)
//   4 s    MIAX joins with 10 (quoted T0 + 3900)
//   6 s    ISEX shrinks to 5 (quoted T0 + 5800)
//   8 s    CBOE leaves, PACX joins with 25
const history = Array.from({ length: 10 }, (_, s) => {
  const t = T0 + s * 1000;
  const venues: [string, number, number?][] = [];
  if (s < 8) venues.push(['CBOE', 40]);
  venues.push(['ISEX', s < 6 ? 20 : 5, s < 6 ? T0 : T0 + 5800]);
  if (s >= 4) venues.push(['MIAX', 10, T0 + 3900]);
  if (s >= 8) venues.push(['PACX', 25, T0 + 7950]);
  return column(t, [bid], [asks(venues)]);
});

describe('montage', () => {
  it('lists the touch venues with names, sizes summing to the level, shares, ages and marks', () => {
    // MIAX joined 5.5 s before: past the 5 s mark.
    const rows = montage(history, 'ask', { now: T0 + 9500, sort: 'size' });
    expect(rows).toEqual([
      { venue: 'PACX', name: 'ARCA', size: 25, share: 25 / 40, quoteTimeEtMs: expect.any(Number), ageMs: 1550, atTouchSince: T0 + 8000, mark: 'joined', markAt: T0 + 8000 },
      { venue: 'MIAX', name: 'MIAX', size: 10, share: 10 / 40, quoteTimeEtMs: expect.any(Number), ageMs: 5600, atTouchSince: T0 + 4000, mark: null, markAt: null },
      { venue: 'ISEX', name: 'ISE', size: 5, share: 5 / 40, quoteTimeEtMs: expect.any(Number), ageMs: 3700, atTouchSince: T0, mark: 'shrank', markAt: T0 + 6000 },
      { venue: 'CBOE', name: 'CBOE', size: 0, share: 0, quoteTimeEtMs: null, ageMs: null, atTouchSince: T0 + 8000, mark: 'left', markAt: T0 + 8000 },
    ]);
    const present = rows.filter((r) => r.mark !== 'left');
    expect(present.reduce((sum, r) => sum + r.size, 0)).toBe(history[9]?.asks[0]?.size);
    expect(present.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 12);
  });

  it("sorts by time at the touch: the longest first, venues that left last", () => {
    expect(montage(history, 'ask', { now: T0 + 9500, sort: 'time' }).map((r) => r.venue)).toEqual(['ISEX', 'MIAX', 'PACX', 'CBOE']);
  });

  it('marks only changes within markMs, and forgets a venue that left before it', () => {
    const rows = montage(history, 'ask', { now: T0 + 9500, sort: 'size', markMs: 2000 });
    expect(rows.map((r) => [r.venue, r.mark])).toEqual([['PACX', 'joined'], ['MIAX', null], ['ISEX', null], ['CBOE', 'left']]);
    expect(montage(history, 'ask', { now: T0 + 9500, sort: 'size', markMs: 1000 }).map((r) => r.venue)).toEqual(['PACX', 'MIAX', 'ISEX']);
    expect(MONTAGE_MARK_MS).toBe(5000);
  });

  it('reads the montage of an earlier moment when scrubbed', () => {
    const rows = montage(history, 'ask', { now: T0 + 4200, sort: 'size' });
    expect(rows.map((r) => [r.venue, r.size, r.mark, r.ageMs])).toEqual([['CBOE', 40, null, 4200], ['ISEX', 20, null, 4200], ['MIAX', 10, 'joined', 300]]);
    expect(montage(history, 'ask', { now: T0 - 1, sort: 'size' })).toEqual([]);
  });

  it('shows a grown venue', () => {
    const grown = [column(T0, [bid], [asks([['CBOE', 10]])]), column(T0 + 1000, [bid], [asks([['CBOE', 30]])])];
    expect(montage(grown, 'ask', { now: T0 + 1000, sort: 'size' })[0]).toMatchObject({ mark: 'grew', markAt: T0 + 1000, size: 30 });
  });

  it('counts a venue that stays on a moving touch as continuously there', () => {
    const moving = [column(T0, [bid], [asks([['CBOE', 10]])]), column(T0 + 1000, [bid], [asks([['CBOE', 10], ['MIAX', 5]], 1.35)])];
    const rows = montage(moving, 'ask', { now: T0 + 1000, sort: 'time' });
    expect(rows.map((r) => [r.venue, r.atTouchSince - T0, r.mark])).toEqual([['CBOE', 0, null], ['MIAX', 1000, 'joined']]);
  });

  it('gives no age when the venue clock cannot be read, or the caller says so', () => {
    const h3 = T0 - 3 * 3_600_000;
    const skewed = [column(T0, [level(1.2, [['PHLX', 30, h3]])], [asks([['CBOE', 10, h3]])])];
    expect(montage(skewed, 'ask', { now: T0, sort: 'size' })[0]?.ageMs).toBeNull();
    expect(montage(history, 'ask', { now: T0 + 9500, sort: 'size', clockOffsetMs: null })[0]?.ageMs).toBeNull();
  });

  it('reads the bid side too, and refuses a bad time', () => {
    expect(montage(history, 'bid', { now: T0 + 9500, sort: 'size' }).map((r) => [r.name, r.size, r.share])).toEqual([['PHLX', 30, 1]]);
    expect(() => montage(history, 'bid', { now: Number.NaN, sort: 'size' })).toThrow(/Bad montage time/);
  });
});

describe('montage with a memo', () => {
  it('equals the montage read afresh, snapshot after snapshot, as the window slides and a column is replaced', () => {
    // A seeded walk: venues join and leave the ask's touch at random.
    let seed = 17;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const venues = ['CBOE', 'ISEX', 'MIAX', 'PACX', 'PHLX', 'AMEX'];
    const on = new Map<string, number>(venues.map((v) => [v, 10]));
    const held: ReturnType<typeof column>[] = [];
    const memo = { last: null };
    let checked = 0;
    for (let s = 0; s < 240; s++) {
      for (const v of venues) if (random() < 0.15) on.set(v, on.get(v) ? 0 : 5 + Math.floor(random() * 20));
      const shown = [...on].filter(([, size]) => size > 0).map(([v, size]): [string, number] => [v, size]);
      const next = column(T0 + s * 250, [bid], [asks(shown.length > 0 ? shown : [['CBOE', 1]])]);
      // Now and then a snapshot replaces the one before it (the same time sent again).
      if (s > 0 && random() < 0.05) held[held.length - 1] = column((held.at(-1) as { time: number }).time, [bid], [asks([['MIAX', 3]])]);
      held.push(next);
      // Read as the window does: the last 40 snapshots at most.
      const read = held.slice(Math.max(0, held.length - 40));
      const now = next.time;
      for (const sort of ['size', 'time'] as const) {
        const fresh = montage(read, 'ask', { now, sort });
        expect(montage(read, 'ask', { now, sort }, sort === 'size' ? memo : { last: null })).toEqual(fresh);
        checked++;
      }
    }
    expect(checked).toBe(480);
  });

  it('is not fooled by an array changed in place (a snapshot inserted before the one it showed)', () => {
    const memo = { last: null };
    const live = history.slice(0, 6);
    montage(live, 'ask', { now: T0 + 5000, sort: 'time' }, memo);
    // ISEX missing from a snapshot sent late, between 2 s and 3 s.
    live.splice(3, 0, column(T0 + 2500, [bid], [asks([['CBOE', 40], ['MIAX', 1]])]));
    live.push(history[6] as (typeof history)[number]);
    expect(montage(live, 'ask', { now: T0 + 6000, sort: 'time' }, memo)).toEqual(montage(live, 'ask', { now: T0 + 6000, sort: 'time' }));
  });

  it('walks afresh when scrubbed back before the snapshot it showed', () => {
    const memo = { last: null };
    montage(history, 'ask', { now: T0 + 9000, sort: 'time' }, memo);
    expect(montage(history, 'ask', { now: T0 + 5000, sort: 'time' }, memo)).toEqual(montage(history, 'ask', { now: T0 + 5000, sort: 'time' }));
    expect(montage(history.slice(2), 'ask', { now: T0 + 9000, sort: 'time' }, memo)).toEqual(montage(history.slice(2), 'ask', { now: T0 + 9000, sort: 'time' }));
  });
});
