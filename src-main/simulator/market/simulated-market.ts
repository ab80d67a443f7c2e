// The simulated market behind the embedded Schwab-protocol server: underlyings on seeded
// random walks, option quotes and books repriced from them, and parent orders with ground truth.
//
// Determinism: all state changes happen in advanceTo, in (time, insertion) order, from two
// seeded streams (the price paths and the order flow). Reads change nothing observable: a
// contract's quote and book are functions of its seed, the time and the trades it has had, so
// reading them (or creating them lazily) at any moment cannot alter what happens next.
import type { Bar, Book, BookLevel, EquityQuote, OptionQuote } from '../../../shared/domain/market.ts';
import { etMsSinceMidnight } from '../../../shared/time/eastern.ts';
import { seededRandom } from '../../util/random.ts';
import { hashKey } from './keyed-random.ts';
import { BookTruthTracker } from './book-truth.ts';
import type { BookScriptDone, BookScriptRefused, BookScriptRequest, BookTruthEvent, ChainQuery, ParentOrderTruth, SchwabChainResponse, SimulatorMarket, SimulatorMarketOptions, StrategyScriptAnswer, StrategyScriptRequest } from './market.ts';
import { MarketSteps } from './market-steps.ts';
import type { OptionContractState } from './option-contract.ts';
import { OrderFlow } from './order-flow.ts';
import { DEFAULT_UNDERLYINGS } from './profiles.ts';
import { dollars } from './ticks.ts';
import type { BookSide } from './venue-book.ts';
import { scriptBookEvent } from './book-script.ts';

const MAX_BOOK_LEVELS = 50;
/** Multi-leg strategies a second at intensity 1 (strategy-orders.ts), on top of the ordinary orders. */
const STRATEGIES_PER_SECOND = 0.25;
/** A live OPTIONS_BOOK has one price level per side: the NBBO split up by venue. */
export const DEFAULT_BOOK_LEVELS = 1;

export function createSimulatedMarket(options: SimulatorMarketOptions): SimulatorMarket {
  return new SimulatedMarket(options);
}

class SimulatedMarket implements SimulatorMarket {
  readonly underlyings: readonly string[];
  private readonly bookLevels: number;
  private readonly steps: MarketSteps;
  private readonly contracts = new Map<string, OptionContractState>();
  private readonly truthList: ParentOrderTruth[] = [];
  private readonly flow: OrderFlow;
  /** Evaluation only: book-event truth of the watched contracts (null: not kept). */
  private readonly bookTruthList: BookTruthEvent[] | null;
  private readonly trackers = new Map<OptionContractState, BookTruthTracker>();
  private readonly truthWatched = new Set<string>();
  private readonly dayOpenInterest: Readonly<Record<string, number>>;

  constructor(options: SimulatorMarketOptions) {
    if (!Number.isFinite(options.start)) throw new RangeError(`start must be an epoch ms, got ${options.start}`);
    if (!(options.intensity >= 0) || !Number.isFinite(options.intensity)) {
      throw new RangeError(`intensity must be a finite number >= 0, got ${options.intensity}`);
    }
    const seed = options.seed >>> 0;
    this.bookLevels = Math.max(1, Math.min(MAX_BOOK_LEVELS, Math.floor(options.bookLevels ?? DEFAULT_BOOK_LEVELS) || 1));
    const names = [...new Set((options.underlyings ?? DEFAULT_UNDERLYINGS).map((s) => s.trim().toUpperCase()))];
    this.underlyings = names.filter((s) => /^[A-Z][A-Z0-9.]{0,9}$/.test(s));
    this.steps = new MarketSteps(this.underlyings, seed, options.start, this.bookLevels);
    this.bookTruthList = options.bookTruth ? [] : null;
    this.dayOpenInterest = options.openInterest ?? {};
    this.flow = new OrderFlow({
      start: options.start,
      intensity: options.intensity,
      random: seededRandom(hashKey(seed, 2)),
      queue: this.steps.queue,
      underlyings: this.steps.simList,
      truth: this.truthList,
      seed,
      contract: (symbol) => this.contract(symbol, true),
      strategies: { perSecond: STRATEGIES_PER_SECOND, random: seededRandom(hashKey(seed, 3)) },
    });
  }

  now(): number {
    return this.steps.now();
  }

  advanceTo(target: number): void {
    this.steps.advanceTo(target, this.bookTruthList ? this.readWatched : null);
  }

  optionQuote(symbol: string): OptionQuote | null {
    return this.contract(symbol, false)?.quote(this.now()) ?? null;
  }

  equityQuote(symbol: string): EquityQuote | null {
    return this.steps.equityQuote(symbol);
  }

  optionBook(symbol: string, levels?: number): Book | null {
    const wanted = levels === undefined ? this.bookLevels : Math.floor(levels);
    const n = Math.max(1, Math.min(this.bookLevels, Number.isFinite(wanted) ? wanted : this.bookLevels));
    const contract = this.contract(symbol, false);
    return contract ? publishedBook(contract, this.now(), n) : null;
  }

  barsAfter(symbol: string, afterSeq: number): Bar[] {
    return this.steps.barsAfter(symbol, afterSeq);
  }

  watch(symbols: readonly string[]): void {
    this.flow.watch(symbols);
    if (this.bookTruthList) for (const symbol of symbols) this.truthWatched.add(symbol);
  }

  unwatch(symbols: readonly string[]): void {
    this.flow.unwatch(symbols);
    for (const symbol of symbols) this.truthWatched.delete(symbol);
  }

  scriptStrategy(request: StrategyScriptRequest): StrategyScriptAnswer {
    return this.flow.scriptStrategy(request, this.now());
  }

  scriptBook(request: BookScriptRequest): BookScriptDone | BookScriptRefused {
    const contract = this.contract(request.symbol, true);
    if (!contract) return { ok: false, reason: 'unknown-contract', message: `The simulator does not serve "${request.symbol}".` };
    return scriptBookEvent(contract, request, this.now(), this.trackers.get(contract) ?? null);
  }

  bookTruth(): readonly BookTruthEvent[] {
    return this.bookTruthList ?? [];
  }

  /** Evaluation only: every watched contract read each step, so its book truth misses no re-post. */
  private readonly readWatched = (t: number): void => {
    for (const symbol of this.truthWatched) this.contract(symbol, true)?.refresh(t);
  };

  chain(underlying: string, query: ChainQuery): SchwabChainResponse | null {
    return this.steps.chain(underlying, query, (symbol) => this.contract(symbol, false));
  }

  truth(): readonly ParentOrderTruth[] {
    return this.truthList;
  }

  nextDayOpenInterest(): Record<string, number> {
    const out: Record<string, number> = {};
    // Every contract that traded: one whose orders netted out keeps today's figure, not tomorrow's seed.
    for (const [symbol, c] of this.contracts) out[symbol] = Math.max(0, c.openInterest + c.netOpened);
    return out;
  }

  /**
   * The state of a padded Schwab option symbol on a simulated underlying, or null. Reads need
   * not keep a contract nothing has traded: a fresh one is identical, so memory stays bounded
   * when clients browse whole chains.
   */
  private contract(symbol: string, keep: boolean): OptionContractState | null {
    const known = this.contracts.get(symbol);
    if (known) return known;
    const state = this.steps.newContract(symbol, this.dayOpenInterest[symbol]);
    if (!state) return null;
    if (keep) {
      this.contracts.set(symbol, state);
      if (this.bookTruthList) this.track(state, this.bookTruthList);
    }
    return state;
  }

  private track(state: OptionContractState, out: BookTruthEvent[]): void {
    const tracker = new BookTruthTracker(
      { symbol: state.symbol, venues: state.book.venues, priceOf: (side, offset) => dollars(state.priceAt(side, offset)) },
      out,
    );
    state.book.observer = tracker;
    this.trackers.set(state, tracker);
  }
}

/**
 * A contract's book as OPTIONS_BOOK sends it: best first, at most `levels` per side, each venue
 * with its size and the time of its own last change (a re-post, a refill or a fill) in ms since
 * midnight New York time, so a venue that has not changed for a while shows an older time.
 */
function publishedBook(contract: OptionContractState, t: number, levels: number): Book {
  contract.refresh(t);
  if (contract.isExpired(t)) return { symbol: contract.symbol, time: t, receivedAt: t, bids: [], asks: [] };
  const side = (s: BookSide): BookLevel[] =>
    contract.offsetLevels(s, levels).map((level) => ({
      price: dollars(contract.priceAt(s, level.offset)),
      size: level.size,
      venueCount: level.venues.length,
      venues: level.venues.map((v) => ({ venue: v.venue, size: v.size, quoteTimeEtMs: etMsSinceMidnight(Math.min(v.time, t)) })),
    }));
  return { symbol: contract.symbol, time: t, receivedAt: t, bids: side('bid'), asks: side('ask') };
}
