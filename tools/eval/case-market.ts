// The simulated market of src-main/simulator/market/simulated-market.ts, on the same steps
// (market-steps.ts) and order flow, with the evaluation's cases mixed into its order flow (OrderFlowOptions.cases; the product's
// market never turns them on) and Level 1 quote times as a real tape has them: field 38 is when
// this contract's own quote (bid, ask or a size) last changed. The product's simulator stamps a
// contract's quote at every tick of its underlying, so a print is almost never later than the
// quote carried with it; on a real tape it often is (FLOW-RULES.md §2, step 5a).
import type { Bar, Book, EquityQuote, OptionQuote } from '../../shared/domain/market.ts';
import { seededRandom } from '../../src-main/util/random.ts';
import { hashKey } from '../../src-main/simulator/market/keyed-random.ts';
import type { ChainQuery, ParentOrderTruth, SchwabChainResponse, SimulatorMarket } from '../../src-main/simulator/market/market.ts';
import { MarketSteps } from '../../src-main/simulator/market/market-steps.ts';
import type { Nbbo, OptionContractState } from '../../src-main/simulator/market/option-contract.ts';
import { OrderFlow, type CaseMix } from '../../src-main/simulator/market/order-flow.ts';
import { DEFAULT_UNDERLYINGS } from '../../src-main/simulator/market/profiles.ts';

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
  private readonly bookLevels: number;
  private readonly steps: MarketSteps;
  private readonly contracts = new Map<string, OptionContractState>();
  private readonly truthList: ParentOrderTruth[] = [];
  private readonly flow: OrderFlow;
  private readonly watched = new Map<string, OptionContractState>();
  private readonly seen = new Map<string, Seen>();

  constructor(options: CaseMarketOptions) {
    const seed = options.seed >>> 0;
    this.bookLevels = Math.max(1, Math.min(50, Math.floor(options.bookLevels)));
    this.underlyings = [...DEFAULT_UNDERLYINGS];
    this.steps = new MarketSteps(this.underlyings, seed, options.start, this.bookLevels);
    this.flow = new OrderFlow({
      start: options.start,
      intensity: options.intensity,
      random: seededRandom(hashKey(seed, 2)),
      queue: this.steps.queue,
      underlyings: this.steps.simList,
      truth: this.truthList,
      contract: (symbol) => this.contract(symbol, true),
      cases: options.cases,
    });
  }

  now(): number {
    return this.steps.now();
  }

  advanceTo(target: number): void {
    this.steps.advanceTo(target, this.look);
  }

  optionQuote(symbol: string): OptionQuote | null {
    const contract = this.contract(symbol, false);
    if (!contract) return null;
    const t = this.now();
    const quote = contract.quote(t);
    const seen = this.watched.has(symbol) ? this.note(contract, t) : null;
    return seen ? { ...quote, quoteTime: seen.changedAt } : quote;
  }

  equityQuote(symbol: string): EquityQuote | null {
    return this.steps.equityQuote(symbol);
  }

  optionBook(symbol: string, levels?: number): Book | null {
    const n = Math.max(1, Math.min(this.bookLevels, levels ?? this.bookLevels));
    return this.contract(symbol, false)?.fullBook(this.now(), n) ?? null;
  }

  barsAfter(symbol: string, afterSeq: number): Bar[] {
    return this.steps.barsAfter(symbol, afterSeq);
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
    return this.steps.chain(underlying, query, (symbol) => this.contract(symbol, false));
  }

  truth(): readonly ParentOrderTruth[] {
    return this.truthList;
  }

  /** After each step: note every watched contract's quote; a shift may start a `quote-move` case. */
  private readonly look = (t: number): void => {
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
  };

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
    const state = this.steps.newContract(symbol);
    if (!state) return null;
    if (keep) this.contracts.set(symbol, state);
    return state;
  }
}
