import { describe, expect, it } from 'vitest';
import { parseOptionSymbol } from '../../../shared/symbols/option-symbol.ts';
import { etToEpoch } from '../../../shared/time/eastern.ts';
import { seededRandom } from '../../util/random.ts';
import { expiryCloseMs } from './expiries.ts';
import { OptionContractState } from './option-contract.ts';
import { profileOf } from './profiles.ts';
import { isOnTick } from './ticks.ts';
import { STEP_MS, UnderlyingSim } from './underlying.ts';

const START = etToEpoch(2026, 3, 17, 11, 0, 0, 0);

function setup(symbol: string, seed = 7) {
  const underlying = new UnderlyingSim(profileOf(symbol.slice(0, 6).trim()), START, seed);
  const contract = parseOptionSymbol(symbol);
  const make = () => new OptionContractState(contract, underlying, expiryCloseMs(contract.expiry), seed, START);
  return { underlying, make };
}

function walk(underlying: UnderlyingSim, from: number, to: number, random = seededRandom(1)): void {
  for (let t = from + STEP_MS; t <= to; t += STEP_MS) underlying.step(t, random);
}

describe('OptionContractState', () => {
  it('quotes every Level 1 field with a sane market', () => {
    const atm = Math.round(setup('SPY   260320C00685000').underlying.spot);
    const symbol = `SPY   260320C00${atm}000`;
    const q = setup(symbol).make().quote(START);
    expect(q).toMatchObject({ symbol, description: `SPY 03/20/2026 ${atm}.00 C`, multiplier: 100, strike: atm, right: 'C', underlying: 'SPY', securityStatus: 'Normal' });
    for (const key of ['bid', 'ask', 'last', 'high', 'low', 'close', 'volume', 'openInterest', 'iv', 'bidSize', 'askSize', 'lastSize', 'delta', 'gamma', 'theta', 'vega', 'underlyingPrice', 'mark', 'quoteTime', 'tradeTime'] as const) {
      expect(q[key], key).toEqual(expect.any(Number));
    }
    expect(q.bid as number).toBeGreaterThan(0);
    expect(q.bid as number).toBeLessThan(q.ask as number);
    expect(q.volume as number).toBeGreaterThan(0);
    expect(q.lastSize as number).toBeLessThanOrEqual(q.volume as number);
    expect(q.iv as number).toBeGreaterThan(5);
    expect(q.iv as number).toBeLessThan(60);
    expect(q.delta as number).toBeGreaterThan(0.3);
    expect(q.delta as number).toBeLessThan(0.7);
    expect(q.theta as number).toBeLessThan(0);
    expect(q.mark).toBeCloseTo(((q.bid as number) + (q.ask as number)) / 2, 9);
    expect(q.quoteTime as number).toBeLessThanOrEqual(START);
  });

  it('keeps prices on the penny-pilot grid and bid below ask as the stock moves', () => {
    const { underlying, make } = setup('TSLA  260417P00430000');
    const state = make();
    const random = seededRandom(4);
    for (let i = 1; i <= 200; i++) {
      const t = START + i * 500;
      walk(underlying, t - 500, t, random);
      const q = state.quote(t);
      const bid = Math.round((q.bid as number) * 100);
      const ask = Math.round((q.ask as number) * 100);
      expect(isOnTick(bid) && isOnTick(ask)).toBe(true);
      expect(bid).toBeLessThan(ask);
      expect(q.delta as number).toBeLessThan(0);
    }
  });

  it('is the same state whether created early and read often, or created late', () => {
    const { underlying, make } = setup('NVDA  260327C00190000');
    const early = make();
    const random = seededRandom(9);
    for (let i = 1; i <= 40; i++) {
      walk(underlying, START + (i - 1) * 250, START + i * 250, random);
      early.quote(START + i * 250);
    }
    const late = make();
    const t = START + 40 * 250;
    expect(late.quote(t)).toEqual(early.quote(t));
    expect(late.fullBook(t, 50)).toEqual(early.fullBook(t, 50));
  });

  it('records a print in volume, last, last size, trade time, high and low', () => {
    const { make } = setup('QQQ   260318P00600000');
    const state = make();
    const before = state.quote(START);
    state.applyPrint(START + 5, Math.round((before.high as number) * 100) + 7, 12);
    const after = state.quote(START + 5);
    expect(after.volume).toBe((before.volume as number) + 12);
    expect(after.lastSize).toBe(12);
    expect(after.tradeTime).toBe(START + 5);
    expect(after.last).toBe(after.high);
  });

  it('is closed with no market and an empty book after its expiry', () => {
    const { make } = setup('SPY   260316C00680000');
    const q = make().quote(START);
    expect(q).toMatchObject({ securityStatus: 'Closed', bid: 0, ask: 0, bidSize: 0, askSize: 0, iv: 0 });
    expect(make().fullBook(START, 10)).toMatchObject({ bids: [], asks: [] });
  });

  it('has a book whose touch is the quote, with venue times in ms since ET midnight', () => {
    const { make } = setup('AAPL  260417C00265000');
    const state = make();
    const q = state.quote(START);
    const book = state.fullBook(START, 5);
    expect(book.bids[0]?.price).toBe(q.bid);
    expect(book.bids[0]?.size).toBe(q.bidSize);
    expect(book.asks[0]?.price).toBe(q.ask);
    expect(book.asks[0]?.size).toBe(q.askSize);
    const msOfDay = 11 * 3_600_000;
    for (const level of [...book.bids, ...book.asks]) {
      for (const v of level.venues) {
        expect(v.quoteTimeEtMs).toBeLessThanOrEqual(msOfDay);
        expect(v.quoteTimeEtMs).toBeGreaterThan(msOfDay - 60_000);
      }
    }
  });
});
