// Bugs the parse-stage fuzzer (frame-processor.fuzz.test.ts) found, one focused test each.
// JSON has no Infinity, but JSON.parse reads an overflowing literal such as 1e999 as one.
import { describe, expect, it } from 'vitest';
import type { Bar, Book } from '../../shared/domain/market.ts';
import { FrameProcessor, type ProtocolProblem } from './frame-processor.ts';

const data = (service: string, content: string) => `{"data":[{"service":"${service}","timestamp":1,"command":"SUBS","content":[${content}]}]}`;

function collect(p: FrameProcessor) {
  const books: Book[] = [];
  const bars: Bar[] = [];
  const problems: ProtocolProblem[] = [];
  p.events.on('book', (b) => books.push(b));
  p.events.on('bar', (b) => bars.push(b));
  p.events.on('problem', (x) => problems.push(x));
  return { books, bars, problems };
}

describe('parse stage regressions', () => {
  it('gives book listeners only finite numbers: a non-finite venue size refuses the book, non-finite times and counts fall back', () => {
    const p = new FrameProcessor();
    const { books, problems } = collect(p);
    p.process(data('OPTIONS_BOOK', '{"key":"X","2":[{"0":1.5,"1":10,"3":[{"0":"CBOE","1":1e999,"2":5}]}]}'), 7);
    expect(books).toHaveLength(0);
    expect(problems.map((x) => x.kind)).toEqual(['malformed-item']);
    p.process(data('OPTIONS_BOOK', '{"key":"X","1":1e999,"2":[{"0":1.5,"1":10,"2":-1e999,"3":[{"0":"CBOE","1":10,"2":1e999}]}]}'), 8);
    expect(books).toEqual([
      { symbol: 'X', time: 8, receivedAt: 8, bids: [{ price: 1.5, size: 10, venueCount: 1, venues: [{ venue: 'CBOE', size: 10, quoteTimeEtMs: 0 }] }], asks: [] },
    ]);
  });

  it('refuses a bar whose seq or minute index is not a whole number, so it cannot hide the later bars of its symbol', () => {
    const p = new FrameProcessor();
    const { bars, problems } = collect(p);
    const bar = (seq: string, minute = '425') => `{"key":"AMD","1":${minute},"2":1,"3":1,"4":1,"5":1,"6":1,"7":1765307100000,"8":20431${seq ? `,"seq":${seq}` : ''}}`;
    p.process(data('CHART_EQUITY', bar('202')), 1);
    for (const seq of ['1e999', '1e300', '203.5', '"204"', 'null']) p.process(data('CHART_EQUITY', bar(seq)), 2);
    p.process(data('CHART_EQUITY', bar('', '1e999')), 3);
    p.process(data('CHART_EQUITY', bar('203')), 4);
    expect(bars.map((b) => b.seq)).toEqual([202, 203]);
    expect(problems.map((x) => x.kind)).toEqual(Array(6).fill('malformed-item'));
    expect(p.stats().duplicateBars).toBe(0);
  });

  it('bounds a problem detail however long the key or the listener error it names', () => {
    const p = new FrameProcessor();
    const { problems } = collect(p);
    const key = 'K'.repeat(100_000);
    p.process(data('OPTIONS_BOOK', `{"key":"${key}","2":"not levels"}`), 1);
    p.process(data('CHART_EQUITY', `{"key":"${key}"}`), 2);
    p.events.on('book', () => {
      throw new Error('x'.repeat(100_000));
    });
    p.process(data('OPTIONS_BOOK', '{"key":"X"}'), 3);
    expect(problems.map((x) => x.kind)).toEqual(['malformed-item', 'malformed-item', 'listener-threw']);
    for (const x of problems) expect(x.detail.length).toBeLessThanOrEqual(201);
    expect(problems[0]?.detail.startsWith('OPTIONS_BOOK KKKK')).toBe(true);
  });

  it('counts and reports the malformed blocks of a data frame whose other blocks it keeps', () => {
    const p = new FrameProcessor();
    const { books, problems } = collect(p);
    const book = '{"service":"OPTIONS_BOOK","timestamp":1,"command":"SUBS","content":[{"key":"X"}]}';
    p.process(`{"data":[${book},{},{"service":7,"content":[]},["OPTIONS_BOOK"]]}`, 1);
    expect(books.map((b) => b.symbol)).toEqual(['X']);
    expect(problems.map((x) => [x.kind, x.detail])).toEqual([['malformed-item', '3 data block(s) without a service or content']]);
    expect(p.stats()).toMatchObject({ frames: 1, dataItems: 1, malformedItems: 3, unparsable: 0 });
  });
});
