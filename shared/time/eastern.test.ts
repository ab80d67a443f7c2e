import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chartDayOf,
  chartMinuteIndex,
  dte,
  epochFromChart,
  epochFromEtMsSinceMidnight,
  etDateString,
  etMidnight,
  etMsSinceMidnight,
  etOffsetMinutes,
  etParts,
  etToEpoch,
} from './eastern.ts';
import type { EtParts } from './eastern.ts';

// The oracle: ICU's tz database through Intl, which the production code must not use.
const intlFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  fractionalSecondDigits: 3,
  weekday: 'short',
});
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function oracleParts(epochMs: number): EtParts {
  const parts = new Map<string, string>(
    intlFormat.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]),
  );
  const num = (type: string) => Number(parts.get(type));
  return {
    year: num('year'),
    month: num('month'),
    day: num('day'),
    hour: num('hour'),
    minute: num('minute'),
    second: num('second'),
    millisecond: num('fractionalSecond'),
    weekday: WEEKDAYS.indexOf(parts.get('weekday') ?? ''),
  };
}

function oracleOffsetMinutes(epochMs: number): number {
  const p = oracleParts(epochMs);
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
  return (wallAsUtc - epochMs) / 60_000;
}

/** The instant the oracle's offset changes inside [lo, hi), found by bisection. */
function oracleTransition(lo: number, hi: number): number {
  const before = oracleOffsetMinutes(lo);
  let a = lo;
  let b = hi;
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (oracleOffsetMinutes(mid) === before) a = mid;
    else b = mid;
  }
  return b;
}

const HOUR = 3_600_000;
const FIRST_YEAR = 2007;
const LAST_YEAR = 2040;
const TRANSITIONS: number[] = [];
for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
  TRANSITIONS.push(oracleTransition(Date.UTC(year, 1, 1), Date.UTC(year, 5, 1)));
  TRANSITIONS.push(oracleTransition(Date.UTC(year, 8, 1), Date.UTC(year, 11, 31)));
}

const anyInstant = fc.integer({
  min: Date.UTC(FIRST_YEAR, 0, 1),
  max: Date.UTC(LAST_YEAR + 1, 0, 1) - 1,
});
const nearTransition = fc
  .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -2 * HOUR, max: 2 * HOUR }))
  .map(([t, delta]) => t + delta);
const instant = fc.oneof(anyInstant, nearTransition);

describe('etOffsetMinutes and etParts against Intl', () => {
  it('switches at 07:00 UTC in March and 06:00 UTC in November in the years we know by hand', () => {
    expect(TRANSITIONS.slice(0, 2)).toEqual([Date.UTC(2007, 2, 11, 7), Date.UTC(2007, 10, 4, 6)]);
    expect(TRANSITIONS).toContain(Date.UTC(2024, 2, 10, 7));
    expect(TRANSITIONS).toContain(Date.UTC(2024, 10, 3, 6));
    expect(TRANSITIONS).toContain(Date.UTC(2025, 2, 9, 7));
    expect(TRANSITIONS).toContain(Date.UTC(2025, 10, 2, 6));
  });

  it('agrees with Intl at every transition and one millisecond before it', () => {
    for (const t of TRANSITIONS) {
      for (const at of [t - 1, t]) {
        expect(etOffsetMinutes(at)).toBe(oracleOffsetMinutes(at));
        expect(etParts(at)).toEqual(oracleParts(at));
      }
    }
  });

  it('agrees with Intl on random instants 2007-2040, dense around transitions', () => {
    fc.assert(
      fc.property(instant, (epochMs) => {
        expect(etOffsetMinutes(epochMs)).toBe(oracleOffsetMinutes(epochMs));
        expect(etParts(epochMs)).toEqual(oracleParts(epochMs));
      }),
      { numRuns: 3000 },
    );
  });

  it('follows the 1987-2006 April/October rule too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2007, 0, 1) - 1 }),
        (epochMs) => {
          expect(etOffsetMinutes(epochMs)).toBe(oracleOffsetMinutes(epochMs));
        },
      ),
      { numRuns: 500 },
    );
    expect(etOffsetMinutes(Date.UTC(2006, 3, 2, 7) - 1)).toBe(-300);
    expect(etOffsetMinutes(Date.UTC(2006, 3, 2, 7))).toBe(-240);
    expect(etOffsetMinutes(Date.UTC(2006, 9, 29, 6) - 1)).toBe(-240);
    expect(etOffsetMinutes(Date.UTC(2006, 9, 29, 6))).toBe(-300);
  });
});

describe('DST switches by hand', () => {
  it('jumps from 01:59:59.999 EST to 03:00 EDT on 2024-03-10', () => {
    const lastEst = Date.UTC(2024, 2, 10, 6, 59, 59, 999);
    expect(etOffsetMinutes(lastEst)).toBe(-300);
    expect(etParts(lastEst)).toMatchObject({
      year: 2024,
      month: 3,
      day: 10,
      hour: 1,
      minute: 59,
      second: 59,
      millisecond: 999,
      weekday: 0,
    });
    expect(etOffsetMinutes(lastEst + 1)).toBe(-240);
    expect(etParts(lastEst + 1)).toMatchObject({
      day: 10,
      hour: 3,
      minute: 0,
      second: 0,
      millisecond: 0,
    });
  });

  it('lives through 01:30 twice on 2024-11-03', () => {
    const first = Date.UTC(2024, 10, 3, 5, 30);
    const second = Date.UTC(2024, 10, 3, 6, 30);
    expect(etParts(first)).toMatchObject({ day: 3, hour: 1, minute: 30 });
    expect(etParts(second)).toMatchObject({ day: 3, hour: 1, minute: 30 });
    expect(etOffsetMinutes(first)).toBe(-240);
    expect(etOffsetMinutes(second)).toBe(-300);
  });

  it('resolves a repeated wall time to the first (EDT) instant', () => {
    expect(etToEpoch(2024, 11, 3, 1, 30)).toBe(Date.UTC(2024, 10, 3, 5, 30));
    expect(etToEpoch(2024, 11, 3, 2, 0)).toBe(Date.UTC(2024, 10, 3, 7, 0));
  });

  it('reads a skipped wall time with the offset before the gap', () => {
    expect(etToEpoch(2024, 3, 10, 2, 30)).toBe(Date.UTC(2024, 2, 10, 7, 30));
    expect(etToEpoch(2024, 3, 10, 3, 0)).toBe(Date.UTC(2024, 2, 10, 7, 0));
    expect(etToEpoch(2024, 3, 10, 1, 59, 59, 999)).toBe(Date.UTC(2024, 2, 10, 6, 59, 59, 999));
  });
});

describe('etToEpoch, etDateString and etMidnight', () => {
  it('round-trips wall-clock parts, choosing the earlier instant only in the repeated hour', () => {
    fc.assert(
      fc.property(instant, (epochMs) => {
        const p = oracleParts(epochMs);
        const back = etToEpoch(p.year, p.month, p.day, p.hour, p.minute, p.second, p.millisecond);
        expect(oracleParts(back)).toEqual(p);
        expect(
          back === epochMs || (back === epochMs - HOUR && oracleOffsetMinutes(epochMs) === -300),
        ).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the New York date, which differs from the UTC date in the evening', () => {
    expect(etDateString(Date.UTC(2025, 0, 1, 1, 30))).toBe('2024-12-31');
    expect(etDateString(Date.UTC(2024, 6, 4, 3, 59, 59, 999))).toBe('2024-07-03');
    expect(etDateString(Date.UTC(2024, 6, 4, 4))).toBe('2024-07-04');
  });

  it('finds midnight in both seasons and on leap day', () => {
    expect(etMidnight('2024-01-15')).toBe(Date.UTC(2024, 0, 15, 5));
    expect(etMidnight('2024-07-15')).toBe(Date.UTC(2024, 6, 15, 4));
    expect(etMidnight('2024-02-29')).toBe(Date.UTC(2024, 1, 29, 5));
    expect(etMidnight('2024-03-10')).toBe(Date.UTC(2024, 2, 10, 5));
    expect(etMidnight('2024-11-03')).toBe(Date.UTC(2024, 10, 3, 4));
  });

  it('puts every instant between its date midnight and the next', () => {
    fc.assert(
      fc.property(instant, (epochMs) => {
        const date = etDateString(epochMs);
        const p = oracleParts(epochMs);
        expect(date).toBe(
          `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`,
        );
        const midnight = etMidnight(date);
        expect(midnight).toBeLessThanOrEqual(epochMs);
        expect(oracleParts(midnight)).toMatchObject({
          year: p.year,
          month: p.month,
          day: p.day,
          hour: 0,
          minute: 0,
          second: 0,
          millisecond: 0,
        });
      }),
    );
  });

  it('rejects impossible dates and times', () => {
    expect(() => etMidnight('2023-02-29')).toThrow(/2023 is not a leap year/);
    expect(() => etMidnight('2024-13-01')).toThrow(/no month 13/);
    expect(() => etMidnight('2024-1-01')).toThrow(RangeError);
    expect(() => etToEpoch(2024, 4, 31)).toThrow(/no day 31 in April/);
    expect(() => etToEpoch(2024, 4, 30, 24)).toThrow(RangeError);
    expect(() => etToEpoch(2024, 4, 30, 9, 60)).toThrow(RangeError);
    expect(() => etToEpoch(2024, 4, 30, 9, 30, 0, 1000)).toThrow(RangeError);
  });
});

describe('dte', () => {
  it('counts from the New York trade date, not the UTC one, across the year end', () => {
    const tradeAt2030Et = Date.UTC(2025, 0, 1, 1, 30); // 2024-12-31 20:30 EST
    expect(dte(tradeAt2030Et, '2025-01-03')).toBe(3);
  });

  it('is 0 on expiry day right up to the close, and negative after', () => {
    const at1559 = Date.UTC(2024, 10, 29, 20, 59); // 15:59 EST
    expect(dte(at1559, '2024-11-29')).toBe(0);
    expect(dte(at1559, '2024-11-28')).toBe(-1);
    expect(dte(Date.UTC(2024, 10, 30, 4, 59, 59, 999), '2024-11-29')).toBe(0); // 23:59:59.999 EST
    expect(dte(Date.UTC(2024, 10, 30, 5), '2024-11-29')).toBe(-1);
  });

  it('is unaffected by either DST switch', () => {
    expect(dte(Date.UTC(2024, 2, 10, 4, 30), '2024-03-11')).toBe(2); // 2024-03-09 23:30 EST
    expect(dte(Date.UTC(2024, 2, 10, 5, 30), '2024-03-11')).toBe(1); // 2024-03-10 00:30 EST
    expect(dte(Date.UTC(2024, 10, 3, 3, 30), '2024-11-04')).toBe(2); // 2024-11-02 23:30 EDT
    expect(dte(Date.UTC(2024, 10, 3, 4, 30), '2024-11-04')).toBe(1); // 2024-11-03 00:30 EDT
    expect(dte(Date.UTC(2024, 0, 15, 15), '2024-12-20')).toBe(340); // spans both switches and Feb 29
  });

  it('counts across leap day', () => {
    expect(dte(Date.UTC(2024, 1, 28, 15), '2024-03-01')).toBe(2);
    expect(dte(Date.UTC(2023, 1, 28, 15), '2023-03-01')).toBe(1);
  });

  it('agrees with an Intl-derived date difference', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -30, max: 1000 }), (trade, offsetDays) => {
        const p = oracleParts(trade);
        const expiryUtc = Date.UTC(p.year, p.month - 1, p.day + offsetDays);
        const expiry = new Date(expiryUtc).toISOString().slice(0, 10);
        expect(dte(trade, expiry)).toBe(offsetDays);
      }),
    );
  });
});

describe('book venue times (ms since midnight ET)', () => {
  it('reads the SDEV OPTIONS_BOOK sample: 50714236 is 14:05:14.236 ET', () => {
    const snapshot = 1765307114236;
    expect(etMsSinceMidnight(snapshot)).toBe(((14 * 60 + 5) * 60 + 14) * 1000 + 236);
    expect(epochFromEtMsSinceMidnight(50714236, snapshot)).toBe(snapshot);
    expect(epochFromEtMsSinceMidnight(50713922, snapshot)).toBe(snapshot - 314);
  });

  it('places a venue time from just before midnight on the previous day', () => {
    const justAfterMidnight = Date.UTC(2024, 6, 16, 4, 0, 5); // 2024-07-16 00:00:05 EDT
    const venueTime = (23 * 3600 + 59 * 60 + 58) * 1000; // 23:59:58
    expect(epochFromEtMsSinceMidnight(venueTime, justAfterMidnight)).toBe(
      Date.UTC(2024, 6, 16, 3, 59, 58),
    );
  });

  it('keeps a time 12 h after the reference on the same day', () => {
    const at0900 = Date.UTC(2024, 6, 16, 13); // 09:00 EDT
    expect(epochFromEtMsSinceMidnight(21 * 3_600_000, at0900)).toBe(Date.UTC(2024, 6, 17, 1));
    expect(epochFromEtMsSinceMidnight(21 * 3_600_000 + 1, at0900)).toBe(
      Date.UTC(2024, 6, 16, 1, 0, 0, 1),
    );
  });

  it('recovers any instant up to 10 h before the reference', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 10 * HOUR }), (reference, age) => {
        const quoted = reference - age;
        const p = oracleParts(quoted);
        const msSinceMidnight = ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + p.millisecond;
        expect(etMsSinceMidnight(quoted)).toBe(msSinceMidnight);
        const back = epochFromEtMsSinceMidnight(msSinceMidnight, reference);
        // In the repeated November hour the wall time is ambiguous; the first instant is chosen.
        expect(
          back === quoted || (back === quoted - HOUR && oracleOffsetMinutes(quoted) === -300),
        ).toBe(true);
      }),
    );
  });

  it('rejects values outside one day', () => {
    expect(() => epochFromEtMsSinceMidnight(-1, 0)).toThrow(RangeError);
    expect(() => epochFromEtMsSinceMidnight(86_400_000, 0)).toThrow(RangeError);
    expect(() => epochFromEtMsSinceMidnight(Number.NaN, 0)).toThrow(RangeError);
  });
});

describe('CHART_EQUITY minute index and chart day', () => {
  it('reads the SDEV sample: 425 and day 20431 are 2025-12-09 14:05 ET', () => {
    const chartTime = 1765307100000;
    expect(Date.UTC(2025, 11, 9, 19, 5)).toBe(chartTime); // 14:05 EST
    expect(chartMinuteIndex(chartTime)).toBe(425);
    expect(chartDayOf(chartTime)).toBe(20431);
    expect(epochFromChart(20431, 425)).toBe(chartTime);
  });

  it('reads the May 2024 sample: 779 is the 19:59 ET bar of day 19859 (2024-05-16)', () => {
    expect(Date.UTC(2024, 4, 16) / 86_400_000).toBe(19859);
    expect(epochFromChart(19859, 779)).toBe(Date.UTC(2024, 4, 16, 23, 59)); // 19:59 EDT
    expect(chartMinuteIndex(Date.UTC(2024, 4, 16, 23, 59, 59, 999))).toBe(779);
  });

  it('counts minutes from 07:00 ET, negative before', () => {
    expect(chartMinuteIndex(Date.UTC(2024, 0, 2, 12))).toBe(0); // 07:00 EST
    expect(chartMinuteIndex(Date.UTC(2024, 0, 2, 11, 59))).toBe(-1);
    expect(chartMinuteIndex(Date.UTC(2024, 0, 2, 14, 30))).toBe(150); // 09:30 open
  });

  it('round-trips every bar start', () => {
    fc.assert(
      fc.property(instant, (epochMs) => {
        const barStart = epochMs - (((epochMs % 60_000) + 60_000) % 60_000);
        const p = oracleParts(barStart);
        const day = Date.UTC(p.year, p.month - 1, p.day) / 86_400_000;
        expect(chartDayOf(epochMs)).toBe(day);
        expect(chartMinuteIndex(epochMs)).toBe(p.hour * 60 + p.minute - 420);
        const back = epochFromChart(chartDayOf(epochMs), chartMinuteIndex(epochMs));
        expect(
          back === barStart || (back === barStart - HOUR && oracleOffsetMinutes(barStart) === -300),
        ).toBe(true);
      }),
    );
  });
});
