import { describe, expect, it } from 'vitest';
import { NEXT_DAY_MATCH_SHARE, nextDayCheck } from './next-day.ts';

const check = (oiBefore: number, oiAfter: number, flowSize: number, dayTotal: number) => nextDayCheck({ oiBefore, oiAfter, flowSize, dayTotal, at: 0, source: 'stream' });

describe('the next day\'s check (FLOW-RULES.md §10)', () => {
  it('confirms an opening when open interest rose by at least the share of a lone flow', () => {
    expect(NEXT_DAY_MATCH_SHARE).toBe(0.8);
    expect(check(1_000, 1_800, 1_000, 1_000).label).toBe('OPENING');
    expect(check(1_000, 1_799, 1_000, 1_000).label).toBe('MIXED');
  });

  it('calls a closing when open interest fell by that much', () => {
    expect(check(5_000, 4_200, 1_000, 1_000).label).toBe('CLOSING');
    expect(check(5_000, 4_201, 1_000, 1_000).label).toBe('MIXED');
  });

  it('puts on the flow only what the day\'s other flows cannot explain', () => {
    // Two flows of 1,000: a rise of 1,000 fits one opening and one closing half each, or one of each.
    expect(check(0, 1_000, 1_000, 2_000).label).toBe('MIXED');
    // The large flow must have opened 810 at least; the small one may have closed.
    expect(check(0, 1_000, 1_000, 1_010).label).toBe('OPENING');
    expect(check(0, 1_000, 10, 1_010).label).toBe('MIXED');
    expect(check(0, 1_900, 1_000, 2_000).label).toBe('OPENING');
  });

  it('calls an unchanged open interest mixed, never opening or closing', () => {
    expect(check(700, 700, 50, 50).label).toBe('MIXED');
  });

  it('carries the numbers and says why in its reason', () => {
    const c = check(1_200, 2_300, 1_000, 1_100);
    expect(c).toMatchObject({ label: 'OPENING', oiBefore: 1_200, oiAfter: 2_300, change: 1_100, flowSize: 1_000, dayTotal: 1_100, source: 'stream' });
    expect(c.reason).toBe("NEXT_DAY OPENING: open interest 1,200 -> 2,300 (+1,100) rose by at least 900 (the day's other flows 100 + 0.8 x this flow's 1,000): the flow opened positions; 1,100 contracts in the day's recorded flows");
    expect(check(900, 100, 800, 800).reason).toContain('(-800) fell by at least 640');
  });

  it('never counts a day total smaller than the flow itself', () => {
    expect(check(0, 80, 100, 10)).toMatchObject({ dayTotal: 100, label: 'OPENING' });
  });
});
