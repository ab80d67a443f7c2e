// Captured LEVELONE_EQUITIES and LEVELONE_OPTIONS frames (see captures.test.ts and README.md here).
import { describe, expect, it } from 'vitest';
import { FrameProcessor, type FrameEvents } from '../frame-processor.ts';
import { fromPython, iso, published, run } from './captures.testkit.ts';

describe('LEVELONE_EQUITIES snapshots', () => {
  it('decodes the schwab-py sample (2024-05-15, delayed) field by field, and its meta keys', () => {
    const { equities } = run(fromPython(published('schwab-py_2024-05-15_levelone-equities.txt')));
    expect(equities.map((u) => [u.symbol, u.snapshot])).toEqual([
      ['MSFT', true],
      ['GOOG', true],
    ]);
    expect(equities[0]!.quote).toEqual({
      symbol: 'MSFT',
      bid: 417.01,
      ask: 417.08,
      last: 417.09,
      bidSize: 1,
      askSize: 0,
      volume: 162750,
      lastSize: 10,
      high: 0,
      low: 0,
      close: 415.81,
      open: 0,
      netChange: 1.28,
      securityStatus: 'Unknown',
      mark: 417.01,
      quoteTime: 1715777955574,
      tradeTime: 1715777953982,
      delayed: true,
    });
    expect(equities[1]!.quote).toEqual({
      symbol: 'GOOG',
      bid: 172.75,
      ask: 172.77,
      last: 172.7786,
      bidSize: 0,
      askSize: 1,
      volume: 167934,
      lastSize: 15,
      high: 0,
      low: 0,
      close: 171.93,
      open: 0,
      netChange: 0.8486,
      securityStatus: 'Unknown',
      mark: 172.75,
      quoteTime: 1715777954819,
      tradeTime: 1715777950470,
      delayed: true,
    });
    for (const { quote } of equities) {
      // Field 18 is last − close (field 12), which pins both numbers.
      expect(quote.netChange).toBeCloseTo(quote.last! - quote.close!, 9);
    }
    expect(equities.map((u) => [iso(u.quote.quoteTime), iso(u.quote.tradeTime)])).toEqual([
      ['2024-05-15T12:59:15.574Z', '2024-05-15T12:59:13.982Z'],
      ['2024-05-15T12:59:14.819Z', '2024-05-15T12:59:10.470Z'],
    ]);
  });

  it('decodes the Schwabdev sample (2025-12), whose sizes read 200/100 where 2024 and 2025-08 samples read 1/0 and 1/3', () => {
    const { equities } = run(published('schwabdev_2025-12-07_levelone-equities.txt'));
    expect(equities.map((u) => u.quote)).toEqual([
      { symbol: 'AMD', bid: 217.86, ask: 217.95, last: 217.93, bidSize: 200, askSize: 100, volume: 33292396, delayed: false },
      { symbol: 'INTC', bid: 41.43, ask: 41.44, last: 41.44, bidSize: 200, askSize: 400, volume: 103042015, delayed: false },
    ]);
    expect(equities.every((u) => u.snapshot)).toBe(true);
  });
});

describe('LEVELONE_OPTIONS snapshots', () => {
  it('decodes the schwab-py sample (2024-05-15, delayed: true) field by field', () => {
    const { options } = run(fromPython(published('schwab-py_2024-05-15_levelone-options.txt')));
    expect(options.map((u) => [u.symbol, u.snapshot])).toEqual([
      ['GOOG  240517C00070000', true],
      ['MSFT  240517C00160000', true],
    ]);
    expect(options[0]!.quote).toEqual({
      symbol: 'GOOG  240517C00070000',
      description: 'GOOG 05/17/2024 70.00 C',
      bid: 102.15,
      ask: 103.75,
      last: 103.07,
      high: 0,
      low: 0,
      close: 101.9504,
      volume: 0,
      openInterest: 5,
      iv: 354.99208367,
      multiplier: 100,
      open: 0,
      bidSize: 20,
      askSize: 20,
      lastSize: 1,
      netChange: 1.1196,
      strike: 70,
      right: 'C',
      underlying: 'GOOG',
      delta: 0.99961827,
      gamma: 2.799e-5,
      theta: -0.01339331,
      vega: 0.00018508,
      securityStatus: 'Normal',
      underlyingPrice: 172.9299,
      mark: 102.95,
      quoteTime: 1715786878997,
      tradeTime: 1714140219464,
      delayed: true,
    });
    expect(options[1]!.quote).toEqual({
      symbol: 'MSFT  240517C00160000',
      description: 'MSFT 05/17/2024 160.00 C',
      bid: 259.9,
      ask: 262.1,
      last: 255.53,
      high: 0,
      low: 0,
      close: 256.56,
      volume: 0,
      openInterest: 2,
      iv: 355.24400385,
      multiplier: 100,
      open: 0,
      bidSize: 52,
      askSize: 51,
      lastSize: 1,
      netChange: -1.03,
      strike: 160,
      right: 'C',
      underlying: 'MSFT',
      delta: 1,
      gamma: 0,
      theta: 0,
      vega: 0,
      securityStatus: 'Normal',
      underlyingPrice: 421.38,
      mark: 261,
      quoteTime: 1715786912341,
      tradeTime: 1715696927227,
      delayed: true,
    });
  });

  it('holds together the way only the right field numbers can', () => {
    const text = fromPython(published('schwab-py_2024-05-15_levelone-options.txt'));
    const { options } = run(text);
    const raw = (JSON.parse(text) as { data: { content: Record<string, unknown>[] }[] }).data[0]!.content;
    options.forEach(({ symbol, quote }, i) => {
      // Field 20 is the strike (schwab-py names it STRIKE_TYPE): it is the key's strike.
      expect(quote.strike).toBe(Number(symbol.slice(-8)) / 1000);
      // Field 11, the intrinsic value, is underlying (35) − strike (20) for these calls.
      expect(raw[i]!['11']).toBeCloseTo(quote.underlyingPrice! - quote.strike!, 9);
      // Field 19 is last (4) − close (7); field 37, the mark, is the mid of 2 and 3.
      expect(quote.netChange).toBeCloseTo(quote.last! - quote.close!, 9);
      expect(quote.mark).toBeCloseTo((quote.bid! + quote.ask!) / 2, 9);
    });
  });

  it('shows what delayed: true meant on that day: quote times a quarter of an hour behind the frame', () => {
    const text = fromPython(published('schwab-py_2024-05-15_levelone-options.txt'));
    const frameTime = (JSON.parse(text) as { data: { timestamp: number }[] }).data[0]!.timestamp;
    const { options } = run(text);
    expect(iso(frameTime)).toBe('2024-05-15T15:43:34.441Z');
    expect(options.map((u) => [iso(u.quote.quoteTime), iso(u.quote.tradeTime)])).toEqual([
      ['2024-05-15T15:27:58.997Z', '2024-04-26T14:03:39.464Z'],
      ['2024-05-15T15:28:32.341Z', '2024-05-14T14:28:47.227Z'],
    ]);
    expect(options.map((u) => frameTime - u.quote.quoteTime!)).toEqual([935_444, 902_100]);
  });

  it("raises the parse stage's delayed signal from the live snapshots' meta key", () => {
    const p = new FrameProcessor();
    const seen: FrameEvents['delayed'][] = [];
    p.events.on('delayed', (d) => seen.push(d));
    p.process(fromPython(published('schwab-py_2024-05-15_levelone-options.txt')), 1);
    p.process(published('schwabdev_2025-12-07_levelone-options.txt'), 2);
    expect(seen).toEqual([
      { service: 'LEVELONE_OPTIONS', key: 'GOOG  240517C00070000', delayed: true, receivedAt: 1 },
      { service: 'LEVELONE_OPTIONS', key: 'MSFT  240517C00160000', delayed: true, receivedAt: 1 },
      { service: 'LEVELONE_OPTIONS', key: 'SPXW  251208C06880000', delayed: false, receivedAt: 2 },
    ]);
  });

  it('decodes the Schwabdev sample (2025-12, delayed: false)', () => {
    const { options } = run(published('schwabdev_2025-12-07_levelone-options.txt'));
    expect(options).toHaveLength(1);
    expect(options[0]).toMatchObject({ symbol: 'SPXW  251208C06880000', snapshot: true, receivedAt: 1_000 });
    expect(options[0]!.quote).toEqual({
      symbol: 'SPXW  251208C06880000',
      description: 'SPXW 12/08/2025 6880.00 C',
      bid: 10.2,
      ask: 10.6,
      last: 10.6,
      high: 28.9,
      low: 6.9,
      close: 9.15,
      volume: 7961,
      delayed: false,
    });
  });
});
