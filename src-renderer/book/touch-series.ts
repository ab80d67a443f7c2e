// The top-of-book figures over the held history, one point per snapshot, for the metric strip's
// sparklines (touchMetrics in shared/analytics/book-timeline.ts reads each column), and the
// sparklines' points.
import type { TouchMetrics } from '../../shared/analytics/book-timeline.ts';
import { touchMetrics } from '../../shared/analytics/book-timeline.ts';
import type { TimelineColumn } from '../../shared/domain/book-events.ts';

export interface TouchSeries {
  latest: TouchMetrics | null;
  /** Ask minus bid in dollars; a snapshot without both sides is a gap (null). */
  spread: (number | null)[];
  imbalance: number[];
  bidVenues: number[];
  askVenues: number[];
  notional: number[];
}

/** At most this many points per sparkline: the newest snapshots, thinned evenly when more. */
export const SPARK_POINTS = 150;

export function touchSeries(columns: readonly TimelineColumn[], points = SPARK_POINTS): TouchSeries {
  const step = Math.max(1, Math.ceil(columns.length / points));
  const series: TouchSeries = { latest: null, spread: [], imbalance: [], bidVenues: [], askVenues: [], notional: [] };
  // Counted back from the newest so the newest snapshot is always a point.
  const picked: TimelineColumn[] = [];
  for (let i = columns.length - 1; i >= 0; i -= step) {
    const column = columns[i];
    if (column) picked.push(column);
  }
  picked.reverse();
  for (const column of picked) {
    const m = metricsOf(column);
    series.spread.push(m.spread);
    series.imbalance.push(m.imbalance);
    series.bidVenues.push(m.bidVenues);
    series.askVenues.push(m.askVenues);
    series.notional.push(m.notional);
  }
  const last = columns.at(-1);
  series.latest = last ? metricsOf(last) : null;
  return series;
}

/**
 * Held columns never change, so each one's figures are read once: a new snapshot reads only its
 * own, not the 150 points again.
 */
const metricsCache = new WeakMap<TimelineColumn, TouchMetrics>();

function metricsOf(column: TimelineColumn): TouchMetrics {
  let m = metricsCache.get(column);
  if (!m) {
    m = touchMetrics(column);
    metricsCache.set(column, m);
  }
  return m;
}

/**
 * The line through the values scaled into width x height (top is the largest), as x, y pairs
 * flat in one array; a gap (null) is a pair of NaN that breaks the line. A flat series is drawn
 * across the middle. `range` fixes the scale (the imbalance is always -1..1). Empty when no value.
 */
export function sparkPoints(values: readonly (number | null)[], width: number, height: number, range?: { min: number; max: number }): number[] {
  let min = range?.min ?? Infinity;
  let max = range?.max ?? -Infinity;
  if (!range) {
    for (const v of values) {
      if (v === null) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  const n = values.length;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? null;
    if (v === null) out.push(NaN, NaN);
    else out.push(n <= 1 ? width : (i / (n - 1)) * width, max > min ? height - ((v - min) / (max - min)) * height : height / 2);
  }
  return out;
}
