// The positioning view's choice of flows: the session on screen, or whole New York calendar days
// of recorded sessions (a day runs from midnight ET to the next midnight ET).
import type { PositioningScope } from '../../shared/ipc/positioning.ts';
import { civilFromDays, daysFromCivil, etDateString, etMidnight, formatCalendarDate, parseCalendarDate } from '../../shared/time/eastern.ts';

export type ScopeChoice = { kind: 'session' } | { kind: 'range'; from: string; to: string };

/** A 'YYYY-MM-DD' date `days` later (earlier when negative). */
export function shiftDate(date: string, days: number): string {
  const { year, month, day } = parseCalendarDate(date);
  return formatCalendarDate(civilFromDays(daysFromCivil(year, month, day) + days));
}

/** The last `days` New York days up to the day of `now`, both ends included. */
export function lastDays(now: number, days: number): ScopeChoice {
  const to = etDateString(now);
  return { kind: 'range', from: shiftDate(to, 1 - days), to };
}

/**
 * The request's scope; the range's dates are both included. Throws RangeError on a date that is
 * not one, or a range that ends before it starts, with words a trader reads.
 */
export function scopeOf(choice: ScopeChoice): PositioningScope {
  if (choice.kind === 'session') return { kind: 'session' };
  const from = etMidnight(choice.from);
  const to = etMidnight(shiftDate(choice.to, 1));
  if (to <= from) throw new RangeError(`the range ends (${choice.to}) before it starts (${choice.from})`);
  return { kind: 'range', from, to };
}
