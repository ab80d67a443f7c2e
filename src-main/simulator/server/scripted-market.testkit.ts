// Test-only SimulatorMarket whose state the test sets by hand, so protocol assertions can be
// exact ("only the bid changed, so the delta carries only field 2"). The real market is
// stochastic; this one changes only when told.
import type {
  Bar,
  Book,
  BookLevel,
  EquityQuote,
  OptionQuote,
} from '../../../shared/domain/market.ts';
import { tryParseOptionSymbol } from '../../../shared/symbols/option-symbol.ts';
import type {
  ChainQuery,
  ParentOrderTruth,
  SchwabChainContract,
  SchwabChainResponse,
  SimulatorMarket,
} from '../market/market.ts';

export const SCRIPTED_CALL = 'SPY   250117C00500000';
export const SCRIPTED_PUT = 'SPY   250117P00500000';

const VENUES = ['CBOE', 'PHLX', 'ISEX', 'AMEX', 'MIAX'];

export class ScriptedMarket implements SimulatorMarket {
  readonly underlyings: readonly string[] = ['SPY', 'AAPL'];
  /** Symbols watched and not unwatched, in order. */
  watched: readonly string[] = [];
  private time: number;
  private readonly options = new Map<string, OptionQuote>();
  private readonly equities = new Map<string, EquityQuote>();
  private readonly bars = new Map<string, Bar[]>();
  private readonly bookOverrides = new Map<string, Book>();

  constructor(start: number) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  advanceTo(time: number): void {
    this.time = Math.max(this.time, time);
  }

  optionQuote(symbol: string): OptionQuote | null {
    const parsed = tryParseOptionSymbol(symbol);
    if (
      !parsed.ok ||
      parsed.contract.symbol !== symbol ||
      !this.underlyings.includes(parsed.contract.root)
    )
      return null;
    let quote = this.options.get(symbol);
    if (!quote) {
      const c = parsed.contract;
      quote = {
        symbol,
        description: `${c.root} ${c.expiry} ${c.strike} ${c.right}`,
        bid: 1,
        ask: 1.1,
        last: 1.05,
        volume: 10,
        openInterest: 100,
        iv: 25,
        multiplier: 100,
        bidSize: 10,
        askSize: 12,
        lastSize: 1,
        strike: c.strike,
        right: c.right,
        underlying: c.root,
        delta: c.right === 'C' ? 0.5 : -0.5,
        securityStatus: 'Normal',
        underlyingPrice: 500,
        mark: 1.05,
        quoteTime: this.time,
        tradeTime: this.time,
      };
      this.options.set(symbol, quote);
    }
    return { ...quote };
  }

  /** Changes some fields of a contract's Level 1 state. */
  setOption(symbol: string, patch: Partial<OptionQuote>): void {
    const current = this.optionQuote(symbol);
    if (!current) throw new Error(`not a scripted option: ${symbol}`);
    this.options.set(symbol, { ...current, ...patch });
  }

  equityQuote(symbol: string): EquityQuote | null {
    if (!this.underlyings.includes(symbol)) return null;
    const quote = this.equities.get(symbol) ?? {
      symbol,
      bid: 499.9,
      ask: 500.1,
      last: 500,
      bidSize: 3,
      askSize: 4,
      volume: 1000,
      lastSize: 100,
      close: 495,
      mark: 500,
    };
    this.equities.set(symbol, quote);
    return { ...quote };
  }

  setEquity(symbol: string, patch: Partial<EquityQuote>): void {
    const current = this.equityQuote(symbol);
    if (!current) throw new Error(`not a scripted equity: ${symbol}`);
    this.equities.set(symbol, { ...current, ...patch });
  }

  /** A ladder of `levels` prices per side around 1.00/1.10, or the book set by setBook. */
  optionBook(symbol: string, levels = 1): Book | null {
    if (this.optionQuote(symbol) === null) return null;
    const override = this.bookOverrides.get(symbol);
    if (override) return override;
    const side = (start: number, step: number): BookLevel[] =>
      Array.from({ length: levels }, (_, i) => {
        const venues = VENUES.slice(0, 1 + (i % VENUES.length)).map((venue, j) => ({
          venue,
          size: 10 + j,
          quoteTimeEtMs: 34_200_000 + i,
        }));
        return {
          price: Math.round((start + step * i) * 100) / 100,
          size: venues.reduce((s, v) => s + v.size, 0),
          venueCount: venues.length,
          venues,
        };
      });
    return {
      symbol,
      time: this.time,
      receivedAt: this.time,
      bids: side(1, -0.05),
      asks: side(1.1, 0.05),
    };
  }

  setBook(symbol: string, book: Omit<Book, 'symbol' | 'receivedAt'>): void {
    this.bookOverrides.set(symbol, { ...book, symbol, receivedAt: book.time });
  }

  barsAfter(symbol: string, afterSeq: number): Bar[] {
    return (this.bars.get(symbol) ?? []).filter((bar) => bar.seq > afterSeq);
  }

  /** Appends a completed minute bar with the next seq. */
  addBar(symbol: string, close: number): Bar {
    const list = this.bars.get(symbol) ?? [];
    const seq = (list[list.length - 1]?.seq ?? 99) + 1;
    const time = Math.floor(this.time / 60_000) * 60_000;
    const bar: Bar = {
      symbol,
      seq,
      minuteIndex: seq,
      time,
      open: close,
      high: close + 0.1,
      low: close - 0.1,
      close,
      volume: 1000 + seq,
      chartDay: Math.floor(time / 86_400_000),
    };
    list.push(bar);
    this.bars.set(symbol, list);
    return bar;
  }

  watch(symbols: readonly string[]): void {
    this.watched = [...new Set([...this.watched, ...symbols])];
  }

  unwatch(symbols: readonly string[]): void {
    const gone = new Set(symbols);
    this.watched = this.watched.filter((symbol) => !gone.has(symbol));
  }

  chain(underlying: string, query: ChainQuery): SchwabChainResponse | null {
    if (!this.underlyings.includes(underlying)) return null;
    const contract = (symbol: string): SchwabChainContract => {
      const q = this.optionQuote(symbol) as OptionQuote;
      return {
        putCall: q.right === 'C' ? 'CALL' : 'PUT',
        symbol,
        description: q.description ?? '',
        exchangeName: 'OPR',
        bid: q.bid ?? 0,
        ask: q.ask ?? 0,
        last: q.last ?? 0,
        mark: q.mark ?? 0,
        bidSize: q.bidSize ?? 0,
        askSize: q.askSize ?? 0,
        lastSize: q.lastSize ?? 0,
        totalVolume: q.volume ?? 0,
        openInterest: q.openInterest ?? 0,
        volatility: q.iv ?? 0,
        delta: q.delta ?? 0,
        gamma: 0,
        theta: 0,
        vega: 0,
        strikePrice: q.strike ?? 0,
        expirationDate: '2025-01-17T21:00:00.000+00:00',
        daysToExpiration: 30,
        multiplier: 100,
        quoteTimeInLong: q.quoteTime ?? 0,
        tradeTimeInLong: q.tradeTime ?? 0,
        inTheMoney: false,
      };
    };
    const root = underlying.padEnd(6, ' ');
    const side = (right: 'C' | 'P'): SchwabChainResponse['callExpDateMap'] => ({
      '2025-01-17:30': { '500.0': [contract(`${root}250117${right}00500000`)] },
    });
    const calls = query.contractType === 'PUT' ? {} : side('C');
    const puts = query.contractType === 'CALL' ? {} : side('P');
    return {
      symbol: underlying,
      status: 'SUCCESS',
      underlyingPrice: 500,
      isDelayed: false,
      numberOfContracts: Object.keys(calls).length + Object.keys(puts).length,
      callExpDateMap: calls,
      putExpDateMap: puts,
    };
  }

  truth(): readonly ParentOrderTruth[] {
    return [];
  }
}
