import { describe, expect, it } from 'vitest';
import type { OptionQuoteUpdate } from '../../shared/domain/market.ts';
import type { IvSample } from '../../shared/domain/volatility.ts';
import { etToEpoch } from '../../shared/time/eastern.ts';
import { AtmIvSampler, RETRY_MS } from './atm-iv-sampler.ts';

const T0 = etToEpoch(2026, 12, 3, 10, 0);
const FRONT = 'SPY   261218C00600000';
const FRONT_PUT = 'SPY   261218P00600000';
const BACK = 'SPY   270115C00600000';
const WEEKLY = 'SPY   261211C00600000';

const update = (symbol: string, at: number, iv: number, underlyingPrice = 600): OptionQuoteUpdate => ({
  symbol,
  receivedAt: at,
  changed: { iv },
  quote: { symbol, iv, underlyingPrice },
  snapshot: false,
});

function sampler(everyMs = 60_000): { s: AtmIvSampler; samples: IvSample[] } {
  const samples: IvSample[] = [];
  return { s: new AtmIvSampler({ everyMs, onSample: (x) => samples.push(x) }), samples };
}

describe('the ATM IV sampler', () => {
  it('samples at most once a period of stream time, from the monthlies only', () => {
    const { s, samples } = sampler();
    s.onOptionQuote(update(WEEKLY, T0, 80));
    s.onOptionQuote(update(FRONT, T0, 20));
    // Tried at most once a RETRY_MS: the back month's quote 10 ms later waits for the next try.
    s.onOptionQuote(update(BACK, T0 + 10, 24));
    expect(samples).toHaveLength(0);
    s.onOptionQuote(update(BACK, T0 + RETRY_MS, 24));
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({ underlying: 'SPY', time: T0 + RETRY_MS, frontIv: 20, backIv: 24, spot: 600 });
    s.onOptionQuote(update(FRONT, T0 + 60_000, 30));
    expect(samples).toHaveLength(1);
    s.onOptionQuote(update(FRONT_PUT, T0 + RETRY_MS + 60_000, 22));
    expect(samples).toHaveLength(2);
    // The front strike's IV is now the mean of its call (30) and put (22).
    expect(samples[1]?.frontIv).toBe(26);
  });

  it('waits up to a period for the other monthly before sampling one alone', () => {
    const { s, samples } = sampler();
    s.onOptionQuote(update(FRONT, T0, 20));
    s.onOptionQuote(update(FRONT, T0 + 30_000, 20));
    expect(samples).toHaveLength(0);
    s.onOptionQuote(update(FRONT, T0 + 60_000, 21));
    expect(samples).toEqual([expect.objectContaining({ iv: 21, frontExpiry: '2026-12-18', backExpiry: null })]);
  });

  it('prefers the equity quote as spot over the option quote\'s underlying price', () => {
    const { s, samples } = sampler();
    s.onEquityQuote({ symbol: 'SPY', receivedAt: T0, changed: { last: 601 }, quote: { symbol: 'SPY', last: 601 }, snapshot: false });
    s.onOptionQuote(update(FRONT, T0, 20, 590));
    s.onOptionQuote(update(BACK, T0 + RETRY_MS, 24, 590));
    expect(samples[0]?.spot).toBe(601);
  });

  it('ignores a symbol that is not an option', () => {
    const { s, samples } = sampler();
    s.onOptionQuote(update('NOT AN OPTION', T0, 20));
    expect(samples).toHaveLength(0);
  });
});
