import { describe, expect, it } from 'vitest';
import { OPTION_VENUES, VenueBook } from './venue-book.ts';
import type { BookShape } from './venue-book.ts';

/** The venue codes of the live capture (docs/schwab-streaming.md §9). */
const LIVE_CODES = ['S', 'PACX', 'MEMX', 'MIAX', 'AMEX', 'BATS', 'PHLX', 'BOSX', 'EDGX', 'ISEX', 'XBXO', 'MERC', 'CBOE', 'NYSE', 'GMNI', 'NSDQ'];

const shape: BookShape = { seed: 1234, venueCount: 12, touchSize: 40, depth: 5 };
const T0 = 1_773_756_000_000;

describe('VenueBook', () => {
  it('picks distinct venues and is reproducible for a seed', () => {
    const a = new VenueBook(shape);
    const b = new VenueBook(shape);
    expect(new Set(a.venues).size).toBe(12);
    a.catchUp(T0);
    b.catchUp(T0);
    expect(a.levels('ask', 50)).toEqual(b.levels('ask', 50));
  });

  it('has levels best first, aggregate = sum of venues, venues largest first', () => {
    const book = new VenueBook(shape);
    book.catchUp(T0);
    for (const side of ['bid', 'ask'] as const) {
      const levels = book.levels(side, 50);
      expect(levels.length).toBeGreaterThan(3);
      for (let i = 1; i < levels.length; i++) expect(levels[i]?.offset).toBeGreaterThan(levels[i - 1]?.offset as number);
      for (const level of levels) {
        expect(level.size).toBe(level.venues.reduce((s, v) => s + v.size, 0));
        for (let i = 1; i < level.venues.length; i++) {
          expect(level.venues[i]?.size).toBeLessThanOrEqual(level.venues[i - 1]?.size as number);
        }
      }
      expect(book.levels(side, 2).length).toBe(2);
      const touch = book.touch(side);
      expect(touch?.offset).toBe(levels[0]?.offset);
      expect(touch?.size).toBe(levels[0]?.size);
      expect(touch?.venueCount).toBe(levels[0]?.venues.length);
    }
  });

  it('gives the same state whether caught up in many small steps or one', () => {
    const stepped = new VenueBook(shape);
    for (let t = T0; t < T0 + 60_000; t += 137) stepped.catchUp(t);
    stepped.catchUp(T0 + 60_000);
    const once = new VenueBook(shape);
    once.catchUp(T0 + 60_000);
    expect(stepped.levels('bid', 50)).toEqual(once.levels('bid', 50));
    expect(stepped.levels('ask', 50)).toEqual(once.levels('ask', 50));
  });

  it('re-posts sizes over time', () => {
    const book = new VenueBook(shape);
    book.catchUp(T0);
    const before = JSON.stringify(book.levels('ask', 50));
    book.catchUp(T0 + 10_000);
    expect(JSON.stringify(book.levels('ask', 50))).not.toBe(before);
  });

  it('depletes a venue on a trade and refills it after the delay', () => {
    const book = new VenueBook(shape);
    book.catchUp(T0);
    const touch = book.levels('ask', 1)[0];
    const first = touch?.venues[0];
    if (!touch || !first) throw new Error('no touch');
    const partial = book.take('ask', first.venueIndex, touch.offset, 1, T0, 500);
    expect(partial).toEqual({ taken: 1, emptied: false });
    const all = book.take('ask', first.venueIndex, touch.offset, 1_000_000, T0 + 1, 500);
    expect(all).toEqual({ taken: first.size - 1, emptied: true });
    expect(book.levels('ask', 1)[0]?.venues.some((v) => v.venueIndex === first.venueIndex && v.size > 0) ?? false).toBe(false);
    // While out, the venue's re-posts are skipped; at the refill time it is back.
    book.catchUp(T0 + 400);
    expect(book.levels('ask', 50).flatMap((l) => l.venues).some((v) => v.venueIndex === first.venueIndex && v.time >= T0 + 2)).toBe(false);
    book.catchUp(T0 + 501);
    expect(book.levels('ask', 50).flatMap((l) => l.venues).some((v) => v.venueIndex === first.venueIndex && v.time === T0 + 501)).toBe(true);
  });

  it('refills at the touch with at least the size asked for', () => {
    const book = new VenueBook(shape);
    book.catchUp(T0);
    const touch = book.levels('bid', 1)[0];
    const venue = touch?.venues[0];
    if (!touch || !venue) throw new Error('no touch');
    book.take('bid', venue.venueIndex, touch.offset, venue.size, T0, 5_000);
    book.planRefill('bid', venue.venueIndex, T0 + 300, 0, 77);
    book.catchUp(T0 + 300);
    const back = book.levels('bid', 1)[0]?.venues.find((v) => v.venueIndex === venue.venueIndex);
    expect(book.levels('bid', 1)[0]?.offset).toBe(0);
    expect(back?.size).toBeGreaterThanOrEqual(77);
    expect(back?.time).toBe(T0 + 300);
  });

  it('respects maxOffset for the touch and the levels', () => {
    const book = new VenueBook(shape);
    book.catchUp(T0);
    expect(book.levels('bid', 50, 2).every((l) => l.offset <= 2)).toBe(true);
    expect(book.touch('bid', -1)).toBeNull();
  });
});

describe('VenueBook, the live shape (one level a side, split up by venue)', () => {
  const busy: BookShape = { seed: 77, venueCount: 16, touchSize: 25, depth: 4 };
  const quiet: BookShape = { seed: 78, venueCount: 5, touchSize: 6, depth: 2 };
  /** Each venue at the touch as `venue: size@time`, per side. */
  const touchState = (book: VenueBook) =>
    new Map(
      (['bid', 'ask'] as const).flatMap((side) =>
        (book.levels(side, 1)[0]?.venues ?? []).map((v) => [`${side}:${v.venue}`, `${v.size}@${v.time}`] as const),
      ),
    );

  it('draws at most 16 venues, all with live venue codes, the busier the book the more', () => {
    expect(OPTION_VENUES).toHaveLength(16);
    expect([...OPTION_VENUES].sort()).toEqual([...LIVE_CODES].sort());
    expect(new VenueBook({ ...busy, venueCount: 40 }).venues).toHaveLength(16);
    for (let seed = 0; seed < 50; seed++) {
      const book = new VenueBook({ ...busy, seed, venueCount: 5 + (seed % 12) });
      expect(book.venues).toHaveLength(5 + (seed % 12));
      expect(new Set(book.venues).size).toBe(book.venues.length);
      for (const venue of book.venues) expect(LIVE_CODES).toContain(venue);
    }
  });

  it('puts nearly every venue of a busy book at the touch, fewer of a quiet one', () => {
    const share = (shape: BookShape) => {
      const book = new VenueBook(shape);
      let at = 0;
      let all = 0;
      for (let t = T0; t < T0 + 600_000; t += 5_000) {
        book.catchUp(t);
        for (const side of ['bid', 'ask'] as const) {
          at += book.touch(side)?.venueCount ?? 0;
          all += book.venues.length;
        }
      }
      return at / all;
    };
    expect(share(busy)).toBeGreaterThan(0.85);
    expect(share(quiet)).toBeLessThan(share(busy));
    expect(share(quiet)).toBeGreaterThan(0.4);
  });

  it('changes one venue at a time: never two venues in the same millisecond', () => {
    const book = new VenueBook(busy);
    book.catchUp(T0);
    let previous = touchState(book);
    let changes = 0;
    for (let t = T0 + 1; t <= T0 + 30_000; t++) {
      book.catchUp(t);
      const now = touchState(book);
      const changed = new Set<string>();
      for (const key of new Set([...previous.keys(), ...now.keys()])) if (previous.get(key) !== now.get(key)) changed.add(key.split(':')[1] as string);
      expect(changed.size, `at +${t - T0} ms`).toBeLessThanOrEqual(1);
      if (changed.size > 0) changes++;
      previous = now;
    }
    // A busy book's venues re-post every second or two: about 16 / 1.5 changes a second.
    expect(changes / 30).toBeGreaterThan(5);
    expect(changes / 30).toBeLessThan(20);
  });

  it('stamps each venue with its own last change: older for venues that have not changed', () => {
    const ages = (shape: BookShape) => {
      const book = new VenueBook(shape);
      const all: number[] = [];
      for (let t = T0; t < T0 + 600_000; t += 7_000) {
        book.catchUp(t);
        for (const side of ['bid', 'ask'] as const) {
          const venues = book.levels(side, 1)[0]?.venues ?? [];
          for (const v of venues) {
            expect(v.time).toBeLessThanOrEqual(t);
            all.push(t - v.time);
          }
          // Distinct venues never share a time: each keeps its own.
          expect(new Set(venues.map((v) => v.time)).size).toBe(venues.length);
        }
      }
      return all.sort((a, b) => a - b);
    };
    const busyAges = ages(busy);
    const quietAges = ages(quiet);
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] as number;
    // A busy book's venues are a second or two old, a quiet book's several seconds; none a minute.
    expect(median(busyAges)).toBeGreaterThan(200);
    expect(median(busyAges)).toBeLessThan(2_500);
    expect(median(quietAges)).toBeGreaterThan(2 * median(busyAges));
    expect(Math.max(...busyAges, ...quietAges)).toBeLessThan(60_000);
    // A venue that does not change keeps its time while others move on.
    const book = new VenueBook(busy);
    book.catchUp(T0);
    const before = touchState(book);
    book.catchUp(T0 + 300);
    const after = touchState(book);
    const kept = [...before].filter(([key, value]) => after.get(key) === value);
    expect(kept.length).toBeGreaterThan(before.size / 2);
  });

  it('lets a venue size drift between re-posts instead of jumping: fades and grows', () => {
    const book = new VenueBook(busy);
    const series: number[] = [];
    let last = '';
    for (let t = T0; t < T0 + 1_800_000; t += 50) {
      book.catchUp(t);
      // Venue 0's best price on the ask (levels are best first).
      const venue = book.levels('ask', 50).flatMap((l) => l.venues).find((v) => v.venueIndex === 0);
      const key = `${venue?.size}@${venue?.time}`;
      if (venue && key !== last) series.push(Math.log(venue.size));
      last = key;
    }
    expect(series.length).toBeGreaterThan(300);
    const mean = series.reduce((s, x) => s + x, 0) / series.length;
    let num = 0;
    let den = 0;
    for (let i = 0; i < series.length; i++) {
      den += ((series[i] as number) - mean) ** 2;
      if (i > 0) num += ((series[i] as number) - mean) * ((series[i - 1] as number) - mean);
    }
    // Consecutive sizes share two of their three draws: a correlation near 2/3, not 0.
    expect(num / den).toBeGreaterThan(0.35);
  });
});
