// Calendar arithmetic of shared/time/eastern.ts, apart from the time-zone tests beside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, civilFromDays, daysFromCivil, parseCalendarDate } from './eastern.ts';

describe('calendar arithmetic', () => {
  it('matches Date.UTC day numbers over four centuries', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.UTC(1800, 0, 1) / 86_400_000,
          max: Date.UTC(2200, 0, 1) / 86_400_000,
        }),
        (days) => {
          const d = new Date(days * 86_400_000);
          const civil = {
            year: d.getUTCFullYear(),
            month: d.getUTCMonth() + 1,
            day: d.getUTCDate(),
          };
          expect(civilFromDays(days)).toEqual(civil);
          expect(daysFromCivil(civil.year, civil.month, civil.day)).toBe(days);
        },
      ),
    );
  });

  it('counts calendar days between dates, leap days included', () => {
    expect(calendarDaysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(calendarDaysBetween('2023-02-28', '2023-03-01')).toBe(1);
    expect(calendarDaysBetween('2024-12-31', '2025-01-01')).toBe(1);
    expect(calendarDaysBetween('2025-01-03', '2024-12-31')).toBe(-3);
    expect(calendarDaysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(calendarDaysBetween('2100-01-01', '2101-01-01')).toBe(365);
    expect(calendarDaysBetween('2024-11-29', '2024-11-29')).toBe(0);
  });

  it('parses only real YYYY-MM-DD dates', () => {
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(() => parseCalendarDate('2100-02-29')).toThrow(/2100 is not a leap year/);
    expect(() => parseCalendarDate('2024-00-10')).toThrow(/no month 0/);
    expect(() => parseCalendarDate('2024-06-00')).toThrow(/no day 0/);
    expect(() => parseCalendarDate('20240610')).toThrow(/expected YYYY-MM-DD/);
  });
});

describe('calendar helpers', () => {
  it('know leap years, month lengths and what makes a date impossible', async () => {
    const { isLeapYear, daysInMonth, calendarDateProblem, formatCalendarDate, parseCalendarDate } = await import('./eastern.ts');
    expect([2000, 2024, 1900, 2100, 2023].map(isLeapYear)).toEqual([true, true, false, false, false]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2026, 11)).toBe(30);
    expect(calendarDateProblem(2026, 13, 1)).toMatch(/month 13/);
    expect(calendarDateProblem(2023, 2, 29)).toMatch(/29/);
    expect(calendarDateProblem(2024, 2, 29)).toBeNull();
    expect(formatCalendarDate({ year: 2026, month: 1, day: 5 })).toBe('2026-01-05');
    expect(formatCalendarDate(parseCalendarDate('2026-12-31'))).toBe('2026-12-31');
  });
});
