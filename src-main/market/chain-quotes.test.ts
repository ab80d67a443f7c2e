import { describe, expect, it } from 'vitest';
import type { EquityQuoteUpdate, OptionQuote, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import { ChainQuotes } from './chain-quotes.ts';

function option(symbol: string, quote: Omit<OptionQuote, 'symbol'>, receivedAt: number): OptionQuoteUpdate {
  return { symbol, receivedAt, changed: quote, quote: { symbol, ...quote }, snapshot: false };
}

function equity(symbol: string, last: number, receivedAt: number): EquityQuoteUpdate {
  return { symbol, receivedAt, changed: { last }, quote: { symbol, last }, snapshot: false };
}

describe('ChainQuotes', () => {
  it('keeps each contract\'s latest quote by underlying, reading the merged object as it changes', () => {
    const quotes = new ChainQuotes();
    const merged = { symbol: 'SPY   261218C00600000', openInterest: 10, gamma: 0.01 };
    quotes.onOptionQuote({ symbol: merged.symbol, receivedAt: 1, changed: {}, quote: merged, snapshot: true });
    quotes.onOptionQuote(option('QQQ   261218P00500000', { openInterest: 5 }, 2));
    // The parse stage merges the next delta into the same object.
    merged.gamma = 0.02;
    expect(quotes.snapshot('SPY').chain).toEqual([{ strike: 600, expiry: '2026-12-18', right: 'C', openInterest: 10, gamma: 0.02 }]);
    expect(quotes.snapshot('QQQ').chain).toHaveLength(1);
    expect(quotes.snapshot('IWM')).toEqual({ chain: [], spot: null, at: null });
  });

  it('names the underlying as the flow engine does: the quote\'s own, else the symbol\'s root', () => {
    const quotes = new ChainQuotes();
    quotes.onOptionQuote(option('SPXW  261218C06000000', { underlying: 'SPX', gamma: 0.001, openInterest: 1 }, 1));
    quotes.onOptionQuote(option('NOT A SYMBOL', { gamma: 1 }, 1));
    expect(quotes.snapshot('SPX').chain).toHaveLength(1);
    expect(quotes.snapshot('SPXW').chain).toHaveLength(0);
  });

  it('the spot is the newest of the options\' underlying price and the ticker\'s own last', () => {
    const quotes = new ChainQuotes();
    quotes.onOptionQuote(option('SPY   261218C00600000', { underlyingPrice: 600 }, 10));
    expect(quotes.snapshot('SPY')).toMatchObject({ spot: 600, at: 10 });
    quotes.onEquityQuote(equity('SPY', 601, 20));
    expect(quotes.snapshot('SPY').spot).toBe(601);
    // An older price does not replace a newer one.
    quotes.onOptionQuote(option('SPY   261218P00600000', { underlyingPrice: 599 }, 15));
    expect(quotes.snapshot('SPY').spot).toBe(601);
    quotes.onOptionQuote(option('SPY   261218P00600000', { underlyingPrice: 602 }, 30));
    expect(quotes.snapshot('SPY')).toMatchObject({ spot: 602, at: 30 });
  });
});
