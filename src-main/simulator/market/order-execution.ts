// Runs planned prints at their exact times and keeps each order's ground truth in step with
// what it actually printed: the kind and the aggressor flag are re-judged after every print.
import type { ParentOrderTruth, TruthQuote } from './market.ts';
import type { OptionContractState } from './option-contract.ts';
import { MULTIPLIER } from './option-contract.ts';
import { crossedSpread, kindByRules } from './order-kind.ts';
import type { OrderPlan, PlannedPrint } from './order-plan.ts';
import { dollars } from './ticks.ts';
import type { EventQueue } from './event-queue.ts';
import type { Random } from '../../util/random.ts';
import { hashString, unitOf } from './keyed-random.ts';

const MIN_REFILL_MS = 150;
/** The share of orders that open positions (the rest close them, where there are enough open). */
export const OPENING_SHARE = 0.6;
const MAX_REFILL_MS = 2500;

interface LiveOrder {
  plan: OrderPlan;
  truth: ParentOrderTruth;
  premiumCents: number;
  /** Prints still to run, executed or skipped. */
  remaining: number;
  /** Bit per venue index emptied at the touch (books have at most 15 venues). */
  depleted: number;
}

function nbboQuote(contract: OptionContractState): TruthQuote {
  const n = contract.nbbo();
  return { time: contract.quoteTime(), bid: dollars(n.bidCents), ask: dollars(n.askCents), bidSize: n.bidSize, askSize: n.askSize };
}

function effectOf(truth: ParentOrderTruth): 1 | -1 {
  return truth.positionEffect === 'OPEN' ? 1 : -1;
}

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

export class OrderExecution {
  private readonly queue: EventQueue;
  private readonly random: Random;
  private readonly truthList: ParentOrderTruth[];
  private nextId = 1;

  private readonly seed: number;

  /** `seed` keys each order's opening-or-closing draw, so adding it changed no other draw. */
  constructor(queue: EventQueue, random: Random, truthList: ParentOrderTruth[], seed = 0) {
    this.queue = queue;
    this.random = random;
    this.truthList = truthList;
    this.seed = seed;
  }

  /** Schedules every print of the plan; a print due now runs at once. */
  start(plan: OrderPlan, now: number): void {
    const c = plan.contract;
    const first = plan.prints[0];
    if (!first) return;
    const id = `o${this.nextId++}`;
    const planned = plan.prints.reduce((n, p) => n + p.size, 0);
    // Closing needs open positions: a close larger than what is open now is an opening.
    const closes = unitOf(this.seed, hashString(id), 0x0be1) >= OPENING_SHARE && planned <= c.openInterest + c.netOpened;
    const truth: ParentOrderTruth = {
      id,
      symbol: c.symbol,
      underlying: c.underlying.symbol,
      kind: 'SINGLE',
      style: plan.style,
      direction: plan.direction,
      aggressive: false,
      size: 0,
      premium: 0,
      multiplier: MULTIPLIER,
      start: first.time,
      end: first.time,
      prints: [],
      positionEffect: closes ? 'CLOSE' : 'OPEN',
      repeaterGroup: plan.repeaterGroup,
      spreadId: plan.spreadId,
      quoteBefore: { time: first.time, bid: 0, ask: 0, bidSize: 0, askSize: 0 },
      complete: false,
    };
    if (plan.strategyType !== undefined) truth.strategyType = plan.strategyType;
    if (plan.case !== undefined) truth.case = plan.case;
    if (plan.caseGroup !== undefined) truth.caseGroup = plan.caseGroup;
    const order: LiveOrder = { plan, truth, premiumCents: 0, remaining: plan.prints.length, depleted: 0 };
    for (const print of plan.prints) {
      if (print.time <= now) this.runPrint(order, print);
      else this.queue.push(print.time, () => this.runPrint(order, print));
    }
    const bustAt = plan.bustAt;
    if (bustAt !== undefined) this.queue.push(bustAt, () => this.bust(order, bustAt));
  }

  /** Busts the order's trades: day volume falls by what it printed, as Level 1 then shows. */
  private bust(order: LiveOrder, at: number): void {
    const { truth } = order;
    const c = order.plan.contract;
    if (truth.size <= 0 || c.isExpired(at)) return;
    c.volume -= truth.size;
    c.netOpened -= effectOf(truth) * truth.size;
    truth.bustedAt = at;
  }

  private runPrint(order: LiveOrder, p: PlannedPrint): void {
    const { truth } = order;
    const c = order.plan.contract;
    const t = p.time;
    order.remaining--;
    if (order.remaining === 0) truth.complete = true;
    c.refresh(t);
    if (c.isExpired(t)) return;
    if (truth.prints.length === 0) {
      truth.quoteBefore = nbboQuote(c);
      truth.start = t;
      this.truthList.push(truth);
    }
    const take = p.take;
    // A take applies only while the ladder step still has the planned price (theo may have moved).
    if (take && c.priceAt(take.side, take.offset) === p.priceCents) {
      const delay = MIN_REFILL_MS + Math.floor(this.random() * (MAX_REFILL_MS - MIN_REFILL_MS));
      const result = c.take(take.side, p.venueIndex, take.offset, p.size, t, delay);
      if (result.emptied && take.atTouch) order.depleted |= 1 << p.venueIndex;
      if (p.refill) c.book.planRefill(take.side, p.venueIndex, p.refill.at, p.refill.offset, p.refill.minSize);
    }
    c.applyPrint(t, p.priceCents, p.size);
    c.netOpened += effectOf(truth) * p.size;
    truth.prints.push({ time: t, venue: p.venue, price: dollars(p.priceCents), size: p.size });
    order.premiumCents += p.priceCents * p.size;
    truth.size += p.size;
    truth.premium = Math.round(order.premiumCents * MULTIPLIER) / 100;
    truth.end = t;
    truth.aggressive = crossedSpread(truth.direction, truth.prints, truth.quoteBefore);
    truth.kind = kindByRules({
      direction: truth.direction,
      prints: truth.prints,
      before: truth.quoteBefore,
      depletedVenues: bitCount(order.depleted),
      multiplier: MULTIPLIER,
    });
  }
}
