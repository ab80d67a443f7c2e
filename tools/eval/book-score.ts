// Scores detected book events (shared/analytics/book-events.ts) against the simulator's book truth
// (src-main/simulator/market/book-truth.ts), refill and pull apart. A detection is right when a
// truth event of its kind happened at the same contract, side and venue, from MATCH_EARLY_MS before
// to MATCH_LATE_MS after the detection's snapshot time (the detector sees a change in the first
// conflated book after it: up to a book interval, 1 s, later, plus a step). Recall counts only the
// truth the published rules aim at (a refill within refillWindowMs back to refillMinShare of the
// size before; a pull of at least pullMinSize contracts and pullMinShare of the venue's size);
// precision counts a detection right against any truth of its kind, whatever its size.
import type { BookEvent } from '../../shared/domain/book-events.ts';
import type { BookEventRules } from '../../shared/analytics/book-event-rules.ts';
import type { BookTruthEvent } from '../../src-main/simulator/market/market.ts';
import { ratio } from './score.ts';

export const MATCH_EARLY_MS = 500;
export const MATCH_LATE_MS = 2_500;

export interface BookEventCounts {
  /** Truth events the rules aim at, and how many a detection matched. */
  truths: number;
  found: number;
  /** Detections, and how many matched a truth event of their kind (any size). */
  detected: number;
  right: number;
  precision: number | null;
  recall: number | null;
}

export interface BookEventFigures {
  refill: BookEventCounts;
  pull: BookEventCounts;
  /** Every truth event of the window, before the rules' thresholds. */
  truthAll: { refill: number; pull: number };
}

/** The truth events the rules set out to find. */
export function aimedAt(truth: BookTruthEvent, rules: BookEventRules): boolean {
  if (truth.kind === 'refill') {
    const delay = truth.time - (truth.takenAt ?? truth.time);
    return delay <= rules.refillWindowMs && truth.sizeAfter > 0 && truth.sizeAfter >= rules.refillMinShare * truth.sizeBefore;
  }
  const left = truth.sizeBefore - truth.sizeAfter;
  return left >= rules.pullMinSize && left >= rules.pullMinShare * truth.sizeBefore;
}

const key = (e: { symbol: string; side: string; venue: string | null }) => `${e.symbol}|${e.side}|${e.venue ?? ''}`;

/** One-to-one matches, nearest in time first; returns the matched truths and detections. */
function pairUp(truths: readonly BookTruthEvent[], detected: readonly BookEvent[]): { truths: Set<BookTruthEvent>; detected: Set<BookEvent> } {
  const byKey = new Map<string, BookTruthEvent[]>();
  for (const t of truths) byKey.set(key(t), [...(byKey.get(key(t)) ?? []), t]);
  const candidates: { t: BookTruthEvent; d: BookEvent; gap: number }[] = [];
  for (const d of detected) {
    for (const t of byKey.get(key(d)) ?? []) {
      const gap = d.time - t.time;
      if (gap >= -MATCH_EARLY_MS && gap <= MATCH_LATE_MS) candidates.push({ t, d, gap: Math.abs(gap) });
    }
  }
  candidates.sort((a, b) => a.gap - b.gap);
  const matched = { truths: new Set<BookTruthEvent>(), detected: new Set<BookEvent>() };
  for (const { t, d } of candidates) {
    if (matched.truths.has(t) || matched.detected.has(d)) continue;
    matched.truths.add(t);
    matched.detected.add(d);
  }
  return matched;
}

function counts(kind: 'refill' | 'pull', inWindow: readonly BookTruthEvent[], around: readonly BookTruthEvent[], detected: readonly BookEvent[], rules: BookEventRules): BookEventCounts {
  const all = around.filter((t) => t.kind === kind);
  const aimed = inWindow.filter((t) => t.kind === kind && aimedAt(t, rules));
  const mine = detected.filter((d) => d.kind === kind);
  const found = pairUp(aimed, mine).truths.size;
  const right = pairUp(all, mine).detected.size;
  return { truths: aimed.length, found, detected: mine.length, right, precision: ratio(right, mine.length), recall: ratio(found, aimed.length) };
}

/**
 * Book-event figures over [from, to] (market time, epoch ms) on the watched contracts: truth by
 * when it happened, detections by their snapshot time (up to MATCH_LATE_MS past `to`); a
 * detection may match truth up to MATCH_LATE_MS outside the window.
 */
export function scoreBookEvents(
  truth: readonly BookTruthEvent[],
  detected: readonly BookEvent[],
  rules: BookEventRules,
  window: { from: number; to: number; symbols: ReadonlySet<string> },
): BookEventFigures {
  const watched = truth.filter((e) => window.symbols.has(e.symbol));
  const t = watched.filter((e) => e.time >= window.from && e.time <= window.to);
  // A detection early in the window may stand for truth just before it.
  const around = watched.filter((e) => e.time >= window.from - MATCH_LATE_MS && e.time <= window.to + MATCH_LATE_MS);
  const d = detected.filter((e) => window.symbols.has(e.symbol) && e.time >= window.from && e.time <= window.to + MATCH_LATE_MS);
  return {
    refill: counts('refill', t, around, d, rules),
    pull: counts('pull', t, around, d, rules),
    truthAll: { refill: t.filter((e) => e.kind === 'refill').length, pull: t.filter((e) => e.kind === 'pull').length },
  };
}
