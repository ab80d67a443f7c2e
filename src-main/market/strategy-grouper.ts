// Multi-leg strategies (shared/analytics/FLOW-RULES.md §8): new flows on two to four contracts of
// one underlying whose first prints lie within STRATEGY_WINDOW_MS and whose sizes are in a simple
// ratio are grouped into one strategy, when their contracts make one of the nine shapes
// (shared/analytics/strategy.ts). A later leg extends a strategy already formed (a vertical's
// two legs, then a third, make a butterfly); a strategy is never split or merged with another.
// At most four legs (a condor): a new flow is tried with up to three earlier ones. Data only (no
// closures), so a replay checkpoint copies it.
import type { Flow } from '../../shared/domain/flow.ts';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import { classifyStrategy, legsLabel, isSimplePair, legVoteWeight, strategyFigures, strategyLegs, type Classified, type LegInput } from '../../shared/analytics/strategy.ts';
import { firstAtOrAfter } from './time-ordered.ts';

/** First prints of one strategy's legs lie at most this far apart (a complex order fills at once). */
export const STRATEGY_WINDOW_MS = 100;
/** Smallest leg grouped: 1-lots and 2-lots print together by chance on a busy underlying. */
export const STRATEGY_MIN_LEG_SIZE = 5;
/** Updates of different contracts arrive up to about a conflation interval out of trade-time order. */
const ARRIVAL_SKEW_MS = 2500;
/** Nearest candidates tried with each new flow (keeps the subsets tried small on a busy underlying). */
const MAX_CANDIDATES = 8;
/** Shared by every new flow without a candidate; never pushed to. */
const NO_CANDIDATES: Recent[] = [];

interface Recent {
  flowId: string;
  symbol: string;
  time: number;
  /** The flow's size when it was seen: a candidate must be in a simple ratio with the new flow. */
  size: number;
  strategyId: string | null;
}

interface Held {
  link: StrategyLink;
  members: string[];
}

/** A flow's latest version, looked up by the engine. */
export type CurrentFlow = (id: string) => Flow | undefined;

export function legInput(flow: Flow): LegInput {
  const { id, symbol, expiry, strike, right, direction, size, price, premium, delta, side, sideRule } = flow;
  return { flowId: id, symbol, expiry, strike, right, direction, size, price, premium, delta, sure: side !== 'MID', weight: legVoteWeight(sideRule) };
}

export class StrategyGrouper {
  private readonly recent = new Map<string, Recent[]>();
  private readonly strategies = new Map<string, Held>();
  private latest = -Infinity;
  /** False once a flow with a time that is not a finite number was kept: the list is then read whole. */
  private ordered = true;

  /**
   * A new flow: the strategy it forms or extends (to be written on every leg), or null. `current`
   * gives the latest version of earlier flows (their sizes may have grown since they were seen).
   */
  add(flow: Flow, current: CurrentFlow): StrategyLink | null {
    if (flow.size < STRATEGY_MIN_LEG_SIZE || flow.cancelled === true) return null;
    let list = this.recent.get(flow.underlying);
    if (!list) this.recent.set(flow.underlying, (list = []));
    if (flow.time > this.latest) this.latest = flow.time;
    const horizon = this.latest - STRATEGY_WINDOW_MS - ARRIVAL_SKEW_MS;
    while (list.length > 0 && (list[0] as Recent).time < horizon) {
      const gone = list.shift() as Recent;
      const held = gone.strategyId === null ? undefined : this.strategies.get(gone.strategyId);
      // A strategy leaves with its newest leg: until then a late leg may still extend it.
      if (held && held.members.every((id) => !list.some((r) => r.flowId === id))) this.strategies.delete(gone.strategyId as string);
    }
    // Any group's ratio holds pair by pair too: a cheap test that keeps the subsets tried few.
    // Most new flows have no candidate: no array is made for them.
    let candidates = NO_CANDIDATES;
    // The list is in time order (inserted so below) when every time in it is finite: only those
    // within the window of the new flow's time are read, found by bisection. A millisecond of
    // slack below: the test that decides is the one on the distance, as it was.
    if (!Number.isFinite(flow.time)) this.ordered = false;
    const ordered = this.ordered;
    for (let k = ordered ? firstAtOrAfter(list, flow.time - STRATEGY_WINDOW_MS - 1) : 0; k < list.length; k++) {
      const r = list[k] as Recent;
      if (ordered && r.time - flow.time > STRATEGY_WINDOW_MS) break;
      // The time first: the list spans the skew allowance, and a symbol is compared by its characters.
      if (!(Math.abs(r.time - flow.time) <= STRATEGY_WINDOW_MS) || r.symbol === flow.symbol || !isSimplePair(r.size, flow.size)) continue;
      if (candidates === NO_CANDIDATES) candidates = [];
      candidates.push(r);
    }
    if (candidates.length > 1) {
      // Nearest first (a stable sort: ties keep the list's order), the nearest MAX_CANDIDATES kept.
      byDistance(candidates, flow.time);
      if (candidates.length > MAX_CANDIDATES) candidates.length = MAX_CANDIDATES;
    }
    const entry: Recent = { flowId: flow.id, symbol: flow.symbol, time: flow.time, size: flow.size, strategyId: null };
    let i = list.length;
    while (i > 0 && (list[i - 1] as Recent).time > flow.time) i--;
    // In order is the rule: a push, where a splice makes an array of the nothing it removed.
    if (i === list.length) list.push(entry);
    else list.splice(i, 0, entry);
    if (candidates.length === 0) return null;
    const best = this.bestGroup(flow, candidates, current);
    if (!best) return null;
    const { group, classified, span } = best;
    const touched = group.find((r) => r.strategyId !== null)?.strategyId ?? null;
    const id = touched ?? `S${[flow.id, ...group.map((r) => r.flowId)].sort()[0] as string}`;
    const link = toLink(id, classified, span, flow.underlying);
    this.strategies.set(id, { link, members: classified.legs.map((l) => l.flowId) });
    for (const r of [entry, ...group]) r.strategyId = id;
    return link;
  }

  /** The largest group of candidates that makes a strategy with the new flow; the tighter on a tie. */
  private bestGroup(flow: Flow, candidates: Recent[], current: CurrentFlow): { group: Recent[]; classified: Classified; span: number } | null {
    let best: { group: Recent[]; classified: Classified; span: number } | null = null;
    const consider = (group: Recent[]) => {
      if (!this.wholeStrategies(group)) return;
      // Every leg on a contract of its own, and their first prints within the window: tried for
      // up to 92 groups per new flow, so without a set or an array each time.
      let first = flow.time;
      let last = flow.time;
      for (let i = 0; i < group.length; i++) {
        const r = group[i] as Recent;
        if (r.symbol === flow.symbol) return;
        for (let j = 0; j < i; j++) if ((group[j] as Recent).symbol === r.symbol) return;
        first = Math.min(first, r.time);
        last = Math.max(last, r.time);
      }
      const span = last - first;
      if (span > STRATEGY_WINDOW_MS) return;
      const legs: LegInput[] = [legInput(flow)];
      for (const r of group) {
        const f = current(r.flowId);
        if (!f || f.cancelled === true || f.size < STRATEGY_MIN_LEG_SIZE) return;
        legs.push(legInput(f));
      }
      const classified = classifyStrategy(legs);
      if (!classified) return;
      if (!best || legs.length > best.classified.legs.length || (legs.length === best.classified.legs.length && span < best.span)) best = { group, classified, span };
    };
    const n = candidates.length;
    for (let a = 0; a < n; a++) {
      consider([candidates[a] as Recent]);
      for (let b = a + 1; b < n; b++) {
        consider([candidates[a] as Recent, candidates[b] as Recent]);
        for (let c = b + 1; c < n; c++) consider([candidates[a] as Recent, candidates[b] as Recent, candidates[c] as Recent]);
      }
    }
    return best;
  }

  /** A group may take a strategy already formed only whole, and only one. */
  private wholeStrategies(group: readonly Recent[]): boolean {
    let id: string | null = null;
    for (const r of group) {
      if (r.strategyId === null) continue;
      if (id !== null && r.strategyId !== id) return false;
      id = r.strategyId;
    }
    if (id === null) return true;
    const held = this.strategies.get(id);
    return held !== undefined && !held.members.some((m) => !group.some((r) => r.flowId === m));
  }
}

/**
 * Sorts candidates nearest `time` first, in place; ties keep their order (what a stable sort with
 * the distance as its comparison gives). An insertion sort: a few candidates, where the built-in
 * sort with a closure was a sixth of the grouper.
 */
function byDistance(candidates: Recent[], time: number): void {
  for (let i = 1; i < candidates.length; i++) {
    const r = candidates[i] as Recent;
    const d = Math.abs(r.time - time);
    let j = i;
    for (; j > 0 && Math.abs((candidates[j - 1] as Recent).time - time) > d; j--) candidates[j] = candidates[j - 1] as Recent;
    candidates[j] = r;
  }
}

function toLink(id: string, c: Classified, span: number, underlying: string): StrategyLink {
  const figures = strategyFigures(c.type, c.legs, c.directions);
  const legs = strategyLegs(c);
  const reason = [
    c.type, ' (STRATEGY_TIME_RATIO): ', legs.length, ' legs on ', underlying, ' printed within ', span, ' ms (window ', STRATEGY_WINDOW_MS, ' ms), sizes ',
    legs.map((l) => l.size).join(':'), ' (', c.ratio.join(':'), '): ', legsLabel(legs),
    figures.netDelta === null ? '; no net delta, sentiment NEUTRAL' : `; net delta ${figures.netDelta} shares, ${figures.sentiment}`,
  ].join('');
  return { id, type: c.type, rule: 'STRATEGY_TIME_RATIO', legs, ...figures, reason };
}
