// The fault endpoint's scripted book events (book-refill, book-pull, book-hold) on the real simulated market,
// seen by the app's own client over real sockets on 127.0.0.1, on one ManualClock: a refill is a
// print on Level 1 and the same size back in the next book; a pull is a venue gone with no print.
import { afterEach, describe, expect, it } from 'vitest';
import type { Book, OptionQuote } from '../../../shared/domain/market.ts';
import { etMsSinceMidnight } from '../../../shared/time/eastern.ts';
import { contractsAround, startDemoHarness, until, type DemoHarness } from '../../market/demo-harness.testkit.ts';
import { SymbolSubscriptions } from '../../market/symbol-subscriptions.ts';
import { HOLD_MS, REFILL_DELAY_MS } from '../market/book-script.ts';
import type { BookScriptAnswer } from './fault-route.ts';
import { postFault } from './simulator.testkit.ts';
import { SCRIPTED_CALL } from './scripted-market.testkit.ts';
import { startScripted } from './simulator.testkit.ts';

interface Seen {
  h: DemoHarness;
  symbol: string;
  books: Book[];
  quotes: OptionQuote[];
}

let running: DemoHarness | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

/** A live-shaped demo session with one busy SPY contract subscribed, books and quotes recorded. */
async function session(seed: number): Promise<Seen> {
  const h = await startDemoHarness({ seed, bookLevels: 1, faultEndpoint: true });
  running = h;
  const [symbol] = await contractsAround(h, 'SPY', 2);
  if (!symbol) throw new Error('no SPY contract');
  const books: Book[] = [];
  const quotes: OptionQuote[] = [];
  h.streamer.data.on('book', (b) => {
    if (b.symbol === symbol) books.push(b);
  });
  h.streamer.data.on('optionQuote', (u) => {
    if (u.symbol === symbol) quotes.push({ ...(quotes.at(-1) ?? {}), ...u.quote } as OptionQuote);
  });
  new SymbolSubscriptions(h.streamer).set([symbol], []);
  h.streamer.start();
  await until(() => h.streamer.status().state === 'live', 'login');
  await h.run(4_000);
  return { h, symbol, books, quotes };
}

async function script(h: DemoHarness, kind: string, body: unknown): Promise<BookScriptAnswer> {
  const response = await postFault(h.sim, kind, { body: JSON.stringify(body) });
  const answer = (await response.json()) as BookScriptAnswer;
  expect(response.status, JSON.stringify(answer)).toBe(200);
  return answer;
}

function venueAt(book: Book, side: 'bid' | 'ask', price: number, venue: string) {
  const level = (side === 'bid' ? book.bids : book.asks).find((l) => l.price === price);
  return level?.venues.find((v) => v.venue === venue);
}

describe('book-refill', () => {
  it('prints the venue’s whole size on Level 1 and shows the same size again in the next book, with a new quote time', async () => {
    const { h, symbol, books, quotes } = await session(7);
    const volumeBefore = quotes.at(-1)?.volume as number;
    const answer = await script(h, 'book-refill', { symbol, side: 'bid' });
    expect(answer).toMatchObject({ applied: true, symbol, side: 'bid', time: h.clock.now() });
    expect(answer.size).toBeGreaterThan(0);
    // The venue picked had company at the bid touch, so the touch price stays while it is away.
    const now = h.sim.market.optionBook(symbol) as Book;
    expect(now.bids[0]?.price).toBe(answer.price);
    expect(venueAt(now, 'bid', answer.price, answer.venue)).toBeUndefined();
    await h.run(3_000);

    const printed = quotes.find((q) => q.tradeTime === answer.time);
    expect(printed).toMatchObject({ last: answer.price, lastSize: answer.size, volume: volumeBefore + answer.size });
    const after = books.filter((b) => b.time >= answer.time + REFILL_DELAY_MS);
    const next = after[0] as Book;
    expect(next.time - answer.time).toBeLessThan(REFILL_DELAY_MS + 1_100);
    expect(venueAt(next, 'bid', answer.price, answer.venue)).toEqual({
      venue: answer.venue,
      size: answer.size,
      quoteTimeEtMs: etMsSinceMidnight(answer.time + REFILL_DELAY_MS),
    });
    // A book sent inside the refill delay shows the venue gone from that price.
    for (const b of books.filter((x) => x.time >= answer.time && x.time < answer.time + REFILL_DELAY_MS))
      expect(venueAt(b, 'bid', answer.price, answer.venue)).toBeUndefined();
  });

  it('takes the venue asked for, and answers the same venue and size for the same seed and time', async () => {
    const first = await session(11);
    const venue = first.books.at(-1)?.asks[0]?.venues.at(-1)?.venue as string;
    const a = await script(first.h, 'book-refill', { symbol: first.symbol, side: 'ask', venue });
    expect(a.venue).toBe(venue);
    await first.h.stop();
    running = null;
    const second = await session(11);
    expect(await script(second.h, 'book-refill', { symbol: second.symbol, side: 'ask', venue })).toEqual(a);
  });
});

describe('book-pull', () => {
  it('takes the venue’s size off the touch with no print, and the venue stays away at least 5 s', async () => {
    const { h, symbol, books, quotes } = await session(7);
    const volumeBefore = quotes.at(-1)?.volume as number;
    const answer = await script(h, 'book-pull', { symbol, side: 'ask' });
    expect(answer).toMatchObject({ applied: true, symbol, side: 'ask', time: h.clock.now() });
    expect(answer.size).toBeGreaterThan(0);
    expect((h.sim.market.optionBook(symbol) as Book).asks[0]?.price).toBe(answer.price);
    await h.run(4_500);
    const after = books.filter((b) => b.time > answer.time);
    expect(after.length).toBeGreaterThan(2);
    for (const b of after) expect(venueAt(b, 'ask', answer.price, answer.venue)).toBeUndefined();
    expect(quotes.at(-1)?.volume).toBe(volumeBefore);
  });
});

describe('book-hold', () => {
  it('holds the touch price and venue sizes and quiets the contract for HOLD_MS, with no event, so the next book shows the touch a refill will act on', async () => {
    const { h, symbol, books, quotes } = await session(7);
    const volumeBefore = quotes.at(-1)?.volume as number;
    const answer = await script(h, 'book-hold', { symbol, side: 'ask' });
    expect(answer).toMatchObject({ applied: true, symbol, side: 'ask', time: h.clock.now() });
    await h.run(HOLD_MS - 1_000);
    const held = books.filter((b) => b.time > answer.time);
    expect(held.length).toBeGreaterThan(2);
    // Price and venue sizes stand still (only an order already printing could change a size).
    const sizes = (b: Book) => JSON.stringify(b.asks[0]?.venues.map((v) => [v.venue, v.size]));
    for (const b of held) {
      expect(b.asks[0]?.price).toBe(answer.price);
      if (b.time - answer.time < HOLD_MS) expect(sizes(b)).toBe(sizes(held[0] as Book));
    }
    expect(quotes.at(-1)?.volume).toBe(volumeBefore);
    // The refill that follows acts on the touch those books showed.
    const shown = held.at(-1)?.asks[0]?.venues[0];
    const refill = await script(h, 'book-refill', { symbol, side: 'ask', venue: shown?.venue as string });
    expect(refill).toMatchObject({ price: answer.price, venue: shown?.venue, size: shown?.size });
  });
});

describe('what book-refill and book-pull refuse', () => {
  it('answers 400 to a bad body, 404 to a contract the simulator does not know, 409 to a venue not at the touch', async () => {
    const { h, symbol } = await session(7);
    for (const [body, needle] of [
      ['not json', 'not JSON'],
      ['[1]', 'not an object'],
      [JSON.stringify({ side: 'bid' }), 'symbol must be'],
      [JSON.stringify({ symbol, side: 'both' }), 'side must be "bid" or "ask"'],
      [JSON.stringify({ symbol, side: 'bid', venue: 7 }), 'venue, when given'],
      [JSON.stringify({ symbol, side: 'bid', size: 5 }), '"size" is not one of its fields'],
    ] as const) {
      const response = await postFault(h.sim, 'book-refill', { body });
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: string }).error, body).toContain(needle);
    }
    const query = await postFault(h.sim, 'book-pull?ms=5', { body: JSON.stringify({ symbol, side: 'bid' }) });
    expect(query.status).toBe(400);
    const unknown = await postFault(h.sim, 'book-pull', { body: JSON.stringify({ symbol: 'ZZZZ  261218C00100000', side: 'bid' }) });
    expect(unknown.status).toBe(404);
    const away = await postFault(h.sim, 'book-refill', { body: JSON.stringify({ symbol, side: 'bid', venue: 'NOPE' }) });
    expect(away.status).toBe(409);
    expect(((await away.json()) as { error: string }).error).toContain('"NOPE" is not at the bid touch');
  });

  it('answers 501 when the market cannot script its book', async () => {
    const { sim } = await startScripted({ faultEndpoint: true });
    try {
      const response = await postFault(sim, 'book-pull', { body: JSON.stringify({ symbol: SCRIPTED_CALL, side: 'bid' }) });
      expect(response.status).toBe(501);
    } finally {
      await sim.stop();
    }
  });
});
