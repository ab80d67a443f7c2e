// Parent orders arriving as a Poisson process over the active set and the watched contracts,
// in a mix of styles (retail singles, blocks, sweeps, splits, repeaters, two-leg spreads).
// Everything is drawn from one seeded stream in event order, so a seed and a call sequence
// always give the same orders.
import { formatSchwabSymbol } from '../../../shared/symbols/option-symbol.ts';
import type { Random } from '../../util/random.ts';
import { ActiveSet } from './active-set.ts';
import type { ContractRef } from './active-set.ts';
import type { EventQueue } from './event-queue.ts';
import type { ParentOrderTruth, SimCase, StrategyScriptAnswer, StrategyScriptRequest } from './market.ts';
import { planLargePieces, planSplit, planSweep } from './multi-print-styles.ts';
import type { OptionContractState } from './option-contract.ts';
import { OrderExecution } from './order-execution.ts';
import type { Direction, OrderPlan, StyleContext } from './order-plan.ts';
import { canTrade, drawDirection, offBookPrint, touchCents } from './order-plan.ts';
import { planBlock, planLimitFill, planMidLeg, planQuoteMovePrint, planRepeaterHit, planRetail, planSpreadLeg } from './single-print-styles.ts';
import { insidePrice } from './ticks.ts';
import { StrategyOrders } from './strategy-orders.ts';
import type { UnderlyingSim } from './underlying.ts';

/** Parent-order arrivals per second at intensity 1 (a repeater or a spread adds more orders). */
export const ARRIVALS_PER_SECOND = 3;
const ACTIVE_REBUILD_MS = 60_000;
/** Orders on one contract stay this far apart, so a 1 s conflated feed can tell them apart. */
const BUSY_GAP_MS = 3_000;
const ATTEMPTS = 8;
const STYLE_MIX: ReadonlyArray<readonly [Style, number]> = [
  ['retail', 0.55], ['block', 0.08], ['sweep', 0.14], ['split', 0.1], ['repeater', 0.04], ['spread', 0.09],
];
const WHALE_BLOCK_SHARE = 0.12;
const WHALE_SWEEP_SHARE = 0.06;
const SPREAD_VENUES = ['CBOE', 'ISEX', 'PHLX', 'MIAX', 'GMNI'];

type Style = 'retail' | 'block' | 'sweep' | 'split' | 'repeater' | 'spread';

/** Evaluation cases mixed into the flow (tools/eval): a share of arrivals, split by weight. */
export interface CaseMix {
  /** Fraction of arrivals that start a case instead of an ordinary order. */
  share: number;
  /** Relative weight of each case drawn on arrival (`quote-move` comes from quoteShifted). */
  weights: Partial<Record<SimCase, number>>;
  /** Chance that a shift of a watched contract's quote starts a `quote-move` case. */
  quoteMoveChance?: number;
}

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
  private nextCase = 1;
  private readonly strategies: StrategyOrders | null;

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
    const cases = this.options.cases;
    // Drawn only when cases are on, so an ordinary market's stream of draws is unchanged.
    if (cases && this.random() < cases.share) {
      const which = this.drawCase(cases);
      for (let attempt = 0; which !== null && attempt < ATTEMPTS; attempt++) {
        const ctx = this.context(this.pickWatched(t), t);
        if (ctx && this.startCase(which, ctx)) return;
      }
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

  private drawCase(cases: CaseMix): SimCase | null {
    const entries = Object.entries(cases.weights).filter(([, w]) => (w ?? 0) > 0) as [SimCase, number][];
    const sum = entries.reduce((n, [, w]) => n + w, 0);
    let u = this.random() * sum;
    for (const [name, w] of entries) {
      u -= w;
      if (u < 0) return name;
    }
    return entries[entries.length - 1]?.[0] ?? null;
  }

  /** A watched contract that is free to trade: cases are made where the engine can see them. */
  private pickWatched(t: number): OptionContractState | null {
    const n = this.watched.length;
    if (n === 0) return null;
    const ref = this.watched[Math.floor(this.random() * n)] as ContractRef;
    if (ref.contract === undefined) ref.contract = this.options.contract(ref.symbol);
    const contract = ref.contract ?? null;
    if (!contract || contract.isExpired(t + 60_000) || contract.busyUntil > t) return null;
    return contract;
  }

  private startCase(which: SimCase, ctx: StyleContext): boolean {
    switch (which) {
      case 'conflated-block': return this.startConflatedBlock(ctx);
      case 'same-price': return this.startSamePrice(ctx);
      case 'mid-spread': return this.startMidSpread(ctx);
      case 'bust': return this.startBust(ctx);
      case 'limit-fill': return this.startCasePlans([planLimitFill(ctx)], ctx.t, 'limit-fill');
      case 'quote-move': return false;
    }
  }

  private startCasePlans(plans: ReadonlyArray<OrderPlan | null>, now: number, which: SimCase, group?: string): boolean {
    if (plans.some((p) => p === null)) return false;
    for (const plan of plans as OrderPlan[]) {
      plan.case = which;
      if (group !== undefined) plan.caseGroup = group;
    }
    return this.startPlans(plans, now);
  }

  /**
   * Evaluation only: a watched contract's quote just shifted (bid and ask moved the same way).
   * Sometimes an order prints against the new quote 20-400 ms later, off the book, so the print
   * and the moved quote usually reach the client in one conflated update, the quote time first.
   */
  quoteShifted(contract: OptionContractState, t: number): void {
    const cases = this.options.cases;
    if (!cases || !this.watchedRefs.has(contract.symbol) || contract.busyUntil > t || contract.isExpired(t + 60_000)) return;
    if (this.random() >= (cases.quoteMoveChance ?? 0)) return;
    const at = t + 20 + Math.floor(this.random() * 380);
    contract.busyUntil = at + BUSY_GAP_MS;
    this.options.queue.push(at, () => {
      const ctx = this.context(contract, at);
      const plan = ctx ? planQuoteMovePrint(ctx) : null;
      if (!plan) return;
      plan.case = 'quote-move';
      this.execution.start(plan, at);
    });
  }

  /**
   * Large prints that share one conflated update: a small order and, 100-700 ms later, a block
   * inside the spread (a third of the time); otherwise one order filled inside the spread in two
   * or three large pieces 100-400 ms apart (its truth is a SPLIT).
   */
  private startConflatedBlock(ctx: StyleContext): boolean {
    const group = `c${this.nextCase++}`;
    if (this.random() < 1 / 3) {
      const small = planRetail(ctx);
      if (!small) return false;
      const at = ctx.t + 100 + Math.floor(this.random() * 600);
      const contract = ctx.contract;
      if (!this.startCasePlans([small], ctx.t, 'conflated-block', group)) return false;
      contract.busyUntil = Math.max(contract.busyUntil, at + BUSY_GAP_MS);
      this.options.queue.push(at, () => {
        const later = this.context(contract, at);
        const block = later ? planBlock(later, false) : null;
        if (!block) return;
        block.case = 'conflated-block';
        block.caseGroup = group;
        this.execution.start(block, at);
      });
      return true;
    }
    return this.startCasePlans([planLargePieces(ctx)], ctx.t, 'conflated-block', group);
  }

  /** Two separate orders at one price, the second 700-1,400 ms after the first. */
  private startSamePrice(ctx: StyleContext): boolean {
    const first = planRetail(ctx);
    const print = first?.prints[0];
    if (!first || !print) return false;
    const group = `p${this.nextCase++}`;
    const contract = ctx.contract;
    const at = ctx.t + 700 + Math.floor(this.random() * 700);
    const price = print.priceCents;
    const direction: Direction = this.random() < 0.5 ? first.direction : drawDirection(this.random);
    const size = 1 + Math.floor(this.random() * 30);
    if (!this.startCasePlans([first], ctx.t, 'same-price', group)) return false;
    contract.busyUntil = Math.max(contract.busyUntil, at + BUSY_GAP_MS);
    this.options.queue.push(at, () => {
      const later = this.context(contract, at);
      if (!later) return;
      const plan: OrderPlan = { contract, style: 'retail', direction, prints: [offBookPrint(later, at, price, size)], repeaterGroup: null, spreadId: null, case: 'same-price', caseGroup: group };
      this.execution.start(plan, at);
    });
    return true;
  }

  /**
   * A multi-leg order on watched contracts of one underlying, every leg printed at or inside its
   * own mid within 3 ms: two legs 1:1 or 1:2, or a butterfly 1:2:1. A fifth are 1-4 lots.
   */
  private startMidSpread(ctx: StyleContext): boolean {
    const root = ctx.contract.contract.root;
    const others = this.watched
      .map((r) => (r.contract === undefined ? (r.contract = this.options.contract(r.symbol)) : r.contract))
      .filter((c): c is OptionContractState => !!c && c !== ctx.contract && c.contract.root === root && c.busyUntil <= ctx.t && !c.isExpired(ctx.t + 60_000));
    if (others.length === 0) return false;
    const legs = [ctx.contract];
    const want = this.random() < 0.3 ? 3 : 2;
    while (legs.length < want && others.length > 0) legs.push(others.splice(Math.floor(this.random() * others.length), 1)[0] as OptionContractState);
    if (legs.length < 2) return false;
    const base = this.random() < 0.2 ? 1 + Math.floor(this.random() * 4) : 5 + Math.floor(this.random() * 56);
    const ratios = legs.length === 3 ? [1, 2, 1] : this.random() < 0.6 ? [1, 1] : [1, 2];
    const first = drawDirection(this.random);
    const flip = (d: Direction): Direction => (d === 'BUY' ? 'SELL' : 'BUY');
    const id = `m${this.nextSpread++}`;
    const plans: OrderPlan[] = [];
    for (let i = 0; i < legs.length; i++) {
      const contract = legs[i] as OptionContractState;
      const legCtx = this.context(contract, ctx.t);
      const direction = i % 2 === 0 ? first : flip(first);
      const plan = legCtx ? planMidLeg(legCtx, direction, ctx.t + Math.floor(this.random() * 4), base * (ratios[i] as number), id) : null;
      if (!plan) return false;
      plans.push(plan);
    }
    return this.startCasePlans(plans, ctx.t, 'mid-spread');
  }

  /** An ordinary single (or, a quarter of the time, a block) whose trade is busted 2-20 s later. */
  private startBust(ctx: StyleContext): boolean {
    const plan = this.random() < 0.25 ? planBlock(ctx, false) : planRetail(ctx);
    const last = plan?.prints[plan.prints.length - 1];
    if (!plan || !last) return false;
    plan.bustAt = last.time + 2_000 + Math.floor(this.random() * 18_000);
    if (!this.startCasePlans([plan], ctx.t, 'bust')) return false;
    // Nothing else prints on the contract until after the bust, so its update shows the fall alone.
    ctx.contract.busyUntil = Math.max(ctx.contract.busyUntil, plan.bustAt + BUSY_GAP_MS);
    return true;
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
