import { describe, expect, it } from 'vitest';
import type { Bar, Book, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import { carriedOptionFields } from './option-update-decode.ts';
import { forgetNote, FrameProcessor, type ProtocolProblem } from './frame-processor.ts';

const KEY = 'SPY   241129C00450000';

function collect(processor: FrameProcessor) {
  const quotes: OptionQuoteUpdate[] = [];
  const books: Book[] = [];
  const bars: Bar[] = [];
  const problems: ProtocolProblem[] = [];
  // The event and its `changed` are reused for the next update, the quote is live: copies kept.
  processor.events.on('optionQuote', (u) => quotes.push({ ...u, changed: carriedOptionFields(u.changed), quote: { ...u.quote } }));
  processor.events.on('book', (b) => books.push(b));
  processor.events.on('bar', (b) => bars.push(b));
  processor.events.on('problem', (p) => problems.push(p));
  return { quotes, books, bars, problems };
}

const data = (service: string, content: unknown[]) =>
  JSON.stringify({ data: [{ service, timestamp: 1, command: 'SUBS', content }] });

// Samples S7 and S8 of docs/schwab-streaming.md §7: a snapshot, then two deltas.
const S7 = data('LEVELONE_OPTIONS', [
  { key: KEY, delayed: false, assetMainType: 'OPTION', cusip: '', '2': 148.61, '3': 149.02, '4': 148.9, '8': 12, '9': 356, '10': 61.2, '16': 25, '17': 25, '18': 1, '28': 0.998, '35': 598.77, '37': 148.815, '38': 1732892399877, '39': 1732891980412 },
]);
const S8a = data('LEVELONE_OPTIONS', [{ key: KEY, '2': 148.64, '37': 148.83, '38': 1732892401201 }]);
const S8b = data('LEVELONE_OPTIONS', [{ key: KEY, '8': 17, '18': 3, '39': 1732892402178 }]);

describe('FrameProcessor: Level 1 delta merge', () => {
  it('merges deltas field by field: absent means unchanged, never zero', () => {
    const p = new FrameProcessor();
    const { quotes } = collect(p);
    p.process(S7, 100);
    p.process(S8a, 200);
    p.process(S8b, 300);
    expect(quotes.map((q) => q.snapshot)).toEqual([true, false, false]);
    const last = quotes[2]!;
    expect(last.changed).toEqual({ volume: 17, lastSize: 3, tradeTime: 1732892402178 });
    expect(last.quote).toMatchObject({ bid: 148.64, ask: 149.02, last: 148.9, volume: 17, lastSize: 3, openInterest: 356, delayed: false });
    expect(last.receivedAt).toBe(300);
  });

  it('forgets unsubscribed keys where the client wrote its note in the stream, and only those', () => {
    const OTHER = 'SPY   241129P00450000';
    const live = new FrameProcessor();
    const { quotes } = collect(live);
    const recorded: string[] = [S7, data('LEVELONE_OPTIONS', [{ key: OTHER, assetMainType: 'OPTION', delayed: false, '2': 1, '3': 2, '8': 40 }]), forgetNote('LEVELONE_OPTIONS', [KEY]), S8b];
    recorded.forEach((text, i) => live.process(text, i));
    // The delta after the note is a fresh baseline: no merged bid from before it.
    expect(quotes.at(-1)).toMatchObject({ symbol: KEY, quote: { volume: 17 } });
    expect(quotes.at(-1)!.quote.bid).toBeUndefined();
    expect(live.optionQuote(OTHER)?.volume).toBe(40);
    expect(live.stats().frames).toBe(3);
    // The same recorded lines replayed give the same state.
    const replay = new FrameProcessor();
    recorded.forEach((text, i) => replay.process(text, i));
    expect(replay.optionQuote(KEY)).toEqual(live.optionQuote(KEY));
    expect(replay.optionQuote(OTHER)).toEqual(live.optionQuote(OTHER));
  });

  it('reports a malformed client note and keeps going', () => {
    const p = new FrameProcessor();
    const { quotes, problems } = collect(p);
    p.process('{"fathomClient":{"forget":{"service":7}}}', 1);
    p.process('{"fathomClient":', 2);
    p.process(S7, 3);
    expect(problems.map((x) => x.kind)).toEqual(['unparsable', 'unparsable']);
    expect(quotes).toHaveLength(1);
  });

  it('treats a message with meta keys as a new snapshot (re-SUBS) and drops stale fields', () => {
    const p = new FrameProcessor();
    const { quotes } = collect(p);
    p.process(S7, 1);
    p.process(data('LEVELONE_OPTIONS', [{ key: KEY, assetMainType: 'OPTION', delayed: false, '2': 1, '3': 2, '8': 500 }]), 2);
    expect(quotes[1]!.snapshot).toBe(true);
    expect(quotes[1]!.quote.last).toBeUndefined();
    expect(quotes[1]!.quote.volume).toBe(500);
  });

  it('starts a new baseline after a successful LOGIN and after SUBS', () => {
    const p = new FrameProcessor();
    const { quotes } = collect(p);
    const response = (service: string, command: string, code = 0) =>
      JSON.stringify({ response: [{ service, command, requestid: '1', SchwabClientCorrelId: 'c', timestamp: 1, content: { code, msg: '' } }] });
    p.process(S7, 1);
    p.process(response('ADMIN', 'LOGIN'), 2);
    p.process(S8b, 3);
    expect(quotes[1]!.snapshot).toBe(true);
    p.process(response('LEVELONE_OPTIONS', 'SUBS', 22), 4);
    p.process(S8a, 5);
    expect(quotes[2]!.snapshot).toBe(false);
    p.process(response('LEVELONE_OPTIONS', 'SUBS', 26), 6);
    p.process(S8a, 7);
    expect(quotes[3]!.snapshot).toBe(true);
  });

  it('skips a field of the wrong type and keeps the rest of the item', () => {
    const p = new FrameProcessor();
    const { quotes } = collect(p);
    p.process(data('LEVELONE_OPTIONS', [{ key: KEY, '2': 'oops', '3': 2.5, '21': 'X' }]), 1);
    expect(quotes[0]!.changed).toEqual({ ask: 2.5 });
    expect(p.stats().badFields).toBe(2);
  });

  it('carries several services and keys in one frame', () => {
    const p = new FrameProcessor();
    const { quotes } = collect(p);
    const equities: string[] = [];
    p.events.on('equityQuote', (u) => equities.push(`${u.symbol}:${u.quote.last}`));
    const frame = JSON.stringify({
      data: [
        { service: 'LEVELONE_OPTIONS', timestamp: 1, command: 'SUBS', content: [{ key: KEY, '2': 1 }, { key: 'SPY   241129P00450000', '2': 2 }] },
        { service: 'LEVELONE_EQUITIES', timestamp: 1, command: 'SUBS', content: [{ key: 'SPY', '3': 598.5 }] },
      ],
    });
    p.process(frame, 1);
    expect(quotes.map((q) => q.symbol)).toEqual([KEY, 'SPY   241129P00450000']);
    expect(equities).toEqual(['SPY:598.5']);
  });
});

describe('FrameProcessor: books and bars', () => {
  it('decodes the first level of book sample S9 (docs/schwab-streaming.md §7) whole, with venues and ET quote times', () => {
    const p = new FrameProcessor();
    const { books } = collect(p);
    p.process(
      data('OPTIONS_BOOK', [
        {
          key: 'GOOGL 251212C00315000',
          '1': 1765307114236,
          '2': [{ '0': 5.45, '1': 146, '2': 3, '3': [{ '0': 'S', '1': 24, '2': 50714236 }, { '0': 'PACX', '1': 21, '2': 50714140 }, { '0': 'CBOE', '1': 101, '2': 50713922 }] }],
          '3': [{ '0': 5.55, '1': 653, '2': 2, '3': [{ '0': 'AMEX', '1': 362, '2': 50714236 }, { '0': 'CBOE', '1': 291, '2': 50713922 }] }],
        },
      ]),
      5,
    );
    expect(books).toHaveLength(1);
    const book = books[0]!;
    expect(book).toMatchObject({ symbol: 'GOOGL 251212C00315000', time: 1765307114236, receivedAt: 5 });
    expect(book.bids[0]).toEqual({
      price: 5.45,
      size: 146,
      venueCount: 3,
      venues: [
        { venue: 'S', size: 24, quoteTimeEtMs: 50714236 },
        { venue: 'PACX', size: 21, quoteTimeEtMs: 50714140 },
        { venue: 'CBOE', size: 101, quoteTimeEtMs: 50713922 },
      ],
    });
    expect(book.asks[0]!.size).toBe(653);
  });

  it('refuses a malformed book instead of showing half of it', () => {
    const p = new FrameProcessor();
    const { books, problems } = collect(p);
    p.process(data('OPTIONS_BOOK', [{ key: 'X', '2': [{ '0': 'five', '1': 1 }] }]), 1);
    expect(books).toHaveLength(0);
    expect(problems[0]?.kind).toBe('malformed-item');
  });

  it('reads CHART_EQUITY in the live numbering and drops a repeated seq within one connection', () => {
    const p = new FrameProcessor();
    const { bars } = collect(p);
    // Sample S11 of docs/schwab-streaming.md §7.
    const s11 = { '1': 425, '2': 221.133, '3': 221.18, '4': 221.02, '5': 221.02, '6': 11730, '7': 1765307100000, '8': 20431, seq: 202, key: 'AMD' };
    p.process(data('CHART_EQUITY', [s11]), 1);
    p.process(data('CHART_EQUITY', [s11, { ...s11, '1': 426, seq: 203, '7': 1765307160000 }, { ...s11, seq: 150 }]), 2);
    expect(bars.map((b) => b.seq)).toEqual([202, 203]);
    expect(bars[0]).toMatchObject({ minuteIndex: 425, open: 221.133, high: 221.18, low: 221.02, close: 221.02, volume: 11730, time: 1765307100000, chartDay: 20431 });
    expect(p.stats().duplicateBars).toBe(2);
  });

  it('keeps CHART_EQUITY seq memory per connection: after a LOGIN, bars with a restarted, lower seq are delivered', () => {
    // Live bars right after subscribing carry small seqs (0 in schwab-py's sample, 202 in
    // Schwabdev's; captures/README.md), so Schwab numbers them per connection. A memory that
    // outlived the reconnect would drop every bar until the new seqs passed the old ones.
    const p = new FrameProcessor();
    const { bars } = collect(p);
    const bar = (seq: number, minute: number) => ({ '1': minute, '2': 1, '3': 1, '4': 1, '5': 1, '6': 100, '7': 1765281600000 + minute * 60_000, '8': 20431, seq, key: 'AMD' });
    const login = JSON.stringify({ response: [{ service: 'ADMIN', command: 'LOGIN', requestid: '0', SchwabClientCorrelId: 'c', timestamp: 1, content: { code: 0, msg: 'server=s;status=NP' } }] });
    p.process(data('CHART_EQUITY', [bar(202, 425), bar(203, 426)]), 1);
    p.process(login, 2);
    p.process(data('CHART_EQUITY', [bar(0, 430), bar(1, 431), bar(1, 431)]), 3);
    expect(bars.map((b) => [b.seq, b.minuteIndex])).toEqual([
      [202, 425],
      [203, 426],
      [0, 430],
      [1, 431],
    ]);
    expect(p.stats().duplicateBars).toBe(1);
    // A refused LOGIN is no new connection: the memory stays.
    p.process(login.replace('"code":0', '"code":3'), 4);
    p.process(data('CHART_EQUITY', [bar(1, 431)]), 5);
    expect(bars).toHaveLength(4);
  });
});

describe('FrameProcessor: bad input is counted, never fatal', () => {
  it('counts garbage, unknown services and items without keys, and keeps going', () => {
    const p = new FrameProcessor();
    const { quotes, problems } = collect(p);
    p.process('\u0000\u0001garbage{', 1);
    p.process('[1,2,3]', 2);
    p.process(JSON.stringify({ surprise: [] }), 3);
    p.process(data('TIMESALE_OPTIONS', [{ key: KEY, '1': 1 }]), 4);
    p.process(data('LEVELONE_OPTIONS', [{ '2': 1 }, 'x', { key: KEY, '2': 3 }]), 5);
    expect(quotes).toHaveLength(1);
    const stats = p.stats();
    expect(stats).toMatchObject({ frames: 5, unparsable: 3, unknownService: 1, malformedItems: 2 });
    expect(problems.map((x) => x.kind)).toEqual(['unparsable', 'unparsable', 'unparsable', 'unknown-service', 'malformed-item', 'malformed-item']);
  });

  it('keeps calling the other listeners when one throws', () => {
    const p = new FrameProcessor();
    const seen: string[] = [];
    p.events.on('optionQuote', () => {
      throw new Error('boom');
    });
    p.events.on('optionQuote', (u) => seen.push(u.symbol));
    p.process(S7, 1);
    expect(seen).toEqual([KEY]);
    expect(p.stats().listenerErrors).toBe(1);
  });

  it('reports heartbeats and admin notices', () => {
    const p = new FrameProcessor();
    const beats: number[] = [];
    const codes: number[] = [];
    p.events.on('heartbeat', (h) => beats.push(h.serverTime));
    p.events.on('admin', (a) => codes.push(a.item.content.code));
    p.process('{"notify":[{"heartbeat":"1755118704127"}]}', 1);
    p.process('{"notify":[{"service":"ADMIN","timestamp":1718801330575,"content":{"code":30,"msg":"Stop streaming due to empty subscription"}}]}', 2);
    expect(beats).toEqual([1755118704127]);
    expect(codes).toEqual([30]);
  });
});
