// The real client (token manager, REST, streamer) against the simulator: sign-in by refresh
// token, LOGIN, subscriptions on all four services, merged updates, and a takeover-free
// reconnect after the sockets are cut; then the default market with no protocol problems.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bar, Book, OptionQuoteUpdate } from '../../../shared/domain/market.ts';
import { carriedOptionFields } from '../../schwab/option-update-decode.ts';
import type { SchwabStreamer } from '../../schwab/streamer.ts';
import { ManualClock } from '../../util/manual-clock.testkit.ts';
import { SCRIPTED_CALL } from './scripted-market.testkit.ts';
import { startSimulator, type Simulator } from './simulator.ts';
import { realClient, startScripted } from './simulator.testkit.ts';

let running: { sim: Simulator; streamer: SchwabStreamer }[] = [];

afterEach(async () => {
  for (const { sim, streamer } of running) {
    await streamer.stop();
    await sim.stop();
  }
  running = [];
});

describe('the real client against the simulator', () => {
  it('signs in, subscribes, merges deltas and survives a cut', async () => {
    const { sim, clock, market } = await startScripted();
    const { streamer } = realClient(sim, clock);
    running.push({ sim, streamer });
    const quotes: OptionQuoteUpdate[] = [];
    const books: Book[] = [];
    const bars: Bar[] = [];
    market.addBar('SPY', 500);
    streamer.data.on('optionQuote', (u) => {
      // The event is reused for the next update and its quote is live: keep copies.
      if (u.symbol === SCRIPTED_CALL) quotes.push({ ...u, changed: carriedOptionFields(u.changed), quote: { ...u.quote } });
    });
    streamer.data.on('book', (b) => {
      if (b.symbol === SCRIPTED_CALL) books.push(b);
    });
    streamer.data.on('bar', (b) => {
      if (b.symbol === 'SPY') bars.push(b);
    });
    streamer.subscribeLevelOneOptions([SCRIPTED_CALL]);
    streamer.subscribeOptionsBook([SCRIPTED_CALL]);
    streamer.subscribeChartEquity(['SPY']);
    streamer.start();
    await vi.waitFor(() => expect(quotes.length).toBe(1));
    await vi.waitFor(() => expect(books.length).toBe(1));
    await vi.waitFor(() => expect(bars.length).toBe(1));
    expect(quotes[0]).toMatchObject({
      snapshot: true,
      quote: { bid: 1, ask: 1.1, delayed: false },
    });

    market.setOption(SCRIPTED_CALL, { bid: 1.02 });
    clock.advance(1_200);
    await vi.waitFor(() => expect(quotes.length).toBe(2));
    expect(quotes[1]).toMatchObject({
      snapshot: false,
      changed: { bid: 1.02 },
      quote: { bid: 1.02, ask: 1.1 },
    });

    sim.faults.cutSockets();
    await vi.waitFor(() => expect(streamer.status().state).toBe('reconnecting'));
    clock.advance(130_000);
    await vi.waitFor(() => expect(streamer.status().state).toBe('live'));
    await vi.waitFor(() => expect(quotes.length).toBe(3));
    expect(quotes[2]?.snapshot).toBe(true);
    expect(sim.stats().loginsOk).toBe(2);
  });

  it('streams the default market with no protocol problems', async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 2, 15, 0, 0));
    const sim = await startSimulator({ clock, seed: 3, intensity: 5, bookLevels: 10 });
    const { rest, tokens, streamer } = realClient(sim, clock);
    running.push({ sim, streamer });
    const chain = await rest.chains(await tokens.getAccessToken(), 'SPY', { strikeCount: 6 });
    const contracts = Object.values(chain.callExpDateMap)
      .flatMap((m) => Object.values(m).flatMap((l) => l.map((c) => c.symbol)))
      .slice(0, 6);
    let quotes = 0;
    let books = 0;
    const problems: string[] = [];
    let framesIn = 0;
    streamer.on('problem', (p) => problems.push(p.detail));
    streamer.on('frame', () => framesIn++);
    streamer.data.on('optionQuote', () => quotes++);
    streamer.data.on('book', () => books++);
    streamer.subscribeLevelOneOptions(contracts);
    streamer.subscribeOptionsBook(contracts.slice(0, 2));
    streamer.subscribeLevelOneEquities(['SPY', 'QQQ']);
    streamer.start();
    await vi.waitFor(() => expect(quotes).toBeGreaterThanOrEqual(contracts.length));
    for (let i = 0; i < 60; i++) {
      clock.advance(1_000);
      // In step with the real socket: the clock moves on only once the client has read every frame
      // the server sent (on a loaded machine a frame could lag a few clock seconds behind, and the
      // client's liveness check, on the same clock, then called the connection dead).
      await vi.waitFor(() => expect(framesIn).toBeGreaterThanOrEqual(sim.stats().framesSent));
    }
    await vi.waitFor(() => expect(books).toBeGreaterThan(2));
    expect(quotes).toBeGreaterThan(contracts.length * 2);
    expect(problems).toEqual([]);
    expect(streamer.status().state).toBe('live');
  });
});
