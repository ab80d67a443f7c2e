// The contract between the simulated market (market/) and the Schwab-protocol server (server/).
// The market is deterministic for a seed: the same seed, start time and sequence of calls give
// the same quotes, books, bars, trades and ground truth.
import type { Bar, Book, EquityQuote, OptionQuote } from '../../../shared/domain/market.ts';
import type { FlowKind } from '../../../shared/domain/flow.ts';
import type { StrategyType } from '../../../shared/domain/strategy.ts';

export interface SimulatorMarketOptions {
  seed: number;
  /** Simulated start time (epoch ms); the market's clock only moves through advanceTo. */
  start: number;
  /** Order arrival rate multiplier: 1 is a lively demo; 100 is the load test. */
  intensity: number;
  /**
   * Price levels per side in OPTIONS_BOOK, 1..50; 1 when absent, the shape of a live options
   * book (one level per side, up to 16 venues on it). More levels show the venues quoting behind
   * the touch as a ladder.
   */
  bookLevels?: number;
  /** Underlyings to simulate; defaults to SPY, QQQ, IWM, AAPL, NVDA, TSLA, AMZN, META. */
  underlyings?: readonly string[];
  /**
   * Evaluation only: keep the ground truth of book events (bookTruth()) for watched contracts,
   * each read every market step so no re-post is missed. Off, the market is exactly the product's.
   */
  bookTruth?: boolean;
  /**
   * The day's open interest per padded option symbol, for a market that starts the day after
   * another: that market's nextDayOpenInterest(). Contracts not listed start from their seeds.
   */
  openInterest?: Readonly<Record<string, number>>;
}

export type BookTruthSide = 'bid' | 'ask';

/**
 * What really happened at a venue on the touch, for the evaluation of book events; the engine and
 * the detector never read it. Prices in dollars, times epoch ms.
 * - `refill`: a trade took size from the venue at the side's touch price (`takenAt`), and the
 *   venue's next quote on that side (`time`, a refill or a re-post) shows `sizeAfter` at that
 *   same price (0 when it came back elsewhere or not at all).
 * - `pull`: the venue's size at the touch price shrank from `sizeBefore` to `sizeAfter` (0: it
 *   left) with no trade: a re-post showing less, or moving behind the touch, or a scripted pull.
 */
export interface BookTruthEvent {
  kind: 'refill' | 'pull';
  symbol: string;
  side: BookTruthSide;
  venue: string;
  price: number;
  time: number;
  /** The venue's size at that price before the trade (refill) or before the change (pull). */
  sizeBefore: number;
  sizeAfter: number;
  /** refill: what the trade took, and when. */
  taken?: number;
  takenAt?: number;
  /** Made through the fault endpoint (book-refill, book-pull), not by the market itself. */
  scripted?: boolean;
}

/** The fault endpoint's book-refill and book-pull: one venue on one side's touch. */
export interface BookScriptRequest {
  /** hold: no event, only the contract's prices held and its order flow quiet (see book-script.ts). */
  kind: 'refill' | 'pull' | 'hold';
  /** Schwab's padded 21-character option symbol. */
  symbol: string;
  side: BookTruthSide;
  /** A venue code at the touch; the market picks one when absent. */
  venue?: string;
}

export interface BookScriptDone {
  ok: true;
  symbol: string;
  side: BookTruthSide;
  venue: string;
  price: number;
  /** Contracts printed and refilled (refill) or pulled (pull). */
  size: number;
  /** Epoch ms of the print (refill) or the pull. */
  time: number;
}

export interface BookScriptRefused {
  ok: false;
  /** 'unknown-contract': not an option the market serves; 'not-at-touch': no such venue, or no touch. */
  reason: 'unknown-contract' | 'not-at-touch';
  message: string;
}

/** The fault endpoint's `strategy`: a multi-leg order whose first leg is `symbol`. */
export interface StrategyScriptRequest {
  type: StrategyType;
  /** Schwab's padded 21-character option symbol of the first leg. */
  symbol: string;
}

export type StrategyScriptAnswer =
  | { ok: true; id: string; type: StrategyType; symbols: string[]; time: number }
  | { ok: false; reason: 'unknown-contract' | 'no-legs'; message: string };

/** One trade print at one venue: the atom of the ground truth. */
export interface TruthPrint {
  time: number;
  venue: string;
  price: number;
  size: number;
}

/** The NBBO (national best bid and offer) in force just before an order's first print. */
export interface TruthQuote {
  time: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
}

/**
 * Cases the evaluation mixes in on purpose (tools/eval), each reproducing what a real tape
 * showed (shared/analytics/FLOW-RULES.md, version 3):
 * - `quote-move`: the quote moved, then a print came within the same second;
 * - `conflated-block`: large prints sharing one conflated update (a block after a small order,
 *   or one order's large pieces);
 * - `same-price`: two separate orders at one price about a second apart;
 * - `mid-spread`: a multi-leg order whose legs print at or inside their mids;
 * - `bust`: a trade busted seconds later (day volume falls by its size);
 * - `limit-fill`: a customer's resting limit order at the quote filled whole by a market maker.
 */
export type SimCase = 'quote-move' | 'conflated-block' | 'same-price' | 'mid-spread' | 'bust' | 'limit-fill';
export const SIM_CASES: readonly SimCase[] = ['quote-move', 'conflated-block', 'same-price', 'mid-spread', 'bust', 'limit-fill'];

/** What a parent order really was, for tests and the evaluation; the engine never reads it. */
export interface ParentOrderTruth {
  id: string;
  symbol: string;
  underlying: string;
  /** The kind the published rules should assign. */
  kind: FlowKind;
  /** How the simulator generated it. */
  style: 'retail' | 'block' | 'sweep' | 'split' | 'repeater' | 'spread-leg' | 'mid-spread' | 'limit-fill' | 'strategy-leg';
  direction: 'BUY' | 'SELL';
  /** True when the order crossed the spread (bought at/above the ask or sold at/below the bid). */
  aggressive: boolean;
  size: number;
  premium: number;
  multiplier: number;
  start: number;
  end: number;
  prints: TruthPrint[];
  /**
   * Whether the order opened positions or closed them: the open interest shown the next day moves
   * by its size (up or down). A close never takes more than the contract's open positions.
   */
  positionEffect: 'OPEN' | 'CLOSE';
  /** Orders of one repeater burst share this id. */
  repeaterGroup: string | null;
  /** Legs of one multi-leg order share this id. */
  spreadId: string | null;
  /** The strategy a multi-leg order's legs make, when it was generated as one (strategy-orders.ts). */
  strategyType?: StrategyType;
  /** The evaluation case this order belongs to, if it was mixed in as one. */
  case?: SimCase;
  /** Orders made together for one case (a small order and the block after it) share this id. */
  caseGroup?: string;
  /** When the trade was busted (day volume fell by its size), if it was. */
  bustedAt?: number;
  /** The quote `kind` and `aggressive` were judged against; the engine's own view may be up to
   *  a conflation interval older. */
  quoteBefore: TruthQuote;
  /** False while later prints are still to come (the record grows and may change kind). */
  complete: boolean;
}

export type { ChainQuery, SchwabChainContract, SchwabChainResponse } from '../../schwab/rest-types.ts';
import type { ChainQuery, SchwabChainResponse } from '../../schwab/rest-types.ts';

export interface SimulatorMarket {
  readonly underlyings: readonly string[];
  now(): number;
  /** Moves the market to `time`, generating quotes, trades, books and bars on the way. */
  advanceTo(time: number): void;
  /**
   * Full current Level 1 state of a contract, or null when the symbol is not a well-formed
   * option on a simulated underlying. Any well-formed symbol is served (created lazily).
   */
  optionQuote(symbol: string): OptionQuote | null;
  equityQuote(symbol: string): EquityQuote | null;
  /**
   * The whole book, best first, with up to `levels` price levels per side (the market's
   * bookLevels when absent); each venue carries the time of its own last change, in ms since
   * midnight New York time.
   */
  optionBook(symbol: string, levels?: number): Book | null;
  /** Completed minute bars with seq greater than `afterSeq` (seq increases per symbol). */
  barsAfter(symbol: string, afterSeq: number): Bar[];
  /**
   * Contracts that should trade (subscribed ones); the market also trades its own active set.
   * Additive and idempotent: call it with each SUBS/ADD's keys. Symbols that are not options on
   * a simulated underlying are ignored.
   */
  watch(symbols: readonly string[]): void;
  /** Stops favouring these contracts (UNSUBS); they may still trade if they are in the active set. */
  unwatch(symbols: readonly string[]): void;
  chain(underlying: string, query: ChainQuery): SchwabChainResponse | null;
  /** Ground truth of every parent order that has printed so far, in order of first print. */
  truth(): readonly ParentOrderTruth[];
  /**
   * The open interest each contract traded today will show the next day: today's plus what the
   * truth's orders opened, less what they closed (busted trades undone); unchanged when they netted out. Pass it as the
   * `openInterest` of a market that starts the next day. Markets that cannot carry a day leave it out.
   */
  nextDayOpenInterest?(): Record<string, number>;
  /**
   * Tests only (the fault endpoint): a print that takes a venue's whole size at the touch and
   * the same size back shortly after (refill), or the venue's size leaving with no print (pull),
   * now. Markets that cannot script their book leave it out.
   */
  scriptBook?(request: BookScriptRequest): BookScriptDone | BookScriptRefused;
  /**
   * Tests only (the fault endpoint): a multi-leg order of `type` starting on `symbol` now, its legs
   * on watched contracts when `symbol` is watched. Markets without strategies leave it out.
   */
  scriptStrategy?(request: StrategyScriptRequest): StrategyScriptAnswer;
  /** Evaluation only: book-event ground truth, kept when the market was made with bookTruth. */
  bookTruth?(): readonly BookTruthEvent[];
}
