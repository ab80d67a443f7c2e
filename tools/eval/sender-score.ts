// Institutional or retail (FLOW-RULES.md §9) against the simulator's styles: its `retail` and
// `limit-fill` orders are a customer's; every other style (blocks, sweeps, splits, repeaters,
// spread legs, multi-leg orders at mid) is taken as an institution's. The simulator draws each
// style's sizes itself, so this measures the heuristic on the simulator's own idea of who trades
// how, not on a real tape (which has no sender truth Fathom can read).
import type { Flow } from '../../shared/domain/flow.ts';
import { senderLean } from '../../shared/analytics/sender.ts';
import type { ParentOrderTruth } from '../../src-main/simulator/market/market.ts';
import { match, ratio } from './score.ts';

const RETAIL_STYLES: ReadonlySet<ParentOrderTruth['style']> = new Set(['retail', 'limit-fill']);

export interface SenderFigures {
  /** Matched orders whose flow carried a confidence. */
  n: number;
  /** Of those, the ones the heuristic leaned on (INSTITUTIONAL or RETAIL, not UNSURE). */
  decided: number;
  correct: number;
  /** correct / decided. */
  accuracy: number | null;
  /** decided / n. */
  coverage: number | null;
  /** Mean squared error of the confidence against the truth (0 perfect, 0.25 a coin). */
  brier: number | null;
  /** Per truth style: orders and the mean institutional confidence. */
  byStyle: Record<string, { n: number; meanInstitutional: number }>;
}

export function scoreSender(truths: readonly ParentOrderTruth[], flows: readonly Flow[]): SenderFigures {
  let n = 0;
  let decided = 0;
  let correct = 0;
  let squared = 0;
  const sums: Record<string, { n: number; sum: number }> = {};
  for (const [truth, flow] of match(truths, flows)) {
    const p = flow.institutional;
    if (p === undefined) continue;
    const institutional = !RETAIL_STYLES.has(truth.style);
    n++;
    squared += (p - (institutional ? 1 : 0)) ** 2;
    const style = (sums[truth.style] ??= { n: 0, sum: 0 });
    style.n++;
    style.sum += p;
    const lean = senderLean(p);
    if (lean === 'UNSURE') continue;
    decided++;
    if ((lean === 'INSTITUTIONAL') === institutional) correct++;
  }
  const byStyle: SenderFigures['byStyle'] = {};
  for (const [style, s] of Object.entries(sums)) byStyle[style] = { n: s.n, meanInstitutional: Math.round((s.sum / s.n) * 1000) / 1000 };
  return { n, decided, correct, accuracy: ratio(correct, decided), coverage: ratio(decided, n), brier: n === 0 ? null : Math.round((squared / n) * 10_000) / 10_000, byStyle };
}
