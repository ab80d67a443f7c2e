import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS } from '../domain/settings.ts';
import { classifyKind, isAggressive, type ClusterPrint } from './kind.ts';

const p = (price: number, size: number, side: ClusterPrint['side'], lastSize: number | null = size): ClusterPrint => ({ price, size, side, lastSize });
const base = { displayedBefore: 10, venuesDepleted: 0, multiplier: 100 };
const kindOf = (direction: 'BUY' | 'SELL' | 'UNKNOWN', prints: ClusterPrint[], extra: Partial<typeof base> = {}) =>
  classifyKind({ direction, prints, ...base, ...extra }, DEFAULT_FLOW_SETTINGS);

describe('isAggressive', () => {
  it('needs every print at or through the touch on the order side', () => {
    expect(isAggressive('BUY', [p(1, 1, 'ASK'), p(1.1, 1, 'ABOVE_ASK')])).toBe(true);
    expect(isAggressive('BUY', [p(1, 1, 'ASK'), p(1, 1, 'MID')])).toBe(false);
    expect(isAggressive('SELL', [p(1, 1, 'BID'), p(0.9, 1, 'BELOW_BID')])).toBe(true);
    expect(isAggressive('UNKNOWN', [p(1, 1, 'ASK')])).toBe(false);
    expect(isAggressive('BUY', [])).toBe(false);
  });
});

describe('classifyKind', () => {
  it('calls a sweep by book venues first, then by a price walk, then by size over the display', () => {
    expect(kindOf('BUY', [p(1, 5, 'ASK', 2)], { venuesDepleted: 2 })).toMatchObject({ kind: 'SWEEP', rule: 'BOOK_VENUES', confidence: 0.9 });
    expect(kindOf('BUY', [p(1, 5, 'ASK'), p(1.05, 5, 'ABOVE_ASK')])).toMatchObject({ kind: 'SWEEP', rule: 'PRICE_WALK' });
    expect(kindOf('SELL', [p(1, 5, 'BID'), p(0.95, 5, 'BELOW_BID')])).toMatchObject({ kind: 'SWEEP', rule: 'PRICE_WALK' });
    expect(kindOf('BUY', [p(1, 11, 'ASK', 4)])).toMatchObject({ kind: 'SWEEP', rule: 'TOOK_DISPLAYED' });
    expect(kindOf('BUY', [p(1, 10, 'ASK', 4)]).kind).not.toBe('SWEEP');
    // Several prints merged in one update that ended beyond the touch walked the book.
    expect(kindOf('SELL', [p(0.95, 8, 'BELOW_BID', 3)])).toMatchObject({ kind: 'SWEEP', rule: 'PRICE_WALK' });
    // One print outside the quote (a spread leg) is not a walk.
    expect(kindOf('SELL', [p(0.95, 8, 'BELOW_BID', 8)]).kind).toBe('SINGLE');
  });

  it('never calls one print a sweep: one print filled at one venue', () => {
    expect(kindOf('BUY', [p(1, 50, 'ASK')], { venuesDepleted: 3 }).kind).not.toBe('SWEEP');
    expect(kindOf('BUY', [p(1, 50, 'ABOVE_ASK')]).kind).not.toBe('SWEEP');
  });

  it('never calls a non-aggressive cluster a sweep', () => {
    expect(kindOf('BUY', [p(1, 50, 'MID')], { venuesDepleted: 3 }).kind).not.toBe('SWEEP');
    expect(kindOf('UNKNOWN', [p(1, 50, 'ASK')]).kind).not.toBe('SWEEP');
  });

  it('calls repeated prints at one price a split', () => {
    expect(kindOf('BUY', [p(1, 5, 'MID'), p(1, 5, 'MID')])).toMatchObject({ kind: 'SPLIT', rule: 'SAME_PRICE' });
    expect(kindOf('BUY', [p(1, 5, 'MID'), p(1.01, 5, 'MID')]).kind).toBe('SINGLE');
  });

  it('calls one large print a block by contracts or by premium; a pile of small conflated prints is a split', () => {
    expect(kindOf('BUY', [p(0.5, 100, 'MID')])).toMatchObject({ kind: 'BLOCK' });
    expect(kindOf('BUY', [p(0.5, 99, 'MID')]).kind).toBe('SINGLE');
    expect(kindOf('BUY', [p(10, 50, 'MID')]).kind).toBe('BLOCK');
    expect(kindOf('BUY', [p(1, 150, 'MID', 3)])).toMatchObject({ kind: 'SPLIT', rule: 'CONFLATED' });
    expect(kindOf('BUY', [p(1, 150, 'MID', 120)])).toMatchObject({ kind: 'BLOCK', confidence: 0.6 });
    // One large print at the ask that took everything shown cleared the level: not a block.
    expect(kindOf('BUY', [p(1, 120, 'ASK')], { displayedBefore: 120 }).kind).toBe('SINGLE');
    expect(kindOf('BUY', [p(1, 120, 'ASK')], { displayedBefore: 500 }).kind).toBe('BLOCK');
  });

  it('refuses an empty cluster', () => {
    expect(() => kindOf('BUY', [])).toThrow(RangeError);
  });
});

describe('classifyKind: a conflated update called a block (version 3, FLOW-RULES.md §3)', () => {
  const strict = { strictConflatedBlock: true };
  const kindV3 = (prints: ClusterPrint[]) => classifyKind({ direction: 'BUY', prints, ...base, displayedBefore: 500 }, DEFAULT_FLOW_SETTINGS, strict);

  it('keeps a large last print that is most of the update and printed inside the quote a block', () => {
    expect(kindV3([p(1, 130, 'MID', 120)])).toMatchObject({ kind: 'BLOCK', rule: 'SINGLE_LARGE' });
    expect(kindV3([p(1, 130, 'MID', 120)]).reason).toContain('120 of the 130 in one update');
  });

  it('refuses one whose large last print is under 80% of the update, or printed at the touch', () => {
    expect(kindV3([p(1, 300, 'MID', 150)])).toMatchObject({ kind: 'SPLIT', rule: 'CONFLATED' });
    expect(kindV3([p(1, 300, 'MID', 150)]).reason).toContain('only 50% of the 300');
    expect(kindV3([p(1, 130, 'ASK', 120)]).reason).toContain('printed at ask, not inside the quote');
    // Version 2 called both blocks; a print that is not conflated is judged as before.
    expect(kindOf('BUY', [p(1, 300, 'MID', 150)]).kind).toBe('BLOCK');
    expect(kindV3([p(1, 150, 'ASK', 150)]).kind).toBe('BLOCK');
  });
});
