// Parent orders arriving as a Poisson process over the active set and the watched contracts,
// in a mix of styles (retail singles, blocks, sweeps, splits, repeaters, two-leg spreads).
// Everything is drawn from one seeded stream in event order, so a seed and a call sequence
// always give the same orders. Evaluation cases (case-orders.ts) and multi-leg strategies
// (strategy-orders.ts) arrive beside them when asked for.
import { formatSchwabSymbol } from '../../../shared/symbols/option-symbol.ts';
import type { Random } from '../../util/random.ts';
import { ActiveSet } from './active-set.ts';
import type { ContractRef } from './active-set.ts';
import type { EventQueue } from './event-queue.ts';
import { CaseOrders, type CaseMix } from './case-orders.ts';
import type { ParentOrderTruth, StrategyScriptAnswer, StrategyScriptRequest } from './market.ts';
import { planSplit, planSweep } from './multi-print-styles.ts';
import type { OptionContractState } from './option-contract.ts';
import { OrderExecution } from './order-execution.ts';
import type { Direction, OrderPlan, StyleContext } from './order-plan.ts';
import { ATTEMPTS, BUSY_GAP_MS, canTrade, drawDirection, touchCents } from './order-plan.ts';
import { planBlock, planRepeaterHit, planRetail, planSpreadLeg } from './single-print-styles.ts';
import { insidePrice } from './ticks.ts';
import { StrategyOrders } from './strategy-orders.ts';
import type { UnderlyingSim } from './underlying.ts';

/** Parent-order arrivals per second at intensity 1 (a repeater or a spread adds more orders). */
export const ARRIVALS_PER_SECOND = 3;
const ACTIVE_REBUILD_MS = 60_000;
const STYLE_MIX: ReadonlyArray<readonly [Style, number]> = [
  ['retail', 0.55], ['block', 0.08], ['sweep', 0.14], ['split', 0.1], ['repeater', 0.04], ['spread', 0.09],
];
const WHALE_BLOCK_SHARE = 0.12;
const WHALE_SWEEP_SHARE = 0.06;
const SPREAD_VENUES = ['CBOE', 'ISEX', 'PHLX', 'MIAX', 'GMNI'];

type Style = 'retail' | 'block' | 'sweep' | 'split' | 'repeater' | 'spread';

export type { CaseMix } from './case-orders.ts';

export interface OrderFlowOptions {
  start: number;
  intensity: number;
  random: Random;
  queue: EventQueue;
  underlyings: readonly UnderlyingSim[];
  truth: ParentOrderTruth[];
  /** The contract for a symbol (created on first use), or null when it is no simulated option. */
  contract: (symbol: string) => OptionContractState | null;
  /** Keys each order's opening-or-closing draw (the market's seed). */
  seed?: number;
  /** Evaluation only: cases to mix in. Without it the flow is exactly the ordinary one. */
  cases?: CaseMix;
  /**
   * Multi-leg strategies (strategy-orders.ts): their own arrivals a second (times the intensity)
   * and their own random stream. Without it none arrive and none can be scripted.
   */
  strategies?: { perSecond: number; random: Random };
}

export class OrderFlow {
  private readonly options: OrderFlowOptions;
  private readonly random: Random;
  private readonly active: ActiveSet;
  private readonly execution: OrderExecution;
  private readonly watched: ContractRef[] = [];
  private readonly watchedRefs = new Map<string, ContractRef>();
  private readonly meanGapMs: number;
  private nextGroup = 1;
  private nextSpread = 1;
  private readonly strategies: StrategyOrders | null;
  private readonly caseOrders: CaseOrders | null;

  constructor(options: OrderFlowOptions) {
    this.options = options;
    this.active = new ActiveSet(options.intensity);
    this.random = options.random;
    this.execution = new OrderExecution(options.queue, options.random, options.truth, options.seed ?? 0);
    const s = options.strategies;
    this.strategies = s
      ? new StrategyOrders({
          start: options.start,
          perSecond: s.perSecond * options.intensity,
          random: s.random,
          queue: options.queue,
          execution: this.execution,
          contract: options.contract,
          pickFirst: (t, random) => this.pickStrategyFirst(t, random),
          isWatched: (symbol) => this.watchedRefs.has(symbol),
        })
      : null;
    this.caseOrders = options.cases
      ? new CaseOrders({
          cases: options.cases,
          random: options.random,
          queue: options.queue,
          execution: this.execution,
          watched: this.watched,
          isWatched: (symbol) => this.watchedRefs.has(symbol),
          contract: options.contract,
          context: (contract, t) => this.context(contract, t),
          startPlans: (plans, now) => this.startPlans(plans, now),
          nextSpread: () => this.nextSpread++,
        })
      : null;
    this.meanGapMs = options.intensity > 0 ? 1000 / (ARRIVALS_PER_SECOND * options.intensity) : Infinity;
    this.rebuild(options.start);
    if (this.meanGapMs < Infinity) this.scheduleArrival(options.start);
  }

  watch(symbols: readonly string[]): void {
    for (const symbol of symbols) {
      if (this.watchedRefs.has(symbol)) continue;
      const contract = this.options.contract(symbol);
      if (!contract) continue;
      const ref: ContractRef = { symbol, contract };
      this.watchedRefs.set(symbol, ref);
      this.watched.push(ref);
    }
  }

  unwatch(symbols: readonly string[]): void {
    for (const symbol of symbols) {
      const ref = this.watchedRefs.get(symbol);
      if (!ref) continue;
      this.watchedRefs.delete(symbol);
      this.watched.splice(this.watched.indexOf(ref), 1);
    }
  }

  /** Tests only (the fault endpoint): a strategy starting on `symbol` now. */
  scriptStrategy(request: StrategyScriptRequest, t: number): StrategyScriptAnswer {
    if (!this.strategies) return { ok: false, reason: 'no-legs', message: 'this market makes no strategies' };
    return this.strategies.script(request, t);
  }

  /** A strategy's first leg: mostly a watched contract (its legs then all watched), else the active set. */
  private pickStrategyFirst(t: number, random: Random): { contract: OptionContractState; watched: boolean } | null {
    const n = this.watched.length;
    const fromWatched = n > 0 && random() < Math.min(0.8, n / (n + 10));
    const ref = fromWatched ? this.watched[Math.floor(random() * n)] : this.active.pick(random);
    if (ref && ref.contract === undefined) ref.contract = this.options.contract(ref.symbol);
    const contract = ref?.contract ?? null;
    if (!contract || contract.isExpired(t + 60_000) || contract.busyUntil > t) return null;
    return { contract, watched: fromWatched };
  }

  private rebuild(t: number): void {
    this.active.rebuild(t, this.options.underlyings);
    this.options.queue.push(t + ACTIVE_REBUILD_MS, () => this.rebuild(t + ACTIVE_REBUILD_MS));
  }

  private scheduleArrival(after: number): void {
    const gap = -Math.log(1 - this.random()) * this.meanGapMs;
    const at = after + Math.max(1, Math.round(gap));
    this.options.queue.push(at, () => this.arrive(at));
  }

  private arrive(t: number): void {
    this.scheduleArrival(t);
    const cases = this.caseOrders;
    // Drawn only when cases are on, so an ordinary market's stream of draws is unchanged.
    if (cases && this.random() < (this.options.cases as CaseMix).share) {
      cases.arrive(t);
      return;
    }
    const style = this.drawStyle();
    const whale = this.random() < (style === 'block' ? WHALE_BLOCK_SHARE : style === 'sweep' ? WHALE_SWEEP_SHARE : 0);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const ctx = this.context(this.pickContract(t), t);
      if (ctx && this.startStyle(style, whale, ctx)) return;
    }
  }

  private drawStyle(): Style {
    let u = this.random();
    for (const [style, share] of STYLE_MIX) {
      u -= share;
      if (u < 0) return style;
    }
    return 'retail';
  }

  private startStyle(style: Style, whale: boolean, ctx: StyleContext): boolean {
    switch (style) {
      case 'retail': return this.startPlans([planRetail(ctx)], ctx.t);
      case 'block': return this.startPlans([planBlock(ctx, whale)], ctx.t);
      case 'sweep': return this.startPlans([planSweep(ctx, whale)], ctx.t);
      case 'split': return this.startPlans([planSplit(ctx)], ctx.t);
      case 'repeater': return this.startRepeater(ctx);
      case 'spread': return this.startSpread(ctx);
    }
  }

  private startPlans(plans: ReadonlyArray<OrderPlan | null>, now: number): boolean {
    if (plans.some((p) => p === null)) return false;
    for (const plan of plans as OrderPlan[]) {
      const last = plan.prints[plan.prints.length - 1];
      plan.contract.busyUntil = Math.max(plan.contract.busyUntil, (last?.time ?? 0) + BUSY_GAP_MS);
      this.execution.start(plan, now);
    }
    return true;
  }

  /** Evaluation only: a watched contract's quote just shifted; sometimes a case prints against it (case-orders.ts). */
  quoteShifted(contract: OptionContractState, t: number): void {
    this.caseOrders?.quoteShifted(contract, t);
  }

  /** Watched contracts get a share that grows with how many there are, up to half the flow. */
  private pickContract(t: number): OptionContractState | null {
    const n = this.watched.length;
    const fromWatched = n > 0 && this.random() < Math.min(0.5, n / (n + 40));
    const ref = fromWatched ? this.watched[Math.floor(this.random() * n)] : this.active.pick(this.random);
    if (ref && ref.contract === undefined) ref.contract = this.options.contract(ref.symbol);
    const contract = ref?.contract ?? null;
    if (!contract || contract.isExpired(t + 60_000) || contract.busyUntil > t) return null;
    return contract;
  }

  private context(contract: OptionContractState | null, t: number): StyleContext | null {
    if (!contract) return null;
    contract.refresh(t);
    return { t, random: this.random, contract, nbbo: contract.nbbo() };
  }

  /** 3-5 separate orders on one contract at one price within a minute, each a single or a block. */
  private startRepeater(ctx: StyleContext): boolean {
    const direction = drawDirection(this.random, 0.65);
    const n = ctx.nbbo;
    const mid = n.bidCents > 0 ? insidePrice(n.bidCents, n.askCents, direction === 'BUY') : null;
    const asBlocks = mid !== null && this.random() < 0.3;
    if (!asBlocks && !canTrade(n, direction)) return false;
    const price = asBlocks && mid !== null ? mid : touchCents(n, direction);
    const group = `r${this.nextGroup++}`;
    const hits = 3 + Math.floor(this.random() * 3);
    const contract = ctx.contract;
    let time = ctx.t;
    for (let i = 0; i < hits && time - ctx.t <= 56_000; i++) {
      const size = asBlocks ? 100 + Math.floor(this.random() * 200) : 5 + Math.floor(this.random() * 45);
      const at = time;
      const hit = () => {
        if (contract.isExpired(at)) return;
        const hitCtx = this.context(contract, at);
        const plan = hitCtx ? planRepeaterHit(hitCtx, direction, price, size, group) : null;
        if (plan) this.execution.start(plan, at);
      };
      if (i === 0) hit();
      else this.options.queue.push(at, hit);
      contract.busyUntil = at + BUSY_GAP_MS;
      time += 4_000 + Math.floor(this.random() * 10_000);
    }
    return true;
  }

  /** Two legs of one underlying within 100 ms, each printed outside its own quote. */
  private startSpread(ctx: StyleContext): boolean {
    const c = ctx.contract.contract;
    const u = ctx.contract.underlying;
    const step = u.profile.strikeStep;
    const other = c.right === 'C' ? 'P' : 'C';
    const shape = this.random();
    const away = (1 + Math.floor(this.random() * 3)) * step;
    let right = c.right;
    let strike = c.strike;
    if (shape < 0.45) strike = c.strike + (c.right === 'C' ? away : -away);
    else if (shape < 0.7) right = other;
    else {
      right = other;
      strike = Math.round((2 * u.spot - c.strike) / step) * step;
    }
    strike = Math.round(strike * 1000) / 1000;
    if (strike <= 0) return false;
    const second = this.options.contract(formatSchwabSymbol({ root: c.root, expiry: c.expiry, right, strike }));
    if (!second || second === ctx.contract || second.isExpired(ctx.t + 60_000) || second.busyUntil > ctx.t) return false;
    const ctx2 = this.context(second, ctx.t);
    if (!ctx2) return false;
    const first: Direction = drawDirection(this.random);
    const sameWay = shape >= 0.45 && shape < 0.7;
    const secondDirection: Direction = sameWay ? first : first === 'BUY' ? 'SELL' : 'BUY';
    if (!canTrade(ctx.nbbo, first) || !canTrade(ctx2.nbbo, secondDirection)) return false;
    // Mostly 10-200 contracts, centred near 40.
    const size = Math.max(1, Math.round(40 * Math.exp(1.6 * (this.random() + this.random() - 1))));
    const venue = SPREAD_VENUES[Math.floor(this.random() * SPREAD_VENUES.length)] as string;
    const id = `s${this.nextSpread++}`;
    const leg1 = planSpreadLeg(ctx, first, ctx.t, size, venue, id);
    // Both legs must be printable now before the first one prints.
    if (!leg1 || !planSpreadLeg(ctx2, secondDirection, ctx.t, size, venue, id)) return false;
    this.startPlans([leg1], ctx.t);
    // The second leg is priced against its own quote when it prints, up to 80 ms later.
    const at = ctx.t + Math.floor(this.random() * 80);
    second.busyUntil = at + BUSY_GAP_MS;
    const leg2 = () => {
      const later = this.context(second, at);
      const plan = later ? planSpreadLeg(later, secondDirection, at, size, venue, id) : null;
      if (plan) this.execution.start(plan, at);
    };
    if (at === ctx.t) leg2();
    else this.options.queue.push(at, leg2);
    return true;
  }
}
