// America/New_York wall-clock time without Intl. Every quote and trade goes through here, and
// Intl.DateTimeFormat costs microseconds per call, so the US DST rules are computed by hand.
// Rules: since 2007, DST runs from the second Sunday of March 02:00 EST (07:00 UTC) to the first
// Sunday of November 02:00 EDT (06:00 UTC). From 1987 to 2006 it ran from the first Sunday of
// April to the last Sunday of October; older years reuse that rule (we hold no data that old).

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const EDT_OFFSET_MINUTES = -240;
const EST_OFFSET_MINUTES = -300;
/** CHART_EQUITY counts minutes from 07:00 ET. */
const CHART_FIRST_MINUTE = 7 * 60;

export interface EtParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday */
  weekday: number;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Why year-month-day is not a real calendar date, or null when it is. */
export function calendarDateProblem(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    return `${year}-${month}-${day} is not a whole-number date`;
  }
  if (month < 1 || month > 12) return `no month ${month}`;
  const monthName = MONTH_NAMES[month - 1] ?? String(month);
  if (day < 1 || day > daysInMonth(year, month)) {
    const leapNote = month === 2 && day === 29 ? ` (${year} is not a leap year)` : '';
    return `no day ${day} in ${monthName} ${year}${leapNote}`;
  }
  return null;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Inverse of daysFromCivil. */
export function civilFromDays(days: number): CalendarDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Sunday; 1970-01-01 was a Thursday. */
function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function formatCalendarDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Parses a real 'YYYY-MM-DD' date; throws RangeError naming the problem otherwise. */
export function parseCalendarDate(text: string): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`Bad date "${text}": expected YYYY-MM-DD`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const problem = calendarDateProblem(year, month, day);
  if (problem !== null) throw new RangeError(`Bad date "${text}": ${problem}`);
  return { year, month, day };
}

function nthSundayDays(year: number, month: number, nth: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((7 - weekdayOfDays(first)) % 7) + (nth - 1) * 7;
}

function lastSundayDays(year: number, month: number): number {
  const last = daysFromCivil(year, month, daysInMonth(year, month));
  return last - weekdayOfDays(last);
}

// One cached UTC year is enough: a stream's timestamps almost always fall in the same year.
let cachedYearStartMs = 0;
let cachedYearEndMs = 0;
let cachedDstStartMs = 0;
let cachedDstEndMs = 0;

function cacheDstBounds(epochMs: number): void {
  // The switches are in March and November, so the UTC year is the right year to look up.
  const year = civilFromDays(Math.floor(epochMs / DAY_MS)).year;
  const modernRules = year >= 2007;
  const startDays = modernRules ? nthSundayDays(year, 3, 2) : nthSundayDays(year, 4, 1);
  const endDays = modernRules ? nthSundayDays(year, 11, 1) : lastSundayDays(year, 10);
  // Both switches happen at 02:00 local time: 07:00 UTC in spring (EST), 06:00 UTC in fall (EDT).
  cachedDstStartMs = startDays * DAY_MS + 7 * HOUR_MS;
  cachedDstEndMs = endDays * DAY_MS + 6 * HOUR_MS;
  cachedYearStartMs = daysFromCivil(year, 1, 1) * DAY_MS;
  cachedYearEndMs = daysFromCivil(year + 1, 1, 1) * DAY_MS;
}

/** When daylight saving time starts and ends in New York in a year, as UTC epoch ms. */
export function dstBounds(year: number): { start: number; end: number } {
  cacheDstBounds(daysFromCivil(year, 6, 1) * DAY_MS);
  return { start: cachedDstStartMs, end: cachedDstEndMs };
}

/** Minutes to add to UTC to get New York wall time: -240 (EDT) or -300 (EST). */
export function etOffsetMinutes(epochMs: number): number {
  if (!(epochMs >= cachedYearStartMs && epochMs < cachedYearEndMs)) cacheDstBounds(epochMs);
  return epochMs >= cachedDstStartMs && epochMs < cachedDstEndMs
    ? EDT_OFFSET_MINUTES
    : EST_OFFSET_MINUTES;
}

/** Wall-clock milliseconds since 1970-01-01 00:00 in New York. */
function etLocalMs(epochMs: number): number {
  return epochMs + etOffsetMinutes(epochMs) * MINUTE_MS;
}

/**
 * Epoch of a New York wall-clock time given as local ms since 1970. Like Temporal's
 * 'compatible' disambiguation: a repeated time (November 01:30) takes the first, EDT, instant;
 * a skipped time (March 02:30) is read with the offset before the gap, landing at 03:30 EDT.
 */
function epochFromEtLocal(localMs: number): number {
  const asEdt = localMs - EDT_OFFSET_MINUTES * MINUTE_MS;
  if (etOffsetMinutes(asEdt) === EDT_OFFSET_MINUTES) return asEdt;
  return localMs - EST_OFFSET_MINUTES * MINUTE_MS;
}

export function etParts(epochMs: number): EtParts {
  const local = etLocalMs(epochMs);
  const days = Math.floor(local / DAY_MS);
  const msOfDay = local - days * DAY_MS;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(msOfDay / HOUR_MS),
    minute: Math.floor((msOfDay % HOUR_MS) / MINUTE_MS),
    second: Math.floor((msOfDay % MINUTE_MS) / 1000),
    millisecond: msOfDay % 1000,
    weekday: weekdayOfDays(days),
  };
}

export function etDateString(epochMs: number): string {
  return formatCalendarDate(civilFromDays(chartDayOf(epochMs)));
}

/** Epoch ms of a New York wall-clock time; throws RangeError on out-of-range fields. */
export function etToEpoch(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const dateProblem = calendarDateProblem(year, month, day);
  if (dateProblem !== null) throw new RangeError(`Bad ET date: ${dateProblem}`);
  const inRange = (value: number, max: number) =>
    Number.isInteger(value) && value >= 0 && value <= max;
  if (
    !inRange(hour, 23) ||
    !inRange(minute, 59) ||
    !inRange(second, 59) ||
    !inRange(millisecond, 999)
  ) {
    throw new RangeError(`Bad ET time ${hour}:${minute}:${second}.${millisecond}`);
  }
  const localMs =
    daysFromCivil(year, month, day) * DAY_MS +
    hour * HOUR_MS +
    minute * MINUTE_MS +
    second * 1000 +
    millisecond;
  return epochFromEtLocal(localMs);
}

/** Epoch ms of 00:00 New York time on a 'YYYY-MM-DD' date (US switches never skip midnight). */
export function etMidnight(date: string): number {
  const { year, month, day } = parseCalendarDate(date);
  return epochFromEtLocal(daysFromCivil(year, month, day) * DAY_MS);
}

/** Wall-clock ms since New York midnight, the clock Schwab's book venue times use. */
export function etMsSinceMidnight(epochMs: number): number {
  const local = etLocalMs(epochMs);
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

/**
 * Epoch ms of a book venue time (ms since midnight ET), placed on the reference's ET date.
 * A venue time that would land more than 12 h after the reference belongs to the day before:
 * a quote from just before midnight seen just after it.
 */
export function epochFromEtMsSinceMidnight(
  msSinceMidnight: number,
  referenceEpochMs: number,
): number {
  if (!Number.isFinite(msSinceMidnight) || msSinceMidnight < 0 || msSinceMidnight >= DAY_MS) {
    throw new RangeError(`Bad ms since midnight ${msSinceMidnight}: must be in [0, ${DAY_MS})`);
  }
  const localMs = chartDayOf(referenceEpochMs) * DAY_MS + msSinceMidnight;
  const sameDay = epochFromEtLocal(localMs);
  return sameDay - referenceEpochMs > 12 * HOUR_MS ? epochFromEtLocal(localMs - DAY_MS) : sameDay;
}

/** CHART_EQUITY minute index: minutes since 07:00 ET (negative before then). */
export function chartMinuteIndex(epochMs: number): number {
  return Math.floor(etMsSinceMidnight(epochMs) / MINUTE_MS) - CHART_FIRST_MINUTE;
}

/** CHART_EQUITY chart day: days since 1970-01-01 of the New York calendar date. */
export function chartDayOf(epochMs: number): number {
  return Math.floor(etLocalMs(epochMs) / DAY_MS);
}

/** Epoch ms of the start of a CHART_EQUITY bar. */
export function epochFromChart(chartDay: number, minuteIndex: number): number {
  return epochFromEtLocal(chartDay * DAY_MS + (CHART_FIRST_MINUTE + minuteIndex) * MINUTE_MS);
}

/** Whole calendar days from one 'YYYY-MM-DD' date to another (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  const a = parseCalendarDate(from);
  const b = parseCalendarDate(to);
  return daysFromCivil(b.year, b.month, b.day) - daysFromCivil(a.year, a.month, a.day);
}

/** Days to expiry: calendar days from the trade's New York date to the expiry date. */
export function dte(tradeEpochMs: number, expiry: string): number {
  const { year, month, day } = parseCalendarDate(expiry);
  return daysFromCivil(year, month, day) - chartDayOf(tradeEpochMs);
}
