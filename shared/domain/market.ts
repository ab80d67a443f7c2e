// Market data as Fathom holds it after the streamer has parsed and merged Schwab's frames.
// Times are epoch milliseconds unless a name says otherwise.

export type Right = 'C' | 'P';

/** The parts of an option contract; `symbol` is Schwab's padded 21-character form. */
export interface OptionContract {
  symbol: string;
  root: string;
  /** Expiration date, YYYY-MM-DD (America/New_York calendar). */
  expiry: string;
  right: Right;
  /** Strike in dollars. */
  strike: number;
  /** Strike x 1000 as an exact integer, the way the symbol carries it. */
  strikeMilli: number;
}

/**
 * Merged Level 1 option state. Schwab sends only changed fields, so every field is optional:
 * absent means "never received", never zero.
 */
export interface OptionQuote {
  symbol: string;
  description?: string;
  bid?: number;
  ask?: number;
  last?: number;
  high?: number;
  low?: number;
  close?: number;
  volume?: number;
  openInterest?: number;
  /** Implied volatility in percent units, as Schwab sends it (35.2 means 35.2%). */
  iv?: number;
  multiplier?: number;
  open?: number;
  bidSize?: number;
  askSize?: number;
  lastSize?: number;
  netChange?: number;
  strike?: number;
  right?: Right;
  underlying?: string;
  delta?: number;
  gamma?: number;
  theta?: number;
  vega?: number;
  securityStatus?: string;
  underlyingPrice?: number;
  mark?: number;
  quoteTime?: number;
  tradeTime?: number;
  delayed?: boolean;
}

/**
 * One Level 1 option update after the delta merge. The parse stage hands every listener the same
 * object, overwritten for the next update (src-main/schwab/frame-processor.ts), and the quote is
 * the live merged state: a listener that keeps any of it copies it.
 */
export interface OptionQuoteUpdate {
  symbol: string;
  /** When the frame carrying it arrived (epoch ms). */
  receivedAt: number;
  /** The fields this update carried; a field it did not carry is absent or undefined. */
  changed: Omit<OptionQuote, 'symbol'>;
  /** The merged state after this update. */
  quote: OptionQuote;
  /** True for the first message for this key after a (re)subscription or reconnect. */
  snapshot: boolean;
}

export interface BookVenue {
  /** Venue or market-maker id as sent (CBOE, PHLX, edgx...). */
  venue: string;
  size: number;
  /** Milliseconds since midnight America/New_York, as Schwab sends it; not an epoch. */
  quoteTimeEtMs: number;
}

export interface BookLevel {
  price: number;
  size: number;
  venueCount: number;
  venues: BookVenue[];
}

/** A whole OPTIONS_BOOK (or equity book) snapshot: Schwab replaces books, never merges them. */
export interface Book {
  symbol: string;
  /** Market snapshot time (epoch ms). */
  time: number;
  receivedAt: number;
  /** Best (highest) price first. */
  bids: BookLevel[];
  /** Best (lowest) price first. */
  asks: BookLevel[];
}

export interface EquityQuote {
  symbol: string;
  bid?: number;
  ask?: number;
  last?: number;
  bidSize?: number;
  askSize?: number;
  volume?: number;
  lastSize?: number;
  high?: number;
  low?: number;
  close?: number;
  open?: number;
  netChange?: number;
  mark?: number;
  quoteTime?: number;
  tradeTime?: number;
  securityStatus?: string;
  delayed?: boolean;
}

export interface EquityQuoteUpdate {
  symbol: string;
  receivedAt: number;
  changed: Omit<EquityQuote, 'symbol'>;
  quote: EquityQuote;
  snapshot: boolean;
}

/** One CHART_EQUITY minute bar. */
export interface Bar {
  symbol: string;
  /** Schwab's delivery sequence, used to drop repeats after a reconnect. */
  seq: number;
  /** Minute index counted from 07:00 ET. */
  minuteIndex: number;
  /** Start of the bar's minute (epoch ms). */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Days since 1970-01-01. */
  chartDay: number;
}
