// Evaluation only (tools/eval): the cases mixed into the order flow (order-flow.ts), each a
// pattern the flow engine must read right: large prints in one conflated update, two orders at
// one price, a multi-leg order at the mids, a busted trade, a limit fill, a print against a quote
// that just moved. They are made on watched contracts, where the engine can see them. Without a
// CaseMix none of this runs and the ordinary flow draws exactly what it would.
import type { Random } from '../../util/random.ts';
import type { ContractRef } from './active-set.ts';
import type { EventQueue } from './event-queue.ts';
import type { SimCase } from './market.ts';
import { planLargePieces } from './multi-print-styles.ts';
import type { OptionContractState } from './option-contract.ts';
import type { OrderExecution } from './order-execution.ts';
import type { Direction, OrderPlan, StyleContext } from './order-plan.ts';
import { ATTEMPTS, BUSY_GAP_MS, drawDirection, offBookPrint } from './order-plan.ts';
import { planBlock, planLimitFill, planMidLeg, planQuoteMovePrint, planRetail } from './single-print-styles.ts';

/** Evaluation cases mixed into the flow (tools/eval): a share of arrivals, split by weight. */
export interface CaseMix {
  /** Fraction of arrivals that start a case instead of an ordinary order. */
  share: number;
  /** Relative weight of each case drawn on arrival (`quote-move` comes from quoteShifted). */
  weights: Partial<Record<SimCase, number>>;
  /** Chance that a shift of a watched contract's quote starts a `quote-move` case. */
  quoteMoveChance?: number;
}

/** What the cases share with the ordinary flow: its stream, queue, execution and watched contracts. */
export interface CaseFlow {
  cases: CaseMix;
  random: Random;
  queue: EventQueue;
  execution: OrderExecution;
  watched: readonly ContractRef[];
  isWatched(symbol: string): boolean;
  contract(symbol: string): OptionContractState | null;
  /** The contract refreshed to `t` and its NBBO, or null for no contract. */
  context(contract: OptionContractState | null, t: number): StyleContext | null;
  /** Starts the plans if none is null (each contract then busy for a while); false otherwise. */
  startPlans(plans: ReadonlyArray<OrderPlan | null>, now: number): boolean;
  /** The next spread id's number, shared with the ordinary spreads. */
  nextSpread(): number;
}

export class CaseOrders {
  private readonly flow: CaseFlow;
  private nextCase = 1;

  constructor(flow: CaseFlow) {
    this.flow = flow;
  }

  /** An arrival that starts a case: which is drawn once, then up to ATTEMPTS watched contracts are tried. */
  arrive(t: number): void {
    const which = this.drawCase(this.flow.cases);
    for (let attempt = 0; which !== null && attempt < ATTEMPTS; attempt++) {
      const ctx = this.flow.context(this.pickWatched(t), t);
      if (ctx && this.startCase(which, ctx)) return;
    }
  }

  /**
   * A watched contract's quote just shifted (bid and ask moved the same way). Sometimes an order
   * prints against the new quote 20-400 ms later, off the book, so the print and the moved quote
   * usually reach the client in one conflated update, the quote time first.
   */
  quoteShifted(contract: OptionContractState, t: number): void {
    const { cases, random, queue } = this.flow;
    if (!this.flow.isWatched(contract.symbol) || contract.busyUntil > t || contract.isExpired(t + 60_000)) return;
    if (random() >= (cases.quoteMoveChance ?? 0)) return;
    const at = t + 20 + Math.floor(random() * 380);
    contract.busyUntil = at + BUSY_GAP_MS;
    queue.push(at, () => {
      const ctx = this.flow.context(contract, at);
      const plan = ctx ? planQuoteMovePrint(ctx) : null;
      if (!plan) return;
      plan.case = 'quote-move';
      this.flow.execution.start(plan, at);
    });
  }

  private drawCase(cases: CaseMix): SimCase | null {
    const entries = Object.entries(cases.weights).filter(([, w]) => (w ?? 0) > 0) as [SimCase, number][];
    const sum = entries.reduce((n, [, w]) => n + w, 0);
    let u = this.flow.random() * sum;
    for (const [name, w] of entries) {
      u -= w;
      if (u < 0) return name;
    }
    return entries[entries.length - 1]?.[0] ?? null;
  }

  /** A watched contract that is free to trade: cases are made where the engine can see them. */
  private pickWatched(t: number): OptionContractState | null {
    const watched = this.flow.watched;
    const n = watched.length;
    if (n === 0) return null;
    const ref = watched[Math.floor(this.flow.random() * n)] as ContractRef;
    if (ref.contract === undefined) ref.contract = this.flow.contract(ref.symbol);
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
    return this.flow.startPlans(plans, now);
  }

  /**
   * Large prints that share one conflated update: a small order and, 100-700 ms later, a block
   * inside the spread (a third of the time); otherwise one order filled inside the spread in two
   * or three large pieces 100-400 ms apart (its truth is a SPLIT).
   */
  private startConflatedBlock(ctx: StyleContext): boolean {
    const { random, queue } = this.flow;
    const group = `c${this.nextCase++}`;
    if (random() < 1 / 3) {
      const small = planRetail(ctx);
      if (!small) return false;
      const at = ctx.t + 100 + Math.floor(random() * 600);
      const contract = ctx.contract;
      if (!this.startCasePlans([small], ctx.t, 'conflated-block', group)) return false;
      contract.busyUntil = Math.max(contract.busyUntil, at + BUSY_GAP_MS);
      queue.push(at, () => {
        const later = this.flow.context(contract, at);
        const block = later ? planBlock(later, false) : null;
        if (!block) return;
        block.case = 'conflated-block';
        block.caseGroup = group;
        this.flow.execution.start(block, at);
      });
      return true;
    }
    return this.startCasePlans([planLargePieces(ctx)], ctx.t, 'conflated-block', group);
  }

  /** Two separate orders at one price, the second 700-1,400 ms after the first. */
  private startSamePrice(ctx: StyleContext): boolean {
    const { random, queue } = this.flow;
    const first = planRetail(ctx);
    const print = first?.prints[0];
    if (!first || !print) return false;
    const group = `p${this.nextCase++}`;
    const contract = ctx.contract;
    const at = ctx.t + 700 + Math.floor(random() * 700);
    const price = print.priceCents;
    const direction: Direction = random() < 0.5 ? first.direction : drawDirection(random);
    const size = 1 + Math.floor(random() * 30);
    if (!this.startCasePlans([first], ctx.t, 'same-price', group)) return false;
    contract.busyUntil = Math.max(contract.busyUntil, at + BUSY_GAP_MS);
    queue.push(at, () => {
      const later = this.flow.context(contract, at);
      if (!later) return;
      const plan: OrderPlan = { contract, style: 'retail', direction, prints: [offBookPrint(later, at, price, size)], repeaterGroup: null, spreadId: null, case: 'same-price', caseGroup: group }
      this.flow.execution.start(plan, at);
    });
    return true;
  }

  /**
   * A multi-leg order on watched contracts of one underlying, every leg printed at or inside its
   * own mid within 3 ms: two legs 1:1 or 1:2, or a butterfly 1:2:1. A fifth are 1-4 lots.
   */
  private startMidSpread(ctx: StyleContext): boolean {
    const random = this.flow.random;
    const root = ctx.contract.contract.root;
    const others = this.flow.watched
      .map((r) => (r.contract === undefined ? (r.contract = this.flow.contract(r.symbol)) : r.contract))
      .filter((c): c is OptionContractState => !!c && c !== ctx.contract && c.contract.root === root && c.busyUntil <= ctx.t && !c.isExpired(ctx.t + 60_000));
    if (others.length === 0) return false;
    const legs = [ctx.contract];
    const want = random() < 0.3 ? 3 : 2;
    while (legs.length < want && others.length > 0) legs.push(others.splice(Math.floor(random() * others.length), 1)[0] as OptionContractState);
    if (legs.length < 2) return false;
    const base = random() < 0.2 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 56);
    const ratios = legs.length === 3 ? [1, 2, 1] : random() < 0.6 ? [1, 1] : [1, 2];
    const first = drawDirection(random);
    const flip = (d: Direction): Direction => (d === 'BUY' ? 'SELL' : 'BUY');
    const id = `m${this.flow.nextSpread()}`;
    const plans: OrderPlan[] = [];
    for (let i = 0; i < legs.length; i++) {
      const contract = legs[i] as OptionContractState;
      const legCtx = this.flow.context(contract, ctx.t);
      const direction = i % 2 === 0 ? first : flip(first);
      const plan = legCtx ? planMidLeg(legCtx, direction, ctx.t + Math.floor(random() * 4), base * (ratios[i] as number), id) : null;
      if (!plan) return false;
      plans.push(plan);
    }
    return this.startCasePlans(plans, ctx.t, 'mid-spread');
  }

  /** An ordinary single (or, a quarter of the time, a block) whose trade is busted 2-20 s later. */
  private startBust(ctx: StyleContext): boolean {
    const random = this.flow.random;
    const plan = random() < 0.25 ? planBlock(ctx, false) : planRetail(ctx);
    const last = plan?.prints[plan.prints.length - 1];
    if (!plan || !last) return false;
    plan.bustAt = last.time + 2_000 + Math.floor(random() * 18_000);
    if (!this.startCasePlans([plan], ctx.t, 'bust')) return false;
    // Nothing else prints on the contract until after the bust, so its update shows the fall alone.
    ctx.contract.busyUntil = Math.max(ctx.contract.busyUntil, plan.bustAt + BUSY_GAP_MS);
    return true;
  }
}
