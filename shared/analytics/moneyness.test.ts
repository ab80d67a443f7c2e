import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isOpeningLikely, isUnusualByVolume, moneynessOf } from './moneyness.ts';
import { DEFAULT_FLOW_SETTINGS } from '../domain/settings.ts';

describe('moneynessOf', () => {
  it('reads calls: strike below spot is in the money', () => {
    expect(moneynessOf({ strike: 90, spot: 100, right: 'C' })).toEqual({
      moneyness: 'ITM',
      otmPercent: -10,
    });
    expect(moneynessOf({ strike: 110, spot: 100, right: 'C' })).toEqual({
      moneyness: 'OTM',
      otmPercent: 10,
    });
  });

  it('reads puts the other way round', () => {
    expect(moneynessOf({ strike: 90, spot: 100, right: 'P' })).toEqual({
      moneyness: 'OTM',
      otmPercent: 10,
    });
    expect(moneynessOf({ strike: 110, spot: 100, right: 'P' })).toEqual({
      moneyness: 'ITM',
      otmPercent: -10,
    });
  });

  it('is ATM within the band, inclusive at its edge on both sides', () => {
    expect(moneynessOf({ strike: 100, spot: 100, right: 'C' })?.moneyness).toBe('ATM');
    expect(moneynessOf({ strike: 100.5, spot: 100, right: 'C' })?.moneyness).toBe('ATM');
    expect(moneynessOf({ strike: 99.5, spot: 100, right: 'C' })?.moneyness).toBe('ATM');
    expect(moneynessOf({ strike: 99.5, spot: 100, right: 'P' })?.moneyness).toBe('ATM');
    expect(moneynessOf({ strike: 100.6, spot: 100, right: 'C' })?.moneyness).toBe('OTM');
    expect(moneynessOf({ strike: 99.4, spot: 100, right: 'C' })?.moneyness).toBe('ITM');
  });

  it('holds the band edge on cent prices that are inexact in doubles', () => {
    // |1.99 - 2| / 2 is 0.0050000000000000044 in doubles; the edge is still inside the band.
    expect(moneynessOf({ strike: 1.99, spot: 2, right: 'C' })?.moneyness).toBe('ATM');
    expect(moneynessOf({ strike: 2.01, spot: 2, right: 'P' })?.moneyness).toBe('ATM');
    expect(moneynessOf({ strike: 1.98, spot: 2, right: 'C' })?.moneyness).toBe('ITM');
  });

  it('keeps the signed percent for ATM strikes too', () => {
    const r = moneynessOf({ strike: 100.4, spot: 100, right: 'P' });
    expect(r?.moneyness).toBe('ATM');
    expect(r?.otmPercent).toBeCloseTo(-0.4, 12);
  });

  it('uses a given band', () => {
    expect(moneynessOf({ strike: 102, spot: 100, right: 'C', atmBand: 0.02 })?.moneyness).toBe(
      'ATM',
    );
    expect(moneynessOf({ strike: 102, spot: 100, right: 'C', atmBand: 0.01 })?.moneyness).toBe(
      'OTM',
    );
    expect(moneynessOf({ strike: 100.1, spot: 100, right: 'C', atmBand: 0 })?.moneyness).toBe(
      'OTM',
    );
  });

  it('is null without a usable spot', () => {
    for (const spot of [null, undefined, 0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(moneynessOf({ strike: 100, spot, right: 'C' })).toBeNull();
    }
  });

  it('gives a call and a put at the same strike opposite percents and opposite sides of ATM', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (strikeCents, spotCents) => {
          const call = moneynessOf({
            strike: strikeCents / 100,
            spot: spotCents / 100,
            right: 'C',
          });
          const put = moneynessOf({ strike: strikeCents / 100, spot: spotCents / 100, right: 'P' });
          expect(call && put).toBeTruthy();
          if (!call || !put) return;
          expect(call.otmPercent).toBe(-put.otmPercent);
          const flip = { ITM: 'OTM', OTM: 'ITM', ATM: 'ATM' } as const;
          expect(put.moneyness).toBe(flip[call.moneyness]);
          // Integer check of the band: |strike - spot| <= 0.005 spot  <=>  200 |strike - spot| <= spot.
          const atm = 200 * Math.abs(strikeCents - spotCents) <= spotCents;
          expect(call.moneyness === 'ATM').toBe(atm);
          if (!atm) expect(call.moneyness).toBe(strikeCents > spotCents ? 'OTM' : 'ITM');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('moneynessOf on the band edge', () => {
  it('is ATM exactly on the edge and not one cent beyond it', () => {
    // Spot a multiple of $2 puts strike = spot +- 0.5% on a whole cent.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.boolean(),
        fc.constantFrom<'C' | 'P'>('C', 'P'),
        (k, up, right) => {
          const spotCents = 200 * k;
          const edge = up ? spotCents + k : spotCents - k;
          const beyond = up ? edge + 1 : edge - 1;
          expect(moneynessOf({ strike: edge / 100, spot: spotCents / 100, right })?.moneyness).toBe(
            'ATM',
          );
          expect(
            moneynessOf({ strike: beyond / 100, spot: spotCents / 100, right })?.moneyness,
          ).not.toBe('ATM');
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('isOpeningLikely', () => {
  it('is true only when size exceeds a known open interest', () => {
    expect(isOpeningLikely(501, 500)).toBe(true);
    expect(isOpeningLikely(500, 500)).toBe(false);
    expect(isOpeningLikely(1, 0)).toBe(true);
    expect(isOpeningLikely(1000, null)).toBe(false);
    expect(isOpeningLikely(1000, undefined)).toBe(false);
  });
});

describe('isUnusualByVolume', () => {
  const s = DEFAULT_FLOW_SETTINGS;

  it('applies the Barchart screen: ratio >= 1.25, volume > 500, open interest > 100', () => {
    expect(isUnusualByVolume(625, 500, s)).toBe(true); // exactly 1.25
    expect(isUnusualByVolume(624, 500, s)).toBe(false);
    expect(isUnusualByVolume(500, 101, s)).toBe(false); // volume must exceed 500
    expect(isUnusualByVolume(501, 100, s)).toBe(false); // open interest must exceed 100
    expect(isUnusualByVolume(501, 101, s)).toBe(true);
  });

  it('is false when volume or open interest is unknown', () => {
    expect(isUnusualByVolume(null, 200, s)).toBe(false);
    expect(isUnusualByVolume(5000, undefined, s)).toBe(false);
  });

  it('reads the thresholds from the settings and is exact at a decimal ratio', () => {
    const custom = { unusualVolumeOiRatio: 1.1, unusualMinVolume: 10, unusualMinOpenInterest: 10 };
    expect(isUnusualByVolume(110, 100, custom)).toBe(true);
    expect(isUnusualByVolume(109, 100, custom)).toBe(false);
    expect(isUnusualByVolume(11, 10, custom)).toBe(false);
  });
});
