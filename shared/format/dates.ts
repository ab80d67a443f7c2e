// How the UI writes times, expiries and durations. Times are always New York time: that is the
// clock the market, expiries and every trader's screen run on, wherever the app runs.
import { etDateString, etParts, parseCalendarDate } from '../time/eastern.ts';
import { MISSING } from './numbers.ts';

const MONTH_ABBREVIATIONS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export interface TimeFormatOptions {
  /** Append milliseconds: 09:31:05.123. */
  millis?: boolean;
}

/** `09:31:05` (24-hour, ET), or `09:31:05.123` with millis. */
export function formatTimeEt(epochMs: number, options: TimeFormatOptions = {}): string {
  if (!Number.isFinite(epochMs)) return MISSING;
  const p = etParts(epochMs);
  const time = `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  return options.millis ? `${time}.${pad(p.millisecond, 3)}` : time;
}

/** `2024-11-29 09:31:05 ET`. */
export function formatDateTimeEt(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return MISSING;
  return `${etDateString(epochMs)} ${formatTimeEt(epochMs)} ET`;
}

/** `2024-11-29` -> `Nov 29 '24`; throws RangeError on a date that is not real. */
export function formatExpiryShort(expiry: string): string {
  const { year, month, day } = parseCalendarDate(expiry);
  return `${MONTH_ABBREVIATIONS[month - 1] ?? '???'} ${day} '${pad(year % 100)}`;
}

/** `0DTE` on expiry day, otherwise `45d` (negative after expiry: `-1d`). */
export function formatDte(days: number): string {
  if (!Number.isFinite(days)) return MISSING;
  return days === 0 ? '0DTE' : `${days}d`;
}

/**
 * The two largest units, truncated rather than rounded so a count never shows "60s" or "24h":
 * `850ms` under a second, `42s` under a minute, `59m 12s`, `3h 5m`, `6d 23h`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  const whole = Math.floor(ms);
  if (whole < 1000) return `${whole}ms`;
  const seconds = Math.floor(whole / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
