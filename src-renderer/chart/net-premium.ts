// Net premium (bullish minus bearish) per underlying per minute, kept current as flows arrive
// and grow, so the chart's cumulative line is a short sum over minutes, never a rescan of flows.
import type { Bar } from '../../shared/domain/market.ts';
import type { Gap } from '../../shared/domain/session.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import type { FlowChanges } from '../feed/flow-store.ts';

export const MINUTE_MS = 60_000;

export interface ChartPoint {
  /** Seconds since the epoch (lightweight-charts' UTCTimestamp). */
  time: number;
  value: number;
}

type Signed = Pick<FlowRow, 'underlying' | 'time' | 'premium' | 'sentiment' | 'nextDay'>;

export class NetPremiumByMinute {
  /** underlying -> minute start (ms) -> net premium in cents (whole numbers never drift). */
  private readonly minutes = new Map<string, Map<number, number>>();
  private readonly revisions = new Map<string, number>();

  /**
   * Applies a store change. Evicted flows stay counted: the line is the session's history, and
   * eviction only trims the list held in memory.
   */
  apply(changes: FlowChanges): void {
    for (const row of changes.added) this.add(row, 1);
    for (const [previous, next] of changes.updated) {
      this.add(previous, -1);
      this.add(next, 1);
    }
  }

  /** Forgets everything (the feed was reset: a replay opened or sought). */
  clear(): void {
    for (const underlying of this.minutes.keys()) this.revisions.set(underlying, this.revision(underlying) + 1);
    this.minutes.clear();
  }

  /** Changes whenever the underlying's minutes change; lets the chart skip redundant redraws. */
  revision(underlying: string): number {
    return this.revisions.get(underlying) ?? 0;
  }

  /** The cumulative net premium at each minute that has a bar or a flow, oldest first. */
  cumulative(underlying: string, bars: readonly Bar[] = []): ChartPoint[] {
    const perMinute = this.minutes.get(underlying) ?? new Map<number, number>();
    const keys = new Set<number>(perMinute.keys());
    for (const bar of bars) keys.add(minuteOf(bar.time));
    const sorted = [...keys].sort((a, b) => a - b);
    const points: ChartPoint[] = [];
    let cents = 0;
    for (const minute of sorted) {
      cents += perMinute.get(minute) ?? 0;
      points.push({ time: minute / 1000, value: cents / 100 });
    }
    return points;
  }

  private add(row: Signed, sign: 1 | -1): void {
    const direction = row.sentiment === 'BULLISH' ? 1 : row.sentiment === 'BEARISH' ? -1 : 0;
    // A flow with a next day's check is an earlier day's, shown in the feed for that check: not this session's line.
    if (direction === 0 || !Number.isFinite(row.time) || row.nextDay !== undefined) return;
    let perMinute = this.minutes.get(row.underlying);
    if (!perMinute) {
      perMinute = new Map();
      this.minutes.set(row.underlying, perMinute);
    }
    const minute = minuteOf(row.time);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + sign * direction * Math.round(row.premium * 100));
    this.revisions.set(row.underlying, this.revision(row.underlying) + 1);
  }
}

export function minuteOf(epochMs: number): number {
  return Math.floor(epochMs / MINUTE_MS) * MINUTE_MS;
}

/** Bars merged by minute (a later copy of a minute replaces the earlier), oldest first, capped. */
export function mergeBars(existing: readonly Bar[], incoming: readonly Bar[], cap = 1_000): Bar[] {
  const byTime = new Map<number, Bar>();
  for (const bar of existing) byTime.set(bar.time, bar);
  for (const bar of incoming) byTime.set(bar.time, bar);
  const merged = [...byTime.values()].sort((a, b) => a.time - b.time);
  return merged.length > cap ? merged.slice(merged.length - cap) : merged;
}

/**
 * Where each gap is marked on the chart: the first plotted minute at or after the gap's start
 * (a marker must sit on a plotted point), in seconds, ascending, one per minute.
 */
export function gapMarkerTimes(points: readonly ChartPoint[], gaps: readonly Gap[]): number[] {
  const times = new Set<number>();
  for (const gap of gaps) {
    const minute = minuteOf(gap.start) / 1000;
    const point = points.find((p) => p.time >= minute);
    if (point) times.add(point.time);
  }
  return [...times].sort((a, b) => a - b);
}
