// Multi-leg orders with their truth: verticals, calendars, diagonals, straddles, strangles, risk
// reversals, butterflies, condors and ratios. A complex order's legs fill together, so every leg
// prints within STRATEGY_SPREAD_MS of the first, at or just inside its own mid (off the book, as
// a complex order book's fills do), with sizes in the strategy's ratio. Arrivals are a Poisson
// process of their own, drawn from a random stream of their own, so the ordinary order flow's
// draws are the same with or without them. Every leg's truth carries the strategy's id and type.
import type { StrategyType } from '../../../shared/domain/strategy.ts';
import { STRATEGY_TYPES } from '../../../shared/domain/strategy.ts';
import { etDateString } from '../../../shared/time/eastern.ts';
import { formatSchwabSymbol } from '../../../shared/symbols/option-symbol.ts';
import type { Random } from '../../util/random.ts';
import type { EventQueue } from './event-queue.ts';
import { listedExpiries } from './expiries.ts';
import type { OptionContractState } from './option-contract.ts';
import type { OrderExecution } from './order-execution.ts';
import type { StrategyScriptAnswer, StrategyScriptRequest } from './market.ts';
import { WHALE_MIN_PREMIUM } from './order-kind.ts';
import type { Direction, OrderPlan } from './order-plan.ts';
import { anyVenue, BUSY_GAP_MS } from './order-plan.ts';
import { insidePrice } from './ticks.ts';

/** Legs of one strategy print at most this long after its first leg. */
export const STRATEGY_SPREAD_MS = 20;
const ATTEMPTS = 8;

export interface LegSpec {
  symbol: string;
  /** +1: the way the strategy goes; -1: the other way. */
  sign: 1 | -1;
  ratio: number;
}

export interface StrategyOrdersOptions {
  start: number;
  /** Strategies a second; 0 makes none (they can still be scripted). */
  perSecond: number;
  random: Random;
  queue: EventQueue;
  execution: OrderExecution;
  contract: (symbol: string) => OptionContractState | null;
  /** The first leg of an arrival: a watched contract or one of the active set, or null. */
  pickFirst: (t: number, random: Random) => { contract: OptionContractState; watched: boolean } | null;
  isWatched: (symbol: string) => boolean;
}

/** The legs a strategy of `type` builds from its first contract, or null when it cannot. */
export function strategyLegs(type: StrategyType, first: OptionContractState, t: number, random: Random): LegSpec[] | null {
  const c = first.contract;
  const step = first.underlying.profile.strikeStep;
  const w = step * (1 + Math.floor(random() * 2));
  const at = (strike: number, right = c.right, expiry = c.expiry) => formatSchwabSymbol({ root: c.root, expiry, right, strike: Math.round(strike * 1000) / 1000 });
  const up = c.right === 'C' ? 1 : -1;
  const K = c.strike;
  const later = listedExpiries(first.underlying.profile, etDateString(t)).find((e) => e > c.expiry) ?? null;
  const otherRight = c.right === 'C' ? 'P' : 'C';
  switch (type) {
    case 'VERTICAL':
      return [{ symbol: first.symbol, sign: 1, ratio: 1 }, { symbol: at(K + up * w), sign: -1, ratio: 1 }];
    case 'CALENDAR':
      return later ? [{ symbol: first.symbol, sign: -1, ratio: 1 }, { symbol: at(K, c.right, later), sign: 1, ratio: 1 }] : null;
    case 'DIAGONAL':
      return later ? [{ symbol: first.symbol, sign: -1, ratio: 1 }, { symbol: at(K - up * w, c.right, later), sign: 1, ratio: 1 }] : null;
    case 'STRADDLE':
      return [{ symbol: first.symbol, sign: 1, ratio: 1 }, { symbol: at(K, otherRight), sign: 1, ratio: 1 }];
    case 'STRANGLE':
    case 'RISK_REVERSAL': {
      // The put below the call; a risk reversal buys one and sells the other.
      const other = at(K - up * w, otherRight);
      return [{ symbol: first.symbol, sign: 1, ratio: 1 }, { symbol: other, sign: type === 'STRANGLE' ? 1 : -1, ratio: 1 }];
    }
    case 'BUTTERFLY':
      return [{ symbol: first.symbol, sign: 1, ratio: 1 }, { symbol: at(K + up * w), sign: -1, ratio: 2 }, { symbol: at(K + 2 * up * w), sign: 1, ratio: 1 }];
    case 'CONDOR':
      return [
        { symbol: first.symbol, sign: 1, ratio: 1 },
        { symbol: at(K + up * w), sign: -1, ratio: 1 },
        { symbol: at(K + 2 * up * w), sign: -1, ratio: 1 },
        { symbol: at(K + 3 * up * w), sign: 1, ratio: 1 },
      ];
    case 'RATIO': {
      const [a, b] = random() < 0.7 ? [1, 2] : random() < 0.5 ? [1, 3] : [2, 3];
      return [{ symbol: first.symbol, sign: 1, ratio: a as number }, { symbol: at(K + up * w), sign: -1, ratio: b as number }];
    }
  }
}

/** One leg at its mid (or the tick inside it toward its side), off the book, the exact size. */
function legPlan(contract: OptionContractState, direction: Direction, time: number, size: number, id: string, type: StrategyType, random: Random): OrderPlan | null {
  const n = contract.nbbo();
  if (!(n.bidCents > 0) || n.askOffset === null) return null;
  const mid = (n.bidCents + n.askCents) / 2;
  const price = Number.isInteger(mid) && random() < 0.5 ? mid : (insidePrice(n.bidCents, n.askCents, direction === 'BUY') ?? (Number.isInteger(mid) ? mid : null));
  // Never a whale: whales come from blocks and sweeps.
  if (price === null || price * size >= WHALE_MIN_PREMIUM) return null;
  const venue = anyVenue({ t: time, random, contract, nbbo: n });
  const print = { time, ...venue, priceCents: price, size, take: null, refill: null };
  return { contract, style: 'strategy-leg', direction, prints: [print], repeaterGroup: null, spreadId: id, strategyType: type };
}

export class StrategyOrders {
  private readonly options: StrategyOrdersOptions;
  private readonly random: Random;
  private readonly meanGapMs: number;
  private next = 1;

  constructor(options: StrategyOrdersOptions) {
    this.options = options;
    this.random = options.random;
    this.meanGapMs = options.perSecond > 0 ? 1000 / options.perSecond : Infinity;
    if (this.meanGapMs < Infinity) this.schedule(options.start);
  }

  private schedule(after: number): void {
    const at = after + Math.max(1, Math.round(-Math.log(1 - this.random()) * this.meanGapMs));
    this.options.queue.push(at, () => {
      this.schedule(at);
      const type = STRATEGY_TYPES[Math.floor(this.random() * STRATEGY_TYPES.length)] as StrategyType;
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const first = this.options.pickFirst(at, this.random);
        // A strategy started on a watched contract keeps all its legs on watched ones, so a
        // client (and the evaluation) sees it whole.
        if (first && this.start(type, first.contract, at, first.watched) !== null) return;
      }
    });
  }

  /**
   * Starts a strategy of `type` on `first` at `t`: its id and leg symbols, or null when it cannot (a leg not
   * listed, busy, expired or without a two-sided quote; with `watchedOnly`, a leg not watched).
   * `scripted` (the fault endpoint) does not wait for a busy leg.
   */
  start(type: StrategyType, first: OptionContractState, t: number, watchedOnly: boolean, scripted = false): { id: string; symbols: string[] } | null {
    const specs = strategyLegs(type, first, t, this.random);
    if (!specs) return null;
    const legs: { contract: OptionContractState; spec: LegSpec }[] = [];
    for (const spec of specs) {
      if (watchedOnly && !this.options.isWatched(spec.symbol)) return null;
      const contract = this.options.contract(spec.symbol);
      if (!contract || contract.isExpired(t + 60_000) || (!scripted && contract.busyUntil > t)) return null;
      contract.refresh(t);
      legs.push({ contract, spec });
    }
    const u = this.random();
    const base = u < 0.6 ? 5 + Math.floor(this.random() * 26) : u < 0.9 ? 30 + Math.floor(this.random() * 70) : 100 + Math.floor(this.random() * 150);
    const way: Direction = this.random() < 0.55 ? 'BUY' : 'SELL';
    const id = `v${this.next++}`;
    const plans: OrderPlan[] = [];
    for (let i = 0; i < legs.length; i++) {
      const { contract, spec } = legs[i] as { contract: OptionContractState; spec: LegSpec };
      const direction: Direction = spec.sign === 1 ? way : way === 'BUY' ? 'SELL' : 'BUY';
      const time = t + (i === 0 ? 0 : Math.floor(this.random() * (STRATEGY_SPREAD_MS + 1)));
      const plan = legPlan(contract, direction, time, base * spec.ratio, id, type, this.random);
      if (!plan) return null;
      plans.push(plan);
    }
    for (const plan of plans) {
      const print = plan.prints[0];
      if (!print) continue;
      plan.contract.busyUntil = print.time + BUSY_GAP_MS;
      this.options.execution.start(plan, t);
    }
    return { id, symbols: legs.map((l) => l.contract.symbol) };
  }

  /** Tests only (the fault endpoint): a strategy of the type asked for, starting on its symbol now. */
  script(request: StrategyScriptRequest, t: number): StrategyScriptAnswer {
    const first = this.options.contract(request.symbol);
    if (!first) return { ok: false, reason: 'unknown-contract', message: `${request.symbol.trim()} is no option this market trades` };
    // A scripted strategy waits for nothing: busy legs print anyway. Its width is drawn, so a
    // few draws find one whose legs are listed (and watched, when the first is).
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const done = this.start(request.type, first, t, this.options.isWatched(request.symbol), true);
      if (done) return { ok: true, id: done.id, type: request.type, symbols: done.symbols, time: t };
    }
    return { ok: false, reason: 'no-legs', message: `no ${request.type} can be built on ${request.symbol.trim()} now (a leg not listed, not watched or without a two-sided quote)` };
  }
}
