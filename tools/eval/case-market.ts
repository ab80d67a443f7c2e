// The simulated market of src-main/simulator/market/simulated-market.ts, built from the same parts,
// with the evaluation's cases mixed into its order flow (OrderFlowOptions.cases; the product's
// market never turns them on) and Level 1 quote times as a real tape has them: field 38 is when
// this contract's own quote (bid, ask or a size) last changed. The product's simulator stamps a
// contract's quote at every tick of its underlying, so a print is almost never later than the
// quote carried with it; on a real tape it often is (FLOW-RULES.md §2, step 5a).
import type { Bar, Book, EquityQuote, OptionQuote } from '../../shared/domain/market.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { seededRandom, type Random } from '../../src-main/util/random.ts';
import { buildChain } from '../../src-main/simulator/market/chain.ts';
import { EventQueue } from '../../src-main/simulator/market/event-queue.ts';
import { expiryCloseMs } from '../../src-main/simulator/market/expiries.ts';
import { hashKey } from '../../src-main/simulator/market/keyed-random.ts';
import type { ChainQuery, ParentOrderTruth, SchwabChainResponse, SimulatorMarket } from '../../src-main/simulator/market/market.ts';
import { OptionContractState, type Nbbo } from '../../src-main/simulator/market/option-contract.ts';
import { OrderFlow, type CaseMix } from '../../src-main/simulator/market/order-flow.ts';
import { DEFAULT_UNDERLYINGS, profileOf } from '../../src-main/simulator/market/profiles.ts';
import { STEP_MS, UnderlyingSim } from '../../src-main/simulator/market/underlying.ts';

export interface CaseMarketOptions {
  seed: number;
  start: number;
  intensity: number;
  bookLevels: number;
  cases: CaseMix;
}

interface Seen {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  /** When this contract's quote last changed, as far as the market has looked. */
  changedAt: number;
}

export class CaseMarket implements SimulatorMarket {
  readonly underlyings: readonly string[];
  private time: number;
  private stepTime: number;
  private readonly seed: number;
  private readonly start: number;
  private readonly bookLevels: number;
  private readonly sims = new Map<string, UnderlyingSim>();
  private readonly simList: UnderlyingSim[];
  private readonly contracts = new Map<string, OptionContractState>();
  private readonly queue = new EventQueue();
  private readonly truthList: ParentOrderTruth[] = [];
  private readonly pathRandom: Random;
  private readonly flow: OrderFlow;
  private readonly watched = new Map<string, OptionContractState>();
  private readonly seen = new Map<string, Seen>();

  constructor(options: CaseMarketOptions) {
    this.seed = options.seed >>> 0;
    this.start = options.start;
    this.time = options.start;
    this.stepTime = options.start;
    this.bookLevels = Math.max(1, Math.min(50, Math.floor(options.bookLevels)));
    this.underlyings = [...DEFAULT_UNDERLYINGS];
    this.simList = this.underlyings.map((symbol) => new UnderlyingSim(profileOf(symbol), options.start, this.seed));
    for (const sim of this.simList) this.sims.set(sim.symbol, sim);
    this.pathRandom = seededRandom(hashKey(this.seed, 1));
    this.flow = new OrderFlow({
      start: options.start,
      intensity: options.intensity,
      random: seededRandom(hashKey(this.seed, 2)),
      queue: this.queue,
      underlyings: this.simList,
      truth: this.truthList,
      contract: (symbol) => this.contract(symbol, true),
      cases: options.cases,
    });
  }

  now(): number {
    return this.time;
  }

  advanceTo(target: number): void {
    if (!(target > this.time)) return;
    for (;;) {
      const nextStep = this.stepTime + STEP_MS;
      const nextEvent = this.queue.peekTime();
      if (nextStep <= target && nextStep <= nextEvent) {
        this.time = nextStep;
        this.stepTime = nextStep;
        for (const sim of this.simList) sim.step(nextStep, this.pathRandom);
        this.look(nextStep);
      } else if (nextEvent <= target) {
        this.time = nextEvent;
        this.queue.pop()?.run();
      } else {
        break;
      }
    }
    this.time = target;
  }

  optionQuote(symbol: string): OptionQuote | null {
    const contract = this.contract(symbol, false);
    if (!contract) return null;
    const quote = contract.quote(this.time);
    const seen = this.watched.has(symbol) ? this.note(contract, this.time) : null;
    return seen ? { ...quote, quoteTime: seen.changedAt } : quote;
  }

  equityQuote(symbol: string): EquityQuote | null {
    return this.sims.get(symbol)?.equityQuote() ?? null;
  }

  optionBook(symbol: string, levels?: number): Book | null {
    const n = Math.max(1, Math.min(this.bookLevels, levels ?? this.bookLevels));
    return this.contract(symbol, false)?.fullBook(this.time, n) ?? null;
  }

  barsAfter(symbol: string, afterSeq: number): Bar[] {
    return this.sims.get(symbol)?.barsAfter(afterSeq) ?? [];
  }

  watch(symbols: readonly string[]): void {
    this.flow.watch(symbols);
    for (const symbol of symbols) {
      const contract = this.contract(symbol, true);
      if (contract) this.watched.set(symbol, contract);
    }
  }

  unwatch(symbols: readonly string[]): void {
    this.flow.unwatch(symbols);
    for (const symbol of symbols) this.watched.delete(symbol);
  }

  chain(underlying: string, query: ChainQuery): SchwabChainResponse | null {
    const sim = this.sims.get(underlying);
    if (!sim) return null;
    return buildChain(sim, this.time, query, (symbol) => this.contract(symbol, false));
  }

  truth(): readonly ParentOrderTruth[] {
    return this.truthList;
  }

  /** After each step: note every watched contract's quote; a shift may start a `quote-move` case. */
  private look(t: number): void {
    for (const contract of this.watched.values()) {
      if (contract.isExpired(t)) continue;
      const before = this.seen.get(contract.symbol);
      const bid = before?.bid;
      const ask = before?.ask;
      const seen = this.note(contract, t);
      if (bid === undefined || ask === undefined || seen.changedAt !== t) continue;
      const up = seen.bid > bid && seen.ask > ask;
      const down = seen.bid < bid && seen.ask < ask;
      if (up || down) this.flow.quoteShifted(contract, t);
    }
  }

  /** The contract's quote now; a change since the last look is stamped now (never earlier). */
  private note(contract: OptionContractState, t: number): Seen {
    contract.refresh(t);
    const n: Nbbo = contract.nbbo();
    let seen = this.seen.get(contract.symbol);
    if (!seen) {
      seen = { bid: n.bidCents, ask: n.askCents, bidSize: n.bidSize, askSize: n.askSize, changedAt: t };
      this.seen.set(contract.symbol, seen);
    } else if (seen.bid !== n.bidCents || seen.ask !== n.askCents || seen.bidSize !== n.bidSize || seen.askSize !== n.askSize) {
      seen.bid = n.bidCents;
      seen.ask = n.askCents;
      seen.bidSize = n.bidSize;
      seen.askSize = n.askSize;
      seen.changedAt = t;
    }
    return seen;
  }

  private contract(symbol: string, keep: boolean): OptionContractState | null {
    const known = this.contracts.get(symbol);
    if (known) return known;
    const parsed = tryParseOptionSymbol(symbol);
    if (!parsed.ok || parsed.contract.symbol !== symbol) return null;
    const sim = this.sims.get(parsed.contract.root);
    if (!sim) return null;
    const state = new OptionContractState(parsed.contract, sim, expiryCloseMs(parsed.contract.expiry), this.seed, this.start, this.bookLevels);
    if (keep) this.contracts.set(symbol, state);
    return state;
  }
}
