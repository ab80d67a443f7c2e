// The real client against the real simulator on 127.0.0.1, on one ManualClock: login, the four
// commands, merge, books, response codes, silence, cuts, denials, refused refreshes, garbage;
// subscriptions that are keys only, with the data listened to once.
import { afterEach, describe, expect, it } from 'vitest';
import type { Book, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import type { ConnectionState } from '../../shared/domain/session.ts';
import { carriedOptionFields } from './option-update-decode.ts';
import type { MarketService } from './protocol.ts';
import { contractsAround, startDemoHarness, until, type DemoHarness, type DemoHarnessOptions } from '../market/demo-harness.testkit.ts';
import type { MarketDataEvents, RequestOutcome } from './streamer.ts';

let harness: DemoHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

async function live(options: DemoHarnessOptions = {}): Promise<{ h: DemoHarness; statuses: ConnectionState[]; outcomes: RequestOutcome[] }> {
  const h = await startDemoHarness(options);
  harness = h;
  const statuses: ConnectionState[] = [];
  const outcomes: RequestOutcome[] = [];
  h.streamer.on('status', (s) => statuses.push(s));
  h.streamer.on('request', (o) => outcomes.push(o));
  return { h, statuses, outcomes };
}

const liveNow = (h: DemoHarness) => until(() => h.streamer.status().state === 'live', 'live');
const requests = (h: DemoHarness, name: string) => h.sim.stats().requests[name];
const usage = (h: DemoHarness, service: MarketService) => h.streamer.usage().find((u) => u.service === service)?.keys;
const DATA_EVENTS: (keyof MarketDataEvents)[] = ['optionQuote', 'equityQuote', 'book', 'bar'];
const dataListeners = (h: DemoHarness) => Object.fromEntries(DATA_EVENTS.map((e) => [e, h.streamer.data.listenerCount(e)]));

describe('streamer against the simulator', () => {
  it('logs in before anything else, then SUBS, ADD, UNSUBS with exact casing, and a field change as SUBS (never VIEW)', async () => {
    const { h, statuses, outcomes } = await live();
    const [a, b] = await contractsAround(h, 'SPY', 1);
    h.streamer.start();
    await liveNow(h);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'live']);
    const offA = h.streamer.subscribeLevelOneOptions([a!]);
    await until(() => outcomes.length === 1, 'SUBS');
    h.streamer.subscribeLevelOneOptions([b!]);
    await until(() => outcomes.length === 2, 'ADD');
    offA();
    await until(() => outcomes.length === 3, 'UNSUBS');
    await h.streamer.view('LEVELONE_OPTIONS', '0,2,3,4,8');
    expect(outcomes.map((o) => `${o.command}:${o.ok}`)).toEqual(['SUBS:true', 'ADD:true', 'UNSUBS:true', 'SUBS:true']);
    expect(requests(h, 'ADMIN/LOGIN')?.count).toBe(1);
    expect(requests(h, 'LEVELONE_OPTIONS/SUBS')).toMatchObject({ count: 2, lastKeys: b, lastFields: '0,2,3,4,8' });
    expect(requests(h, 'LEVELONE_OPTIONS/ADD')).toMatchObject({ count: 1, lastKeys: b });
    expect(requests(h, 'LEVELONE_OPTIONS/UNSUBS')).toMatchObject({ count: 1, lastKeys: a });
    expect(requests(h, 'LEVELONE_OPTIONS/VIEW')).toBeUndefined();
    expect(h.sim.stats().subscribedKeys.LEVELONE_OPTIONS).toBe(1);
  });

  it('merges Level 1 deltas into the same state the market has', async () => {
    const { h } = await live({ intensity: 5 });
    const [symbol] = await contractsAround(h, 'QQQ', 1);
    const updates: OptionQuoteUpdate[] = [];
    h.streamer.data.on('optionQuote', (u) => {
      if (u.symbol === symbol) updates.push({ ...u, changed: carriedOptionFields(u.changed), quote: { ...u.quote } });
    });
    h.streamer.subscribeLevelOneOptions([symbol!]);
    h.streamer.start();
    await liveNow(h);
    await h.run(30_000, 100);
    expect(updates[0]?.snapshot).toBe(true);
    expect(updates.length).toBeGreaterThan(5);
    // Deltas carry only what changed: never the static fields a snapshot has.
    for (const u of updates.slice(1)) {
      expect(u.snapshot).toBe(false);
      expect(u.changed).not.toHaveProperty('description');
      expect(u.changed).not.toHaveProperty('strike');
      expect(u.changed).not.toHaveProperty('multiplier');
    }
    expect(updates.some((u) => u.changed.volume !== undefined)).toBe(true);
    // Every merged field is the latest value sent for it; nothing absent was zeroed.
    const folded: Record<string, unknown> = {};
    for (const u of updates) {
      Object.assign(folded, u.changed);
      expect(u.quote).toEqual({ symbol, ...folded });
    }
    const volumes = updates.map((u) => u.quote.volume ?? 0);
    expect(volumes).toEqual([...volumes].sort((a, b) => a - b));
  });

  it.each([1, 50])('delivers whole books with %i price levels per side, with venues', async (levels) => {
    const { h } = await live({ bookLevels: levels, intensity: 2 });
    // A contract worth several dollars, so 50 ticks fit below its bid.
    const symbol = (await contractsAround(h, 'SPY', 30)).find((s) => (h.sim.market.optionQuote(s)?.bid ?? 0) > 8);
    const books: Book[] = [];
    h.streamer.data.on('book', (b) => {
      if (b.symbol === symbol) books.push(b);
    });
    h.streamer.subscribeOptionsBook([symbol!]);
    h.streamer.start();
    await liveNow(h);
    await h.run(3_000);
    const book = books[books.length - 1]!;
    expect(book.bids.length).toBe(levels);
    expect(book.asks.length).toBe(levels);
    for (const level of [...book.bids, ...book.asks]) {
      expect(level.venues.length).toBeGreaterThan(0);
      expect(level.size).toBe(level.venues.reduce((n, v) => n + v.size, 0));
      for (const v of level.venues) expect(v.quoteTimeEtMs).toBeLessThan(86_400_000);
    }
    expect(book.bids[0]!.price).toBeLessThan(book.asks[0]!.price);
  });

  it('reports refused requests per request (19 symbol limit), refuses a bad field list before sending it, and keeps streaming', async () => {
    const { h, outcomes } = await live({ symbolLimit: 2 });
    const symbols = await contractsAround(h, 'SPY', 2);
    h.streamer.start();
    await liveNow(h);
    h.streamer.subscribeLevelOneOptions(symbols.slice(0, 3));
    await until(() => outcomes.length === 1, 'SUBS');
    expect(outcomes[0]).toMatchObject({ code: 19, ok: false, command: 'SUBS' });
    expect(outcomes[0]!.message).toMatch(/LEVELONE_OPTIONS=2, DISCARDED=1/);
    const sent = h.streamer.stats().framesSent;
    await expect(h.streamer.view('LEVELONE_OPTIONS', 'bid,ask')).rejects.toThrow(/field numbers separated by commas/);
    expect(h.streamer.stats().framesSent).toBe(sent);
    expect(h.streamer.status().state).toBe('live');
    expect(h.streamer.stats().requestFailures).toBe(1);
  });

  it('reconnects after a cut socket, logs in again and resubscribes exactly the current set', async () => {
    const { h, statuses } = await live();
    const symbols = await contractsAround(h, 'IWM', 2);
    h.streamer.subscribeLevelOneOptions(symbols);
    h.streamer.subscribeOptionsBook(symbols.slice(0, 2));
    h.streamer.subscribeLevelOneEquities(['IWM']);
    h.streamer.subscribeChartEquity(['IWM']);
    h.streamer.start();
    await liveNow(h);
    await h.run(2_000);
    const before = { ...h.sim.stats().subscribedKeys };
    h.sim.faults.cutSockets();
    await until(() => h.streamer.status().state === 'reconnecting', 'reconnecting');
    const reconnecting = h.streamer.status();
    expect(reconnecting).toMatchObject({ state: 'reconnecting', attempt: 1 });
    if (reconnecting.state === 'reconnecting') h.clock.advance(reconnecting.nextDelayMs);
    await liveNow(h);
    await h.run(2_000);
    expect(h.sim.stats().loginsOk).toBe(2);
    expect(h.sim.stats().subscribedKeys).toEqual(before);
    expect(requests(h, 'LEVELONE_OPTIONS/SUBS')?.count).toBe(2);
    expect(requests(h, 'LEVELONE_OPTIONS/SUBS')?.lastKeys?.split(',').sort()).toEqual([...symbols].sort());
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'live', 'reconnecting', 'connecting', 'live']);
  });

  it('terminates a silent socket after the liveness deadline and comes back', async () => {
    const { h } = await live();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.streamer.start();
    await liveNow(h);
    h.sim.faults.goSilent(120_000);
    await h.run(60_000, 1_000);
    expect(h.streamer.status().state).not.toBe('live');
    await h.run(80_000, 1_000);
    expect(h.streamer.status().state).toBe('live');
    expect(h.sim.stats().loginsOk).toBe(2);
  });

  it('re-logs in with a fresh token after a denial, and stops after two denials in a row', async () => {
    const { h, statuses } = await live();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.sim.faults.denyLogins(1);
    h.streamer.start();
    await until(() => h.streamer.status().state === 'reconnecting', 'denied');
    await h.run(5_000, 500);
    await liveNow(h);
    expect(h.sim.stats().loginsDenied).toBe(1);
    h.sim.faults.denyLogins(2);
    h.sim.faults.cutSockets();
    await h.run(10_000, 500);
    await until(() => h.streamer.status().state === 'error', 'error');
    expect(h.streamer.status()).toMatchObject({ state: 'error' });
    expect(statuses.at(-1)).toMatchObject({ reason: expect.stringMatching(/login denied twice/) });
  });

  it('stops cleanly and asks for sign-in when the refresh token is refused; never switches to demo', async () => {
    const { h } = await live();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.streamer.start();
    await liveNow(h);
    h.sim.faults.refuseRefreshes(10);
    h.sim.faults.expireAccessTokens();
    h.clock.advance(31 * 60_000);
    h.sim.faults.cutSockets();
    await h.run(10_000, 500);
    await until(() => h.streamer.status().state === 'error', 'error');
    expect(h.streamer.status()).toMatchObject({ state: 'error', source: 'demo', reason: expect.stringMatching(/sign in/) });
    expect(h.sim.stats().loginsOk).toBe(1);
  });

  it('stops on code 12 (another connection took over) and reconnects on code 30 with subscriptions', async () => {
    const { h } = await live();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.streamer.start();
    await liveNow(h);
    h.sim.faults.sendCode30();
    await until(() => h.streamer.status().state === 'reconnecting', 'reconnect after 30');
    await h.run(5_000, 500);
    await liveNow(h);
    h.sim.faults.sendCode12();
    await until(() => h.streamer.status().state === 'error', 'takeover');
    await h.run(120_000, 5_000);
    expect(h.streamer.status()).toMatchObject({ state: 'error', reason: expect.stringMatching(/^another application is streaming on this login/) });
    expect(h.sim.stats().loginsOk).toBe(2);
  });

  it('counts garbage frames, keeps streaming, and one throwing listener never stops the others', async () => {
    const { h } = await live({ intensity: 3 });
    const [symbol] = await contractsAround(h, 'SPY', 1);
    const seen: number[] = [];
    const problems: string[] = [];
    h.streamer.on('problem', (p) => problems.push(p.kind));
    h.streamer.data.on('optionQuote', () => {
      throw new Error('a broken window');
    });
    h.streamer.data.on('optionQuote', (u) => {
      if (u.symbol === symbol) seen.push(u.receivedAt);
    });
    h.streamer.subscribeLevelOneOptions([symbol!]);
    h.streamer.start();
    await liveNow(h);
    h.sim.faults.sendGarbage();
    await h.run(5_000);
    expect(h.streamer.stats().unparsable).toBe(1);
    expect(h.streamer.status().state).toBe('live');
    expect(seen.length).toBeGreaterThan(2);
    // Every throw is counted and reported, once per update, and parsing went on.
    expect(h.streamer.stats().listenerErrors).toBe(seen.length);
    expect(problems.filter((k) => k === 'listener-threw').length).toBe(seen.length);
    expect(problems).toContain('unparsable');
  });

  it('subscribes keys, not listeners: 100 subscriptions add no data listener, and a second unsubscribe releases nothing', async () => {
    const { h } = await live({ intensity: 3 });
    const symbols = await contractsAround(h, 'SPY', 25, 2);
    expect(symbols.length).toBe(100);
    const quoted = new Set<string>();
    const off = h.streamer.data.on('optionQuote', (u) => quoted.add(u.symbol));
    const offs = symbols.flatMap((s) => [h.streamer.subscribeLevelOneOptions([s]), h.streamer.subscribeOptionsBook([s])]);
    offs.push(h.streamer.subscribeLevelOneEquities(['SPY']), h.streamer.subscribeChartEquity(['SPY']));
    // The streamer itself listens to no market data; only what the test registered is there.
    expect(dataListeners(h)).toEqual({ optionQuote: 1, equityQuote: 0, book: 0, bar: 0 });
    h.streamer.start();
    await liveNow(h);
    await h.run(3_000);
    expect(h.sim.stats().subscribedKeys).toMatchObject({ LEVELONE_OPTIONS: 100, OPTIONS_BOOK: 100, LEVELONE_EQUITIES: 1, CHART_EQUITY: 1 });
    expect([...quoted].sort()).toEqual([...symbols].sort());
    expect(dataListeners(h)).toEqual({ optionQuote: 1, equityQuote: 0, book: 0, bar: 0 });

    // A second subscriber of the same key, unsubscribed twice, releases its reference once.
    const extra = h.streamer.subscribeLevelOneOptions([symbols[0]!, symbols[0]!]);
    extra();
    extra();
    await h.run(1_000);
    expect(usage(h, 'LEVELONE_OPTIONS')).toBe(100);
    expect(requests(h, 'LEVELONE_OPTIONS/UNSUBS')).toBeUndefined();
    expect(h.sim.stats().subscribedKeys.LEVELONE_OPTIONS).toBe(100);

    const [offL1, offBook] = offs;
    offL1!();
    offL1!();
    offBook!();
    await h.run(1_000);
    expect(usage(h, 'LEVELONE_OPTIONS')).toBe(99);
    expect(usage(h, 'OPTIONS_BOOK')).toBe(99);
    expect(requests(h, 'LEVELONE_OPTIONS/UNSUBS')).toMatchObject({ count: 1, lastKeys: symbols[0] });
    expect(h.sim.stats().subscribedKeys.LEVELONE_OPTIONS).toBe(99);

    for (const unsubscribe of offs) unsubscribe();
    await h.run(1_000);
    expect(h.streamer.usage().map((u) => u.keys)).toEqual([0, 0, 0, 0]);
    expect(dataListeners(h)).toEqual({ optionQuote: 1, equityQuote: 0, book: 0, bar: 0 });
    off();
    expect(dataListeners(h)).toEqual({ optionQuote: 0, equityQuote: 0, book: 0, bar: 0 });
  });
});
