import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  formatPercent,
  formatPremium,
  formatPrice,
  formatRatio,
  formatSignedPercent,
  formatSize,
  roundToTick,
  tickSizeFor,
} from './numbers.ts';

describe('formatPremium', () => {
  it.each([
    [0, '$0'],
    [0.4, '$0'],
    [-0.4, '$0'],
    [950, '$950'],
    [999.49, '$999'],
    [999.5, '$1.0K'],
    [1000, '$1.0K'],
    [1049, '$1.0K'],
    [1050, '$1.1K'],
    [12_500, '$12.5K'],
    [99_949, '$99.9K'],
    [99_950, '$100K'],
    [350_000, '$350K'],
    [999_499, '$999K'],
    [999_500, '$1.0M'],
    [999_960, '$1.0M'],
    [1_200_000, '$1.2M'],
    [12_345_678, '$12.3M'],
    [99_950_000, '$100M'],
    [125_000_000, '$125M'],
    [999_499_999, '$999M'],
    [999_500_000, '$1.00B'],
    [1_250_000_000, '$1.25B'],
    [9_995_000_000, '$10.0B'],
    [99_950_000_000, '$100B'],
    [1_500_000_000_000, '$1500B'],
    [-950, '-$950'],
    [-1_200_000, '-$1.2M'],
    [-999_960, '-$1.0M'],
  ])('writes %d as %s', (dollars, text) => {
    expect(formatPremium(dollars)).toBe(text);
  });

  it('shows missing numbers as missing', () => {
    expect(formatPremium(Number.NaN)).toBe('—');
    expect(formatPremium(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('stays within half a displayed step and never shows 1000 of a unit', () => {
    const scale = { '': 1, K: 1e3, M: 1e6, B: 1e9 } as const;
    fc.assert(
      fc.property(fc.double({ min: -5e11, max: 5e11, noNaN: true }), (dollars) => {
        const text = formatPremium(dollars);
        const match = /^(-?)\$(\d+)(?:\.(\d+))?([KMB]?)$/.exec(text);
        expect(match, text).not.toBeNull();
        const [, sign = '', whole = '', fraction = '', suffix = ''] = match ?? [];
        const unit = scale[suffix as keyof typeof scale];
        const shown = Number(`${whole}.${fraction || '0'}`) * unit;
        const halfStep = unit / 10 ** fraction.length / 2;
        expect(Math.abs(shown - Math.abs(dollars))).toBeLessThanOrEqual(
          halfStep * (1 + 1e-9) + 1e-6,
        );
        expect(sign === '-').toBe(dollars < 0 && shown > 0);
        if (suffix !== 'B') expect(Number(whole)).toBeLessThan(1000);
        // At most three significant digits.
        expect((whole + fraction).replace(/^0+/, '').length).toBeLessThanOrEqual(
          suffix === 'B' && Number(whole) >= 1000 ? 4 : 3,
        );
        expect(fraction.length).toBeLessThanOrEqual(suffix === 'B' ? 2 : suffix === '' ? 0 : 1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('tickSizeFor', () => {
  it('uses penny increments under $3 for penny-pilot classes', () => {
    expect(tickSizeFor(0)).toBe(0.01);
    expect(tickSizeFor(2.99)).toBe(0.01);
    expect(tickSizeFor(3)).toBe(0.05);
    expect(tickSizeFor(250)).toBe(0.05);
  });

  it('uses nickels and dimes for the rest', () => {
    expect(tickSizeFor(2.99, false)).toBe(0.05);
    expect(tickSizeFor(3, false)).toBe(0.1);
  });
});

describe('roundToTick', () => {
  it('rounds to the nearest tick, halves away from zero', () => {
    expect(roundToTick(1.234, 0.01)).toBe(1.23);
    expect(roundToTick(1.235, 0.01)).toBe(1.24);
    expect(roundToTick(1.005, 0.01)).toBe(1.01);
    expect(roundToTick(3.07, 0.05)).toBe(3.05);
    expect(roundToTick(3.075, 0.05)).toBe(3.1);
    expect(roundToTick(3.125, 0.1)).toBe(3.1);
    expect(roundToTick(-1.235, 0.01)).toBe(-1.24);
    expect(roundToTick(1.23456, 0.0001)).toBe(1.2346);
  });

  it('returns the clean decimal, not float noise', () => {
    expect(3 * 0.05).not.toBe(0.15);
    expect(roundToTick(0.149, 0.05)).toBe(0.15);
    expect(roundToTick(0.7, 0.1)).toBe(0.7);
    expect(Object.is(roundToTick(-0.001, 0.01), 0)).toBe(true);
  });

  it('rejects ticks that are not positive', () => {
    expect(() => roundToTick(1, 0)).toThrow(RangeError);
    expect(() => roundToTick(1, -0.01)).toThrow(RangeError);
    expect(() => roundToTick(1, Number.NaN)).toThrow(RangeError);
  });

  it('lands on a tick within half a tick, and is idempotent', () => {
    const ticks = [
      [0.01, 2],
      [0.05, 2],
      [0.1, 1],
      [0.0001, 4],
    ] as const;
    fc.assert(
      fc.property(
        fc.double({ min: -1e5, max: 1e5, noNaN: true }),
        fc.constantFrom(...ticks),
        (price, [tick, decimals]) => {
          const rounded = roundToTick(price, tick);
          expect(Math.abs(rounded - price)).toBeLessThanOrEqual(tick / 2 + 1e-9);
          expect(Number(rounded.toFixed(decimals))).toBe(rounded);
          const ticksAway = rounded / tick;
          expect(Math.abs(ticksAway - Math.round(ticksAway))).toBeLessThan(1e-6);
          expect(roundToTick(rounded, tick)).toBe(rounded);
        },
      ),
    );
  });
});

describe('formatPrice', () => {
  it('takes its decimals from the tick, never fewer than 2', () => {
    expect(formatPrice(1.5)).toBe('1.50');
    expect(formatPrice(3.07, 0.05)).toBe('3.05');
    expect(formatPrice(3.16, 0.1)).toBe('3.20');
    expect(formatPrice(100, 1)).toBe('100.00');
    expect(formatPrice(1.23456, 0.0001)).toBe('1.2346');
    expect(formatPrice(0.12345, 0.0001)).toBe('0.1235');
  });

  it('separates thousands and keeps the sign', () => {
    expect(formatPrice(999.999)).toBe('1,000.00');
    expect(formatPrice(1234.5)).toBe('1,234.50');
    expect(formatPrice(1_234_567.891)).toBe('1,234,567.89');
    expect(formatPrice(-2.5)).toBe('-2.50');
    expect(formatPrice(-0.001)).toBe('0.00');
  });

  it('shows missing prices as missing', () => {
    expect(formatPrice(Number.NaN)).toBe('—');
    expect(formatPrice(Number.NEGATIVE_INFINITY)).toBe('—');
  });
});

describe('sizes, percents and ratios', () => {
  it('writes sizes as whole numbers with separators', () => {
    expect(formatSize(0)).toBe('0');
    expect(formatSize(999)).toBe('999');
    expect(formatSize(1000)).toBe('1,000');
    expect(formatSize(1234)).toBe('1,234');
    expect(formatSize(1_234_567)).toBe('1,234,567');
    expect(formatSize(-1234)).toBe('-1,234');
    expect(formatSize(12.6)).toBe('13');
    expect(formatSize(Number.NaN)).toBe('—');
  });

  it('writes fractions as percents', () => {
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(0.1234, 2)).toBe('12.34%');
    expect(formatPercent(0.12345, 0)).toBe('12%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(-0.05)).toBe('-5.0%');
    expect(formatPercent(0.0005)).toBe('0.1%');
    expect(formatPercent(12.345)).toBe('1,234.5%');
    expect(formatPercent(Number.NaN)).toBe('—');
  });

  it('signs percents, except ones that round to zero', () => {
    expect(formatSignedPercent(0.1234)).toBe('+12.3%');
    expect(formatSignedPercent(-0.1234)).toBe('-12.3%');
    expect(formatSignedPercent(0)).toBe('0.0%');
    expect(formatSignedPercent(0.0004)).toBe('0.0%');
    expect(formatSignedPercent(-0.0004)).toBe('0.0%');
    expect(formatSignedPercent(0.0004, 2)).toBe('+0.04%');
    expect(formatSignedPercent(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('writes ratios, or a dash when there is none', () => {
    expect(formatRatio(0.85)).toBe('0.85');
    expect(formatRatio(1.005)).toBe('1.01');
    expect(formatRatio(2, 1)).toBe('2.0');
    expect(formatRatio(1234.5)).toBe('1,234.50');
    expect(formatRatio(null)).toBe('—');
    expect(formatRatio(Number.NaN)).toBe('—');
  });

  it('formatNumber agrees with Intl for values away from ties', () => {
    const intl = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 99 }),
        (units, extra) => {
          // units hundredths plus a sub-hundredth part that is never a tie
          const value = (units * 100 + ([10, 30, 70, 90][extra % 4] ?? 10)) / 10_000;
          // Intl writes "-0.00" for tiny negatives; Fathom never shows a negative zero.
          expect(formatNumber(value, 2)).toBe(intl.format(value).replace('−', '-').replace(/^-(0\.00)$/, '$1'));
        },
      ),
    );
  });
});
