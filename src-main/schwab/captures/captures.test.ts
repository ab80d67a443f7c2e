// Frames captured from Schwab's live streamer by other people and published by them, each in its
// own fixture beside this file (README.md there says where each one was published), run through
// the real FrameProcessor and checked field by field. These pin the decoder to the service itself
// rather than to our own reading of it (docs/schwab-streaming.md), which the simulator shares.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bar, Book, EquityQuoteUpdate, OptionQuoteUpdate } from '../../../shared/domain/market.ts';
import { actionFor } from '../codes.ts';
import { FrameProcessor, type FrameEvents, type ProtocolProblem } from '../frame-processor.ts';
import { venueClockOffset } from '../../../shared/analytics/book.ts';

const DIR = import.meta.dirname;

/** A fixture's published text: the file holds it followed by one newline. */
function published(name: string): string {
  const text = readFileSync(join(DIR, name), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1);
}

/**
 * The three fixtures from Python test files were published as Python dict literals: single-quoted
 * keys and strings, True/False, and in one case a test parameter (`service`) where the service
 * name goes. These are the only rewrites made, and only in those fixtures; everything else is the
 * published text as it stands.
 */
function fromPython(text: string, service?: string): string {
  let json = text.replace(/'([^'\\]*)'/g, '"$1"').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false');
  if (service !== undefined) json = json.replace(/("service": )service\b/, `$1"${service}"`);
  return json;
}

/** Schwabdev's CHART_EQUITY sample carries its author's `# …` note after field 1; drop it. */
function withoutNotes(text: string): string {
  return text.replace(/ # [^\n]*/g, '');
}

function collect(p: FrameProcessor) {
  const options: OptionQuoteUpdate[] = [];
  const equities: EquityQuoteUpdate[] = [];
  const books: Book[] = [];
  const bars: Bar[] = [];
  const responses: FrameEvents['response'][] = [];
  const admin: FrameEvents['admin'][] = [];
  const heartbeats: FrameEvents['heartbeat'][] = [];
  const problems: ProtocolProblem[] = [];
  // Quote objects are live (later deltas change them): keep a copy of each as it was.
  p.events.on('optionQuote', (u) => options.push(structuredClone(u)));
  p.events.on('equityQuote', (u) => equities.push(structuredClone(u)));
  p.events.on('book', (b) => books.push(b));
  p.events.on('bar', (b) => bars.push(b));
  p.events.on('response', (r) => responses.push(r));
  p.events.on('admin', (a) => admin.push(a));
  p.events.on('heartbeat', (h) => heartbeats.push(h));
  p.events.on('problem', (x) => problems.push(x));
  return { options, equities, books, bars, responses, admin, heartbeats, problems };
}

/** Runs frames through a fresh processor; every one must be read without a problem. */
function run(...frames: string[]) {
  const p = new FrameProcessor();
  const seen = collect(p);
  frames.forEach((text, i) => p.process(text, 1_000 + i));
  expect(seen.problems).toEqual([]);
  expect(p.stats()).toMatchObject({ unparsable: 0, unknownService: 0, malformedItems: 0, badFields: 0 });
  return { p, ...seen };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

const NEW_YORK = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Milliseconds since midnight on New York's clock (EST or EDT, whichever was in force). */
function newYorkTimeOfDay(epochMs: number): number {
  const part = (type: string) => Number(NEW_YORK.formatToParts(epochMs).find((p) => p.type === type)?.value);
  return ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + (epochMs % 1000);
}

/** Milliseconds since midnight at a fixed offset from UTC, whatever the season. */
function fixedOffsetTimeOfDay(epochMs: number, offsetHours: number): number {
  const day = 86_400_000;
  return (((epochMs + offsetHours * 3_600_000) % day) + day) % day;
}

describe('the fixtures are the published text, unchanged', () => {
  it('lists every fixture in README.md with the hash of its bytes, and nothing else lives here', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    const listed = new Map([...readme.matchAll(/^\| `([^`]+\.txt)` \|.*\| `([0-9a-f]{16})` \|$/gm)].map((m) => [m[1] as string, m[2] as string]));
    const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
    expect([...listed.keys()].sort()).toEqual(files);
    for (const file of files) {
      const hash = createHash('sha256').update(readFileSync(join(DIR, file))).digest('hex').slice(0, 16);
      expect(`${file} ${hash}`).toBe(`${file} ${listed.get(file)}`);
    }
  });
});

describe('ADMIN: LOGIN response, heartbeats, a subscription response (schw_api_service, 2025-08-13)', () => {
  const session = (n: number) => readdirSync(DIR).filter((f) => f.startsWith('schw-api-service_2025-08-13_'))[n - 1] as string;

  it('reads the LOGIN answer: a response item with a string requestid, the correl id, an epoch-ms timestamp and code 0', () => {
    const { responses } = run(published(session(1)));
    expect(responses).toHaveLength(1);
    const { item, receivedAt } = responses[0]!;
    expect(receivedAt).toBe(1_000);
    expect(item).toEqual({
      service: 'ADMIN',
      command: 'LOGIN',
      requestid: '1',
      SchwabClientCorrelId: '60b4c643-ca26-d965-1d21-ad96078ab2fa',
      timestamp: 1755118704102,
      content: { code: 0, msg: 'server=s3081dc7-2;status=NP' },
    });
    expect(iso(item.timestamp)).toBe('2025-08-13T20:58:24.102Z');
    expect(actionFor(item.content.code)).toBe('success');
  });

  it('reads the heartbeat: epoch ms sent as a string, 25 ms after the LOGIN answer', () => {
    const { heartbeats } = run(published(session(2)));
    expect(heartbeats).toEqual([{ serverTime: 1755118704127, receivedAt: 1_000 }]);
    expect(iso(heartbeats[0]!.serverTime)).toBe('2025-08-13T20:58:24.127Z');
  });

  it('reads the SUBS answer', () => {
    const { responses } = run(published(session(3)));
    expect(responses.map((r) => r.item)).toEqual([
      {
        service: 'LEVELONE_EQUITIES',
        command: 'SUBS',
        requestid: '3',
        SchwabClientCorrelId: '60b4c643-ca26-d965-1d21-ad96078ab2fa',
        timestamp: 1755118704127,
        content: { code: 0, msg: 'SUBS command succeeded' },
      },
    ]);
  });

  it('merges the live LEVELONE_EQUITIES deltas onto the snapshot, field by field', () => {
    const frames = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => published(session(n)));
    const { equities, responses, heartbeats, p } = run(...frames);
    expect(responses).toHaveLength(2);
    expect(heartbeats).toHaveLength(1);
    expect(equities.map((u) => u.snapshot)).toEqual([true, false, false, false, false, false]);
    expect(equities.map((u) => u.changed)).toEqual([
      { bid: 233.22, ask: 233.33, last: 233.3, bidSize: 1, askSize: 3, volume: 69783235, high: 235, delayed: false },
      { last: 233.31, volume: 69783236 },
      { bid: 233.33, ask: 233.39, last: 233.34, askSize: 1, volume: 69784498 },
      { last: 233.35, volume: 69784508 },
      { last: 233.36, volume: 69784619 },
      { volume: 69784645 },
    ]);
    // An absent field is unchanged, never zero: the bid size of the snapshot survives five deltas.
    expect(equities.map((u) => u.quote)).toEqual([
      { symbol: 'AAPL', bid: 233.22, ask: 233.33, last: 233.3, bidSize: 1, askSize: 3, volume: 69783235, high: 235, delayed: false },
      { symbol: 'AAPL', bid: 233.22, ask: 233.33, last: 233.31, bidSize: 1, askSize: 3, volume: 69783236, high: 235, delayed: false },
      { symbol: 'AAPL', bid: 233.33, ask: 233.39, last: 233.34, bidSize: 1, askSize: 1, volume: 69784498, high: 235, delayed: false },
      { symbol: 'AAPL', bid: 233.33, ask: 233.39, last: 233.35, bidSize: 1, askSize: 1, volume: 69784508, high: 235, delayed: false },
      { symbol: 'AAPL', bid: 233.33, ask: 233.39, last: 233.36, bidSize: 1, askSize: 1, volume: 69784619, high: 235, delayed: false },
      { symbol: 'AAPL', bid: 233.33, ask: 233.39, last: 233.36, bidSize: 1, askSize: 1, volume: 69784645, high: 235, delayed: false },
    ]);
    expect(p.equityQuote('AAPL')).toEqual(equities.at(-1)!.quote);
    expect(p.stats()).toMatchObject({ frames: 9, dataItems: 6, heartbeats: 1 });
  });

  it('starts a new baseline when this live LOGIN answer arrives on a new connection', () => {
    const { equities } = run(published(session(4)), published(session(1)), published(session(5)));
    expect(equities.map((u) => u.snapshot)).toEqual([true, true]);
    expect(equities[1]!.quote).toEqual({ symbol: 'AAPL', last: 233.31, volume: 69783236 });
  });
});

describe('ADMIN notices (SchwabApiCS, 2024-06)', () => {
  it('reads a heartbeat', () => {
    const { heartbeats } = run(published('schwabapics_2024-06-18_heartbeat.txt'));
    expect(heartbeats.map((h) => iso(h.serverTime))).toEqual(['2024-06-18T21:20:24.421Z']);
  });

  it('reads code 30 as an ADMIN notify item, which tells the client to stop', () => {
    const { admin } = run(published('schwabapics_2024-06-19_notify-code-30.txt'));
    expect(admin.map((a) => a.item)).toEqual([{ service: 'ADMIN', timestamp: 1718801330575, content: { code: 30, msg: 'Stop streaming due to empty subscription' } }]);
    expect(iso(admin[0]!.item.timestamp)).toBe('2024-06-19T12:48:50.575Z');
    expect(actionFor(30)).toBe('stop');
  });
});

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

describe('OPTIONS_BOOK (Schwabdev, GOOGL 251212C00315000, 2025-12-09)', () => {
  const BID = [
    ['S', 24, 50714236],
    ['PACX', 21, 50714140],
    ['MEMX', 16, 50713823],
    ['MIAX', 14, 50713922],
    ['AMEX', 10, 50714017],
    ['BATS', 9, 50713807],
    ['PHLX', 9, 50714079],
    ['BOSX', 9, 50713802],
    ['EDGX', 7, 50714029],
    ['ISEX', 7, 50713814],
    ['XBXO', 5, 50713819],
    ['MERC', 5, 50713823],
    ['CBOE', 4, 50713922],
    ['NYSE', 3, 50713521],
    ['GMNI', 2, 50713801],
    ['NSDQ', 1, 50713806],
  ] as const;
  const ASK = [
    ['AMEX', 362, 50714236],
    ['CBOE', 291, 50713922],
    ['EDGX', 279, 50714029],
    ['PHLX', 232, 50714079],
    ['BOSX', 156, 50713802],
    ['S', 152, 50713806],
    ['ISEX', 112, 50713814],
    ['MIAX', 99, 50713922],
    ['MERC', 76, 50713823],
    ['BATS', 70, 50713807],
    ['NSDQ', 47, 50713806],
    ['GMNI', 39, 50713801],
    ['PACX', 37, 50713527],
    ['NYSE', 29, 50713521],
    ['XBXO', 26, 50713819],
    ['MEMX', 22, 50713823],
  ] as const;
  const venues = (list: readonly (readonly [string, number, number])[]) => list.map(([venue, size, quoteTimeEtMs]) => ({ venue, size, quoteTimeEtMs }));

  it('decodes one price level per side over sixteen venues, each with its size and quote time', () => {
    const { books } = run(published('schwabdev_2025-12-09_options-book.txt'));
    expect(books).toEqual([
      {
        symbol: 'GOOGL 251212C00315000',
        time: 1765307114236,
        receivedAt: 1_000,
        bids: [{ price: 5.45, size: 146, venueCount: 16, venues: venues(BID) }],
        asks: [{ price: 5.55, size: 2029, venueCount: 16, venues: venues(ASK) }],
      },
    ]);
    expect(iso(books[0]!.time)).toBe('2025-12-09T19:05:14.236Z');
    // Field 1 of a level is the sum of its venues' sizes; field 2 is how many there are.
    for (const level of [...books[0]!.bids, ...books[0]!.asks]) {
      expect(level.venues.reduce((sum, v) => sum + v.size, 0)).toBe(level.size);
      expect(level.venues).toHaveLength(level.venueCount);
    }
  });

  it('carries venue quote times as milliseconds since midnight New York time (EST here): the newest is the snapshot time of day', () => {
    const { books } = run(published('schwabdev_2025-12-09_options-book.txt'));
    const book = books[0]!;
    const times = [...book.bids, ...book.asks].flatMap((l) => l.venues.map((v) => v.quoteTimeEtMs));
    expect(Math.max(...times)).toBe(newYorkTimeOfDay(book.time));
    expect(newYorkTimeOfDay(book.time)).toBe(50_714_236); // 14:05:14.236 EST
    expect(fixedOffsetTimeOfDay(book.time, -5)).toBe(50_714_236); // the same thing in December
    // Every venue quoted within the second before the snapshot.
    for (const t of times) expect(newYorkTimeOfDay(book.time) - t).toBeLessThan(1_000);
    // The book window reads this clock as New York time.
    expect(venueClockOffset(book)).toBe(0);
  });
});

describe('an equity book from the TD Ameritrade streamer (tda-api, 2020-05-26, daylight time)', () => {
  it('has venue times one hour behind New York daylight time: on a fixed UTC-5 clock, that is, not New York time', () => {
    const { books } = run(fromPython(published('tda-api_2020-05-26_book.txt'), 'NASDAQ_BOOK'));
    expect(books.map((b) => [b.symbol, iso(b.time), b.bids.length, b.asks.length])).toEqual([
      ['MSFT', '2020-05-26T22:34:02.608Z', 3, 4],
      ['GOOG', '2020-05-26T22:32:03.728Z', 4, 2],
    ]);
    const msft = books[0]!;
    expect(msft.bids[1]).toEqual({
      price: 181.75,
      size: 545,
      venueCount: 2,
      venues: [
        { venue: 'NSDQ', size: 345, quoteTimeEtMs: 62685730 },
        { venue: 'arcx', size: 200, quoteTimeEtMs: 63242588 },
      ],
    });
    const newest = Math.max(...[...msft.bids, ...msft.asks].flatMap((l) => l.venues.map((v) => v.quoteTimeEtMs)));
    expect(newest).toBe(63_242_588);
    expect(newYorkTimeOfDay(msft.time) - newest).toBe(3_600_020); // 18:34:02.608 EDT
    expect(fixedOffsetTimeOfDay(msft.time, -5) - newest).toBe(20);
    // The book window reads it as a standard-time clock and adds the hour back to its ages.
    expect(venueClockOffset(msft)).toBe(3_600_000);
  });
});

describe('CHART_EQUITY (live numbering)', () => {
  it('decodes the schwab-py sample (2024-05-16): seq 0 on the first bars after subscribing, field 1 the minute counted from 07:00 New York', () => {
    const { bars } = run(fromPython(published('schwab-py_2024-05-16_chart-equity.txt')));
    expect(bars).toEqual([
      { symbol: 'MSFT', seq: 0, minuteIndex: 779, time: 1715903940000, open: 421.65, high: 421.79, low: 421.65, close: 421.755, volume: 26, chartDay: 19859 },
      { symbol: 'GOOG', seq: 0, minuteIndex: 779, time: 1715903940000, open: 175.16, high: 175.21, low: 175.06, close: 175.06, volume: 145, chartDay: 19859 },
    ]);
    const bar = bars[0]!;
    expect(iso(bar.time)).toBe('2024-05-16T23:59:00.000Z'); // 19:59 EDT
    expect(newYorkTimeOfDay(bar.time)).toBe((7 * 60 + bar.minuteIndex) * 60_000);
    expect(new Date(bar.chartDay * 86_400_000).toISOString().slice(0, 10)).toBe('2024-05-16');
  });

  it('decodes the Schwabdev sample (2025-12-09) the same way, in standard time', () => {
    const { bars } = run(withoutNotes(published('schwabdev_2025-12-09_chart-equity.txt')));
    expect(bars).toEqual([{ symbol: 'AMD', seq: 202, minuteIndex: 425, time: 1765307100000, open: 221.133, high: 221.18, low: 221.02, close: 221.02, volume: 11730, chartDay: 20431 }]);
    const bar = bars[0]!;
    expect(iso(bar.time)).toBe('2025-12-09T19:05:00.000Z'); // 14:05 EST
    expect(newYorkTimeOfDay(bar.time)).toBe((7 * 60 + bar.minuteIndex) * 60_000);
    expect(new Date(bar.chartDay * 86_400_000).toISOString().slice(0, 10)).toBe('2025-12-09');
  });

  it('has field 3 as the highest and field 4 as the lowest price of every captured bar', () => {
    const { bars } = run(fromPython(published('schwab-py_2024-05-16_chart-equity.txt')), withoutNotes(published('schwabdev_2025-12-09_chart-equity.txt')));
    expect(bars).toHaveLength(3);
    for (const b of bars) {
      expect(b.high).toBe(Math.max(b.open, b.high, b.low, b.close));
      expect(b.low).toBe(Math.min(b.open, b.high, b.low, b.close));
    }
  });

  it('keeps a repeated bar within one connection out', () => {
    const frame = fromPython(published('schwab-py_2024-05-16_chart-equity.txt'));
    const { bars, p } = run(frame, frame);
    expect(bars.map((b) => b.symbol)).toEqual(['MSFT', 'GOOG']);
    expect(p.stats().duplicateBars).toBe(2);
  });
});
