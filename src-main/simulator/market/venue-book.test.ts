import { describe, expect, it } from 'vitest';
import { VenueBook } from './venue-book.ts';
import type { BookShape } from './venue-book.ts';

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
