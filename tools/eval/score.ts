// Scores the engine's flows against the simulator's ground truth: one-to-one matches by
// contract and time, then precision and recall per kind, side accuracy on aggressive orders,
// and whale precision and recall. Orders on one contract are at least 3 s apart in the
// simulator, so a match window of about a second is unambiguous.
import type { Flow, FlowKind } from '../../shared/domain/flow.ts';
import { FLOW_KINDS } from '../../shared/domain/flow.ts';
import type { ParentOrderTruth } from '../../src-main/simulator/market/market.ts';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface Score {
  truths: number;
  flows: number;
  matched: number;
  kinds: Record<FlowKind, Counts>;
  side: { aggressive: number; correct: number; accuracy: number | null; byTruthKind: Record<string, { n: number; correct: number }> };
  whale: Counts;
  confusion: Record<string, number>;
}

const EARLY_MS = 50;
const LATE_MS = 1500;

export function match(truths: readonly ParentOrderTruth[], flows: readonly Flow[]): Map<ParentOrderTruth, Flow> {
  const bySymbol = new Map<string, Flow[]>();
  for (const f of flows) bySymbol.set(f.symbol, [...(bySymbol.get(f.symbol) ?? []), f]);
  const used = new Set<Flow>();
  const pairs = new Map<ParentOrderTruth, Flow>();
  for (const truth of [...truths].sort((a, b) => a.start - b.start)) {
    let best: Flow | undefined;
    for (const f of bySymbol.get(truth.symbol) ?? []) {
      if (used.has(f) || f.time < truth.start - EARLY_MS || f.time > truth.end + LATE_MS) continue;
      if (!best || Math.abs(f.time - truth.start) < Math.abs(best.time - truth.start)) best = f;
    }
    if (best) {
      used.add(best);
      pairs.set(truth, best);
    }
  }
  return pairs;
}

export function score(truths: readonly ParentOrderTruth[], flows: readonly Flow[], whaleMinPremium: number): Score {
  const pairs = match(truths, flows);
  const matchedFlows = new Set(pairs.values());
  const kinds = {} as Record<FlowKind, Counts>;
  for (const kind of FLOW_KINDS) {
    let tp = 0;
    let fn = 0;
    for (const truth of truths) {
      if (truth.kind !== kind) continue;
      if (pairs.get(truth)?.kind === kind) tp++;
      else fn++;
    }
    let fp = 0;
    for (const f of flows) {
      if (f.kind !== kind) continue;
      const truth = [...pairs].find(([, flow]) => flow === f)?.[0];
      if (!truth || truth.kind !== kind) fp++;
    }
    kinds[kind] = counts(tp, fp, fn);
  }
  const confusion: Record<string, number> = {};
  for (const [truth, f] of pairs) confusion[`${truth.kind}->${f.kind}`] = (confusion[`${truth.kind}->${f.kind}`] ?? 0) + 1;
  for (const truth of truths) if (!pairs.has(truth)) confusion[`${truth.kind}->missed`] = (confusion[`${truth.kind}->missed`] ?? 0) + 1;
  for (const f of flows) if (!matchedFlows.has(f)) confusion[`none->${f.kind}`] = (confusion[`none->${f.kind}`] ?? 0) + 1;

  let aggressive = 0;
  let correct = 0;
  const byTruthKind: Record<string, { n: number; correct: number }> = {};
  for (const [truth, f] of pairs) {
    if (!truth.aggressive) continue;
    aggressive++;
    const ok = f.direction === truth.direction;
    if (ok) correct++;
    const k = (byTruthKind[`${truth.style}`] ??= { n: 0, correct: 0 });
    k.n++;
    if (ok) k.correct++;
  }

  let wtp = 0;
  let wfn = 0;
  for (const truth of truths) {
    if (truth.premium < whaleMinPremium) continue;
    if (pairs.get(truth)?.whale) wtp++;
    else wfn++;
  }
  let wfp = 0;
  for (const f of flows) {
    if (!f.whale) continue;
    const truth = [...pairs].find(([, flow]) => flow === f)?.[0];
    if (!truth || truth.premium < whaleMinPremium) wfp++;
  }

  return {
    truths: truths.length,
    flows: flows.length,
    matched: pairs.size,
    kinds,
    side: { aggressive, correct, accuracy: aggressive ? correct / aggressive : null, byTruthKind },
    whale: counts(wtp, wfp, wfn),
    confusion,
  };
}

function counts(tp: number, fp: number, fn: number): Counts {
  const precision = tp + fp ? tp / (tp + fp) : null;
  const recall = tp + fn ? tp / (tp + fn) : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  return { tp, fp, fn, precision, recall, f1 };
}
