// One option contract's live state: its reference quote from theo, the venue book around it,
// the NBBO and the Level 1 fields Schwab sends. Reads reprice lazily: theo is recomputed only
// when the underlying has stepped since the last read, and the book catches up to the read time.
import type { Book, BookLevel, OptionContract, OptionQuote } from '../../../shared/domain/market.ts';
import { etMsSinceMidnight } from '../../../shared/time/eastern.ts';
import { contractSeeds } from './contract-seeds.ts';
import { ceilToTick, dollars, floorToTick, tickDown, tickUp } from './ticks.ts';
import type { UnderlyingSim } from './underlying.ts';
import { MAX_OFFSET, VenueBook } from './venue-book.ts';
import { MAX_ENTRIES } from './venue-draws.ts';

const MAX_LADDER_DEPTH = MAX_ENTRIES - 1;
import type { BookSide, OffsetLevel, TakeResult } from './venue-book.ts';
import { theoOf } from './volatility.ts';
import type { Theo } from './volatility.ts';

export const MULTIPLIER = 100;
/** The widest reference spread, in cents, however deep in the money. */
const MAX_WIDTH_CENTS = 120;

export interface Nbbo {
  /** 0 when nobody bids. */
  bidCents: number;
  askCents: number;
  bidSize: number;
  askSize: number;
  /** Ticks from the reference price of the touch, null when the side is empty. */
  bidOffset: number | null;
  askOffset: number | null;
  bidVenues: number;
  askVenues: number;
}

function description(c: OptionContract): string {
  return `${c.root} ${c.expiry.slice(5, 7)}/${c.expiry.slice(8, 10)}/${c.expiry.slice(0, 4)} ${c.strike.toFixed(2)} ${c.right}`;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

export class OptionContractState {
  readonly symbol: string;
  readonly contract: OptionContract;
  readonly underlying: UnderlyingSim;
  readonly expiryClose: number;
  readonly seed: number;
  readonly liquidity: number;
  /** The day's open interest, fixed all day as on a real exchange (it moves overnight). */
  readonly openInterest: number;
  /**
   * Contracts opened less contracts closed today by the orders' truth (ParentOrderTruth's
   * positionEffect): tomorrow's open interest is openInterest + this.
   */
  netOpened = 0;
  readonly close: number;
  readonly book: VenueBook;
  volume: number;
  last: number;
  lastSize: number;
  high: number;
  low: number;
  tradeTime: number;
  /** No new parent order starts on this contract before this time (keeps orders apart). */
  busyUntil = -Infinity;
  /**
   * Tests only (market/book-script.ts): theo, and with it every price on the ladder, holds still
   * before this time, so a scripted book event is seen at one price.
   */
  pricesHeldUntil = -Infinity;
  private readonly description: string;
  private readonly ivTilt: number;
  private readonly spreadFraction: number;
  private theoStep = -1;
  private theo: Theo = { price: 0, delta: 0, gamma: 0, theta: 0, vega: 0, ivPercent: 0 };
  private readonly bidLadder = new Int32Array(MAX_OFFSET + 1);
  private readonly askLadder = new Int32Array(MAX_OFFSET + 1);
  /** Deepest bid offset whose price is above zero; -1 when the reference bid is zero. */
  private maxBidOffset = -1;

  constructor(
    contract: OptionContract,
    underlying: UnderlyingSim,
    expiryClose: number,
    marketSeed: number,
    marketStart: number,
    bookLevels = 10,
    /** The day's open interest when a previous day's orders set it (a next-day market). */
    openInterest?: number,
  ) {
    this.symbol = contract.symbol;
    this.contract = contract;
    this.underlying = underlying;
    this.expiryClose = expiryClose;
    const seeds = contractSeeds(contract, underlying, expiryClose, marketSeed, marketStart);
    this.seed = seeds.seed;
    this.liquidity = seeds.liquidity;
    this.openInterest = openInterest ?? seeds.openInterest;
    this.close = seeds.close;
    this.volume = seeds.volume;
    this.last = seeds.last;
    this.lastSize = Math.min(seeds.volume, 1 + (seeds.seed % 10));
    this.high = seeds.high;
    this.low = seeds.low;
    this.tradeTime = seeds.tradeTime;
    this.ivTilt = seeds.ivTilt;
    this.spreadFraction = seeds.spreadFraction;
    // A deep book (up to 50 levels) needs venues posting longer, sparser ladders behind the touch.
    const deep = bookLevels > 20;
    this.book = new VenueBook(deep ? { ...seeds.book, depth: MAX_LADDER_DEPTH, maxStep: 6, minEntries: MAX_ENTRIES } : seeds.book);
    this.description = description(contract);
  }

  isExpired(t: number): boolean {
    return t >= this.expiryClose;
  }

  /** Brings theo, the reference quote and the venue book up to time `t`. */
  refresh(t: number): void {
    if (this.isExpired(t)) return;
    this.book.catchUp(t);
    const u = this.underlying;
    if (u.stepIndex === this.theoStep || t < this.pricesHeldUntil) return;
    this.theoStep = u.stepIndex;
    const profile = u.profile;
    this.theo = theoOf(this.contract, u.spot, this.expiryClose, u.stepTime, profile.vol, u.referenceSpot, this.ivTilt);
    const theoCents = this.theo.price * 100;
    const half = Math.min(MAX_WIDTH_CENTS, Math.max(1, theoCents * this.spreadFraction)) / 2;
    const refBid = floorToTick(theoCents - half);
    let refAsk = Math.max(1, ceilToTick(theoCents + half));
    if (refAsk <= refBid) refAsk = tickUp(refBid);
    this.maxBidOffset = -1;
    let bid = refBid;
    let ask = refAsk;
    for (let o = 0; o <= MAX_OFFSET; o++) {
      this.bidLadder[o] = bid;
      this.askLadder[o] = ask;
      if (bid > 0) this.maxBidOffset = o;
      bid = tickDown(bid);
      ask = tickUp(ask);
    }
  }

  /** Price in cents of a ladder step; call after refresh. */
  priceAt(side: BookSide, offset: number): number {
    return (side === 'bid' ? this.bidLadder : this.askLadder)[offset] ?? 0;
  }

  /** The current best bid and offer; call after refresh. */
  nbbo(): Nbbo {
    const bid = this.book.touch('bid', this.maxBidOffset);
    const ask = this.book.touch('ask');
    return {
      bidCents: bid ? this.priceAt('bid', bid.offset) : 0,
      askCents: ask ? this.priceAt('ask', ask.offset) : 0,
      bidSize: bid?.size ?? 0,
      askSize: ask?.size ?? 0,
      bidOffset: bid?.offset ?? null,
      askOffset: ask?.offset ?? null,
      bidVenues: bid?.venueCount ?? 0,
      askVenues: ask?.venueCount ?? 0,
    };
  }

  /** Book levels by offset (unpriced), best first; call after refresh. */
  offsetLevels(side: BookSide, maxLevels: number): OffsetLevel[] {
    return this.book.levels(side, maxLevels, side === 'bid' ? this.maxBidOffset : MAX_OFFSET);
  }

  take(side: BookSide, venueIndex: number, offset: number, size: number, t: number, refillDelay: number): TakeResult {
    return this.book.take(side, venueIndex, offset, size, t, refillDelay);
  }

  /** Records one print in the Level 1 state, at its exact time. */
  applyPrint(t: number, priceCents: number, size: number): void {
    const price = dollars(priceCents);
    this.volume += size;
    this.last = price;
    this.lastSize = size;
    this.tradeTime = t;
    this.high = Math.max(this.high, price);
    this.low = Math.min(this.low, price);
  }

  quote(t: number): OptionQuote {
    this.refresh(t);
    const expired = this.isExpired(t);
    const theo = expired
      ? theoOf(this.contract, this.underlying.spot, this.expiryClose, t, 0, 1, 0)
      : this.theo;
    const n: Nbbo = expired
      ? { bidCents: 0, askCents: 0, bidSize: 0, askSize: 0, bidOffset: null, askOffset: null, bidVenues: 0, askVenues: 0 }
      : this.nbbo();
    const c = this.contract;
    return {
      symbol: this.symbol,
      description: this.description,
      bid: dollars(n.bidCents),
      ask: dollars(n.askCents),
      last: this.last,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
      openInterest: this.openInterest,
      iv: round(theo.ivPercent, 3),
      multiplier: MULTIPLIER,
      bidSize: n.bidSize,
      askSize: n.askSize,
      lastSize: this.lastSize,
      netChange: round(this.last - this.close, 2),
      strike: c.strike,
      right: c.right,
      underlying: this.underlying.symbol,
      delta: round(theo.delta, 4),
      gamma: round(theo.gamma, 4),
      theta: round(theo.theta, 4),
      vega: round(theo.vega, 4),
      securityStatus: expired ? 'Closed' : 'Normal',
      underlyingPrice: this.underlying.last,
      mark: expired ? this.last : (n.bidCents + n.askCents) / 200,
      quoteTime: expired ? this.expiryClose : this.quoteTime(),
      tradeTime: this.tradeTime,
    };
  }

  /** Market makers requote on every underlying tick, so the quote is as fresh as the stock's. */
  quoteTime(): number {
    return Math.max(this.book.lastChange, this.underlying.quoteTime);
  }

  /** The whole book, best first, at most `levels` per side, venue times in ms since ET midnight. */
  fullBook(t: number, levels: number): Book {
    this.refresh(t);
    if (this.isExpired(t)) return { symbol: this.symbol, time: t, receivedAt: t, bids: [], asks: [] };
    // Venues requote on the stock's ticks, each a few ms apart; a fill or re-post is later still.
    const requote = this.underlying.quoteTime;
    const latencies = this.book.latencies;
    const priced = (side: BookSide): BookLevel[] =>
      this.offsetLevels(side, levels).map((level) => ({
        price: dollars(this.priceAt(side, level.offset)),
        size: level.size,
        venueCount: level.venues.length,
        venues: level.venues.map((v) => ({
          venue: v.venue,
          size: v.size,
          quoteTimeEtMs: etMsSinceMidnight(Math.max(v.time, requote - (latencies[v.venueIndex] ?? 0))),
        })),
      }));
    return { symbol: this.symbol, time: t, receivedAt: t, bids: priced('bid'), asks: priced('ask') };
  }
}
