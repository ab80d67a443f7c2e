import { describe, expect, it } from 'vitest';
import { etToEpoch } from '../time/eastern.ts';
import { SENDER_FLOOR, SENDER_WEIGHTS, senderLean, senderOf, type SenderInput } from './sender.ts';

// 11:00 New York on a Tuesday: no time-of-day clue.
const MIDDAY = etToEpoch(2026, 11, 24, 11, 0, 0, 0);
const base: SenderInput = { size: 15, premium: 3_000, side: 'ASK', kind: 'SINGLE', prints: 1, spreadLeg: false, time: MIDDAY };
const logitOf = (p: number) => Math.log(p / (1 - p));
const of = (over: Partial<SenderInput>) => senderOf({ ...base, ...over });

describe('institutional or retail (FLOW-RULES.md §9)', () => {
  it('is even with no clue either way', () => {
    expect(of({})).toEqual({ institutional: 0.5, reason: 'SENDER unsure 0.50 institutional: no clue either way' });
  });

  it('reads size in four bands', () => {
    expect(logitOf(of({ size: 100 }).institutional)).toBeCloseTo(SENDER_WEIGHTS.largeSize + SENDER_WEIGHTS.roundLot, 1);
    expect(logitOf(of({ size: 30 }).institutional)).toBeCloseTo(SENDER_WEIGHTS.mediumSize, 1);
    expect(logitOf(of({ size: 10 }).institutional)).toBeCloseTo(SENDER_WEIGHTS.smallSize, 1);
    expect(logitOf(of({ size: 4 }).institutional)).toBeCloseTo(SENDER_WEIGHTS.tinySize + SENDER_WEIGHTS.oddLot, 1);
  });

  it('reads premium in three bands', () => {
    expect(of({ premium: 100_000 }).reason).toContain('premium $100,000 >= $100,000 (+1)');
    expect(of({ premium: 25_000 }).reason).toContain('premium $25,000 >= $25,000 (+0.4)');
    expect(of({ premium: 1_999 }).reason).toContain('premium $1,999 < $2,000 (-0.8)');
  });

  it('reads round and odd lots', () => {
    expect(of({ size: 250 }).reason).toContain('round lot (a multiple of 50) (+0.5)');
    expect(of({ size: 257 }).reason).not.toContain('lot');
    expect(of({ size: 13 }).reason).toContain('odd lot (not a multiple of 5) (-0.3)');
  });

  it('reads a print inside the spread as price improvement when small and a cross when large', () => {
    expect(of({ side: 'MID', size: 15 }).reason).toContain('price improvement) (-0.6)');
    expect(of({ side: 'MID', size: 120 }).reason).toContain('a negotiated cross) (+0.5)');
    expect(of({ side: 'MID', size: 60 }).reason).not.toContain('inside the spread');
  });

  it('reads clustering across prints: sweeps, splits and legs', () => {
    expect(of({ kind: 'SWEEP', prints: 3 }).reason).toContain('swept across 3 prints (+0.6)');
    expect(of({ kind: 'SPLIT', prints: 2 }).reason).toContain('split over 2 prints at one price (+0.3)');
    expect(of({ spreadLeg: true }).reason).toContain('possible leg of a multi-leg order (+0.3)');
  });

  it('reads the time of day', () => {
    expect(of({ time: etToEpoch(2026, 11, 24, 9, 35, 0, 0) }).reason).toContain('first 15 minutes of the session (-0.2)');
    expect(of({ time: etToEpoch(2026, 11, 24, 15, 45, 0, 0) }).reason).toContain('last 30 minutes of the session (+0.2)');
    expect(of({ time: etToEpoch(2026, 11, 24, 16, 5, 0, 0) }).reason).toBe('SENDER unsure 0.50 institutional: no clue either way');
  });

  it('is never a certainty', () => {
    const whale = of({ size: 5_000, premium: 2_000_000, kind: 'SWEEP', prints: 6, spreadLeg: true, time: etToEpoch(2026, 11, 24, 15, 50, 0, 0) });
    expect(whale.institutional).toBe(1 - SENDER_FLOOR);
    expect(whale.reason).toMatch(/^SENDER institutional 0\.95 institutional: size 5000 >= 100/);
    const tiny = of({ size: 1, premium: 40, side: 'MID', time: etToEpoch(2026, 11, 24, 9, 31, 0, 0) });
    expect(tiny.institutional).toBe(SENDER_FLOOR);
    expect(tiny.reason).toMatch(/^SENDER retail 0\.05 institutional/);
  });

  it('leans only past 0.6 either way', () => {
    expect(senderLean(0.6)).toBe('INSTITUTIONAL');
    expect(senderLean(0.59)).toBe('UNSURE');
    expect(senderLean(0.41)).toBe('UNSURE');
    expect(senderLean(0.4)).toBe('RETAIL');
  });
});
