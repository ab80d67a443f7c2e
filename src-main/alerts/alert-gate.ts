// What holds back a rule that matched (FLOW-RULES.md §13): its quiet hours, its cool-down and its
// cap per hour. Every one is measured in the market time of what the rule fires on (a flow's last
// print, a book's time), never the wall clock, so a back-test over the recorded frames holds back
// exactly what the live session held back.
import type { AlertRule, QuietHours } from '../../shared/domain/session.ts';
import { etParts } from '../../shared/time/eastern.ts';

export const HOUR_MS = 3_600_000;

/** Minutes since midnight of an 'HH:MM' the settings schema has checked. */
function minutesOf(clock: string): number {
  const [h, m] = clock.split(':');
  return Number(h) * 60 + Number(m);
}

/** True when `time` falls in the quiet stretch: from inclusive, to exclusive, past midnight if to < from. */
export function inQuietHours(quiet: QuietHours, time: number): boolean {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return false;
  const parts = etParts(time);
  const now = parts.hour * 60 + parts.minute;
  return from < to ? now >= from && now < to : now >= from || now < to;
}

/** Why the gate held an alert back, or null when it may fire. */
export type Held = 'quiet' | 'cooldown' | 'cap' | null;

/** The times each rule fired in the last hour of market time, oldest first. */
export type FireLog = Map<string, number[]>;

export class AlertGate {
  private fires: FireLog = new Map();

  /** Checks, and when the alert may go, counts it as fired at `time`. */
  admit(rule: AlertRule, time: number): Held {
    const held = this.check(rule, time);
    if (held === null) this.record(rule, time);
    return held;
  }

  check(rule: AlertRule, time: number): Held {
    if (rule.quietHours && inQuietHours(rule.quietHours, time)) return 'quiet';
    const log = this.fires.get(rule.id);
    const last = log?.at(-1);
    if (!log || last === undefined) return null;
    if (rule.cooldownMs !== undefined && rule.cooldownMs > 0 && time - last < rule.cooldownMs) return 'cooldown';
    if (rule.maxPerHour !== undefined && log.filter((t) => t > time - HOUR_MS).length >= rule.maxPerHour) return 'cap';
    return null;
  }

  private record(rule: AlertRule, time: number): void {
    const log = this.fires.get(rule.id) ?? [];
    log.push(time);
    // The cool-down reads the last fire, the cap the last hour: nothing older is kept (and
    // without a cap, only the last), so a rule firing all day keeps a short list.
    const keepAfter = rule.maxPerHour === undefined ? Number.POSITIVE_INFINITY : time - HOUR_MS;
    let drop = 0;
    while (drop < log.length - 1 && (log[drop] ?? 0) <= keepAfter) drop++;
    if (drop > 0) log.splice(0, drop);
    this.fires.set(rule.id, log);
  }

  snapshot(): FireLog {
    return new Map([...this.fires].map(([id, log]) => [id, [...log]]));
  }

  restore(log: FireLog): void {
    this.fires = new Map([...log].map(([id, times]) => [id, [...times]]));
  }
}
