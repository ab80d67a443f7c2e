import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isWhale, premiumOf } from './premium.ts';
import { DEFAULT_FLOW_SETTINGS } from '../domain/settings.ts';

describe('premiumOf', () => {
  it('multiplies price, size and the default multiplier of 100', () => {
    expect(premiumOf(1.25, 10)).toBe(1250);
    expect(premiumOf(0.05, 1)).toBe(5);
  });

  it('uses a given multiplier (mini options, adjusted contracts)', () => {
    expect(premiumOf(2.5, 4, 10)).toBe(100);
    expect(premiumOf(1.25, 10, 1)).toBe(12.5);
  });

  it('is exact to the cent where the plain double product is not', () => {
    // Both plain products land a hair under the whole dollar in doubles.
    expect(1.15 * 1 * 100).toBeLessThan(115);
    expect(4.35 * 7 * 100).toBeLessThan(3045);
    expect(premiumOf(1.15, 1)).toBe(115);
    expect(premiumOf(4.35, 7)).toBe(3045);
  });

  it('keeps cents on odd multipliers', () => {
    expect(premiumOf(0.33, 1, 10)).toBe(3.3);
  });

  it('equals the integer-cent product for any cent price and whole size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        (cents, size) => {
          // In integers: cents x size x 100 multiplier / 100 = cents x size dollars, exactly.
          expect(premiumOf(cents / 100, size)).toBe(cents * size);
        },
      ),
    );
  });
});

describe('isWhale', () => {
  const settings = { whaleMinPremium: 100_000 };

  it('is inclusive at the threshold', () => {
    expect(isWhale(100_000, settings)).toBe(true);
    expect(isWhale(99_999.99, settings)).toBe(false);
    expect(isWhale(250_000, settings)).toBe(true);
  });

  it('reads the threshold from the settings', () => {
    expect(isWhale(50_000, { whaleMinPremium: 50_000 })).toBe(true);
    expect(isWhale(50_000, DEFAULT_FLOW_SETTINGS)).toBe(false);
  });

  it('flags a premium that only reaches the threshold once rounded to the cent', () => {
    expect(isWhale(premiumOf(4.35, 7), { whaleMinPremium: 3045 })).toBe(true);
  });
});
