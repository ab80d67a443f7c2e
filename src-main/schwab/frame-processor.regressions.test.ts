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

  it('hands response and notify listeners items of their documented shape: descriptive fields read as empty and count, the rest must be right', () => {
    const p = new FrameProcessor();
    const { problems } = collect(p);
    const responses: unknown[] = [];
    const beats: number[] = [];
    const notices: unknown[] = [];
    p.events.on('response', (r) => responses.push(r.item));
    p.events.on('heartbeat', (h) => beats.push(h.serverTime));
    p.events.on('admin', (a) => notices.push(a.item));
    p.process('{"response":[{"service":"ADMIN","command":"LOGIN","requestid":"0","content":{"code":0},"extra":{"__proto__":{"x":1}}}]}', 1);
    expect(responses).toEqual([{ service: 'ADMIN', command: 'LOGIN', requestid: '0', SchwabClientCorrelId: '', timestamp: 0, content: { code: 0, msg: '' } }]);
    expect(Object.keys(responses[0] as object)).not.toContain('extra');
    expect(p.stats().badFields).toBe(3);
    p.process('{"notify":[{"service":"ADMIN","content":{"code":30,"msg":7}}]}', 2);
    expect(notices).toEqual([{ service: 'ADMIN', timestamp: 0, content: { code: 30, msg: '' } }]);
    expect(p.stats().badFields).toBe(5);
    // What a client acts on must be right: such a frame is unparsable, and a LOGIN then resets nothing.
    for (const code of ['1e999', '0.5', '"0"', 'null']) {
      p.process(`{"response":[{"service":"ADMIN","command":"LOGIN","requestid":"1","SchwabClientCorrelId":"c","timestamp":1,"content":{"code":${code},"msg":""}}]}`, 3);
    }
    for (const beat of ['"abc"', '""', '" "', '"1e999"', '"0x10"', '1e999', '-1', '1.5', 'null']) p.process(`{"notify":[{"heartbeat":${beat}}]}`, 4);
    p.process('{"notify":[{"heartbeat":"1755118704127"},{"heartbeat":1755118704128}]}', 5);
    expect(responses).toHaveLength(1);
    expect(beats).toEqual([1755118704127, 1755118704128]);
    expect(problems.map((x) => x.kind)).toEqual(Array(13).fill('unparsable'));
  });
});
