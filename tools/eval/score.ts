// Scores the engine's flows against the simulator's ground truth: one-to-one matches by
// contract and time, then precision and recall per kind, side accuracy, whale precision and
// recall, spread legs, busts, and a figure for each evaluation case. Orders on one contract are
// at least 3 s apart in the simulator, so a match window of about a second is unambiguous.
import type { Flow, FlowKind } from '../../shared/domain/flow.ts';
import { FLOW_KINDS } from '../../shared/domain/flow.ts';
import type { ParentOrderTruth, TruthPrint } from '../../src-main/simulator/market/market.ts';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface Tally {
  n: number;
  correct: number;
}

export interface Score {
  truths: number;
  flows: number;
  matched: number;
  kinds: Record<FlowKind, Counts>;
  /** Orders that crossed the spread (the figure version 2 published). */
  side: { aggressive: number; correct: number; accuracy: number | null; byTruthKind: Record<string, Tally> };
  /** Every matched order: its direction is known whether it crossed or not. */
  sideAll: { n: number; correct: number; unknown: number; accuracy: number | null; decidedAccuracy: number | null; byRule: Record<string, Tally> };
  whale: Counts;
  legs: { legs: number; found: number; byStyle: Record<string, Tally>; flagged: number; falsePairs: number };
  busts: { busted: number; cancelled: number; falseCancels: number };
  confusion: Record<string, number>;
}

/** What the client saw of the update that carried a print: for the quote-move case. */
export interface UpdateSeen {
  quoteTime: number | null;
  /** The update carried a new bid or ask. */
  quoteMoved: boolean;
}

export interface CaseFigures {
  /** a: prints right after a quote move, at the touch and inside the spread; `inOneUpdate` when the
   *  moved quote came in the print's own update with its quote time before the trade time. */
  quoteMove: { touch: Tally; mid: Tally; inOneUpdate: { touch: Tally; mid: Tally } };
  /** b: conflated updates whose last print alone was large. */
  conflatedBlocks: { updates: number; calledBlock: number; rightBlock: number; trueBlocks: number; trueBlocksCalled: number };
  /** c: two separate orders at one price about a second apart, printed in different updates. */
  samePrice: { pairs: number; separable: number; keptApart: number };
  /** d: multi-leg orders printed at or inside mid. */
  midSpread: { legs: number; found: number };
  /** e: busted trades. */
  bust: { busted: number; cancelled: number };
  /** Customer limit orders filled whole at the quote (the trade-size rule's case). */
  limitFill: Tally;
}

const EARLY_MS = 50;
const LATE_MS = 1500;
const EPS = 1e-9;

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
  const truthOf = new Map<Flow, ParentOrderTruth>();
  for (const [truth, f] of pairs) truthOf.set(f, truth);
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
      const truth = truthOf.get(f);
      if (!truth || truth.kind !== kind) fp++;
    }
    kinds[kind] = counts(tp, fp, fn);
  }
  const confusion: Record<string, number> = {};
  for (const [truth, f] of pairs) confusion[`${truth.kind}->${f.kind}`] = (confusion[`${truth.kind}->${f.kind}`] ?? 0) + 1;
  for (const truth of truths) if (!pairs.has(truth)) confusion[`${truth.kind}->missed`] = (confusion[`${truth.kind}->missed`] ?? 0) + 1;
  for (const f of flows) if (!truthOf.has(f)) confusion[`none->${f.kind}`] = (confusion[`none->${f.kind}`] ?? 0) + 1;

  let aggressive = 0;
  let correct = 0;
  const byTruthKind: Record<string, Tally> = {};
  const sideAll = { n: 0, correct: 0, unknown: 0, accuracy: null as number | null, decidedAccuracy: null as number | null, byRule: {} as Record<string, Tally> };
  for (const [truth, f] of pairs) {
    const ok = f.direction === truth.direction;
    sideAll.n++;
    if (ok) sideAll.correct++;
    if (f.direction === 'UNKNOWN') sideAll.unknown++;
    bump((sideAll.byRule[f.sideRule] ??= { n: 0, correct: 0 }), ok);
    if (!truth.aggressive) continue;
    aggressive++;
    if (ok) correct++;
    bump((byTruthKind[`${truth.style}`] ??= { n: 0, correct: 0 }), ok);
  }
  sideAll.accuracy = ratio(sideAll.correct, sideAll.n);
  sideAll.decidedAccuracy = ratio(sideAll.correct, sideAll.n - sideAll.unknown);

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
    const truth = truthOf.get(f);
    if (!truth || truth.premium < whaleMinPremium) wfp++;
  }

  const legs = { legs: 0, found: 0, byStyle: {} as Record<string, Tally>, flagged: 0, falsePairs: 0 };
  for (const truth of truths) {
    if (truth.spreadId === null) continue;
    const found = pairs.get(truth)?.spreadLeg === true;
    legs.legs++;
    if (found) legs.found++;
    bump((legs.byStyle[truth.style] ??= { n: 0, correct: 0 }), found);
  }
  for (const f of flows) {
    if (!f.spreadLeg) continue;
    legs.flagged++;
    if ((truthOf.get(f)?.spreadId ?? null) === null) legs.falsePairs++;
  }

  const busts = { busted: 0, cancelled: 0, falseCancels: 0 };
  for (const truth of truths) {
    if (truth.bustedAt === undefined) continue;
    busts.busted++;
    if (pairs.get(truth)?.cancelled === true) busts.cancelled++;
  }
  for (const f of flows) if (f.cancelled === true && truthOf.get(f)?.bustedAt === undefined) busts.falseCancels++;

  return {
    truths: truths.length,
    flows: flows.length,
    matched: pairs.size,
    kinds,
    side: { aggressive, correct, accuracy: ratio(correct, aggressive), byTruthKind },
    sideAll,
    whale: counts(wtp, wfp, wfn),
    legs,
    busts,
    confusion,
  };
}

/**
 * The evaluation cases' figures. `updates` holds what the client saw of each update that carried
 * a print, keyed `symbol|trade time`; the flows' evidence gives each print's update.
 */
export function scoreCases(
  truths: readonly ParentOrderTruth[],
  flows: readonly Flow[],
  updates: ReadonlyMap<string, UpdateSeen>,
  blockMin: { contracts: number; premium: number },
): CaseFigures {
  const pairs = match(truths, flows);
  const out: CaseFigures = {
    quoteMove: { touch: tally(), mid: tally(), inOneUpdate: { touch: tally(), mid: tally() } },
    conflatedBlocks: { updates: 0, calledBlock: 0, rightBlock: 0, trueBlocks: 0, trueBlocksCalled: 0 },
    samePrice: { pairs: 0, separable: 0, keptApart: 0 },
    midSpread: { legs: 0, found: 0 },
    bust: { busted: 0, cancelled: 0 },
    limitFill: tally(),
  };

  for (const truth of truths) {
    const f = pairs.get(truth);
    switch (truth.case) {
      case 'quote-move': {
        const p = truth.prints[0] as TruthPrint;
        const ok = f?.direction === truth.direction;
        const where = truth.aggressive ? 'touch' : 'mid';
        bump(out.quoteMove[where], ok);
        const seen = updates.get(`${truth.symbol}|${p.time}`);
        if (seen && seen.quoteMoved && seen.quoteTime !== null && seen.quoteTime < p.time) bump(out.quoteMove.inOneUpdate[where], ok);
        break;
      }
      case 'mid-spread':
        out.midSpread.legs++;
        if (f?.spreadLeg === true) out.midSpread.found++;
        break;
      case 'bust':
        if (truth.bustedAt === undefined) break;
        out.bust.busted++;
        if (f?.cancelled === true) out.bust.cancelled++;
        break;
      case 'limit-fill':
        bump(out.limitFill, f?.direction === truth.direction);
        break;
      default:
        break;
    }
  }

  // c: each pair's two prints, found in the flows by their trade times.
  const flowOfPrint = new Map<string, { flow: Flow; size: number }>();
  for (const f of flows) for (const p of f.evidence.prints) flowOfPrint.set(`${f.symbol}|${p.time}`, { flow: f, size: p.size });
  const groups = new Map<string, ParentOrderTruth[]>();
  for (const truth of truths) if (truth.case === 'same-price' && truth.caseGroup) groups.set(truth.caseGroup, [...(groups.get(truth.caseGroup) ?? []), truth]);
  for (const [, pair] of groups) {
    if (pair.length !== 2) continue;
    const [a, b] = pair as [ParentOrderTruth, ParentOrderTruth];
    const fa = flowOfPrint.get(`${a.symbol}|${a.prints[0]?.time}`);
    const fb = flowOfPrint.get(`${b.symbol}|${b.prints[0]?.time}`);
    out.samePrice.pairs++;
    // In one update the feed itself merged them: nothing could tell them apart.
    if (!fa || !fb || fb.size !== b.size) continue;
    out.samePrice.separable++;
    if (fa.flow.id !== fb.flow.id) out.samePrice.keptApart++;
  }

  // b: every conflated single-update flow whose last print alone was large.
  const blockPrints = new Map<string, number>();
  for (const truth of truths) if (truth.kind === 'BLOCK') for (const p of truth.prints) blockPrints.set(`${truth.symbol}|${p.time}`, p.size);
  for (const f of flows) {
    const p = f.evidence.prints[0];
    if (f.prints !== 1 || !p || p.lastSize === null || !(p.size > p.lastSize)) continue;
    const large = p.lastSize >= blockMin.contracts || p.price * p.lastSize * 100 >= blockMin.premium - EPS;
    if (!large) continue;
    out.conflatedBlocks.updates++;
    const trueBlock = blockPrints.get(`${f.symbol}|${p.time}`) === p.lastSize;
    if (trueBlock) out.conflatedBlocks.trueBlocks++;
    if (f.kind !== 'BLOCK') continue;
    out.conflatedBlocks.calledBlock++;
    if (trueBlock) {
      out.conflatedBlocks.rightBlock++;
      out.conflatedBlocks.trueBlocksCalled++;
    }
  }
  return out;
}

function tally(): Tally {
  return { n: 0, correct: 0 };
}

function bump(t: Tally, ok: boolean): void {
  t.n++;
  if (ok) t.correct++;
}

export function ratio(a: number, b: number): number | null {
  return b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null;
}

function counts(tp: number, fp: number, fn: number): Counts {
  const precision = tp + fp ? tp / (tp + fp) : null;
  const recall = tp + fn ? tp / (tp + fn) : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  return { tp, fp, fn, precision, recall, f1 };
}
