// Live, demo and replay build one book history: a book window watches a contract of a demo session
// on the live book shape (one level a side split by venue), keeping what it asked for and what was
// pushed; the recorded session replayed answers `books.timeline` at its end exactly as the window
// held it live (columns, prints, events), seeking forward and back; after each seek the window is
// sent that whole history.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BookTimelineBuffer } from '../../shared/analytics/book-timeline.ts';
import type { BookTimeline } from '../../shared/domain/book-events.ts';
import { decodeFlowBatch, type FlowBatchWire } from '../../shared/ipc/flows.ts';
import { api, events } from '../../shared/ipc/index.ts';
import type { WireEvent } from '../../shared/ipc/push.ts';
import type { ReplayState } from '../../shared/ipc/sessions.ts';
import { startAppHarness, type AppHarness } from './app-harness.testkit.ts';

const WATCHLIST = { entries: [{ underlying: 'SPY', mode: 'around', contracts: [], strikesAround: 2, expiries: 1 }] };
const dir = mkdtempSync(join(tmpdir(), 'fathom-live-replay-books-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function window(app: AppHarness, id: string, kind: 'feed' | 'book', symbol: string | null) {
  const received: WireEvent[] = [];
  app.core.attachWindow({ id, kind, symbol, send: (batch) => received.push(...batch) });
  return {
    received,
    call: (channel: string, payload: unknown = {}) => app.core.dispatch(id, channel, payload),
    timelinePushes: (): BookTimeline[] => received.filter(([c]) => c === events.books.timeline.channel).map(([, p]) => p as BookTimeline),
  };
}

async function answer<T>(pending: Promise<{ ok: boolean }>): Promise<T> {
  const envelope = await pending;
  expect(envelope).toMatchObject({ ok: true });
  return (envelope as unknown as { value: T }).value;
}

describe('one book history for live and replay', () => {
  it('answers books.timeline in a replay exactly as live did at the same stream time', async () => {
    // Live: the feed picks the contract that trades first; a book window opens on it.
    const live = await startAppHarness({ dataDir: dir, intensity: 10, bookLevels: 1 });
    const feed = window(live, 'feed', 'feed', null);
    await answer(feed.call(api.marketData.setWatchlist.channel, WATCHLIST));
    await answer(feed.call(api.flows.subscribe.channel, { backlog: 0 }));
    const traded = () =>
      feed.received.filter(([c]) => c === events.flows.batch.channel).flatMap(([, p]) => decodeFlowBatch(p as FlowBatchWire))[0]?.symbol;
    await live.runUntil(() => traded() !== undefined, 'a first flow');
    const symbol = traded() as string;
    const book = window(live, 'book', 'book', symbol);
    await answer(book.call(api.books.subscribe.channel, { symbol }));

    // What the window holds: the history it asked for, then every push applied as it came.
    const held = new BookTimelineBuffer(symbol);
    held.apply(await answer<BookTimeline>(book.call(api.books.timeline.channel, { symbol })));
    const startedAt = live.clock.now();
    await live.runUntil(() => live.clock.now() - startedAt >= 30_000, 'thirty simulated seconds');
    const midAt = live.clock.now();
    await live.runUntil(() => live.clock.now() - midAt >= 30_000, 'thirty more');
    // Stopping flushes the last pushes: the window then holds everything the live session built.
    await live.stop();
    const pushed = book.timelinePushes();
    for (const p of pushed) held.apply(p);
    const seen = held.snapshot();

    expect(pushed.length).toBeGreaterThan(20);
    expect(pushed.every((p) => p.symbol === symbol && p.reset === undefined)).toBe(true);
    expect(seen.columns.length).toBeGreaterThan(40);
    expect(seen.prints.length).toBeGreaterThan(0);
    expect(seen.events.length).toBeGreaterThan(0);

    // Replay: the same database, a new app, a book window on the same contract.
    const again = await startAppHarness({ dataDir: dir, intensity: 10, bookLevels: 1 });
    try {
      const shown = window(again, 'replay-feed', 'feed', null);
      const replayBook = window(again, 'replay-book', 'book', symbol);
      await answer(replayBook.call(api.books.subscribe.channel, { symbol }));
      const opened = await answer<ReplayState>(shown.call(api.sessions.openReplay.channel, { sessionId: '1' }));
      const seekAndAsk = async (to: number): Promise<BookTimeline> => {
        await answer<ReplayState>(shown.call(api.sessions.controlReplay.channel, { action: 'seek', to }));
        return answer<BookTimeline>(replayBook.call(api.books.timeline.channel, { symbol }));
      };

      // Forward to the middle, on to the end (the window's live history exactly), then back to
      // the middle: a checkpoint restored gives the history that playing forward gave.
      const mid = await seekAndAsk(midAt);
      expect(mid.columns.length).toBeGreaterThan(20);
      expect(mid.columns.length).toBeLessThan(seen.columns.length);
      expect(await seekAndAsk(opened.end)).toEqual(seen);
      expect(await seekAndAsk(midAt)).toEqual(mid);

      // After a seek the window is sent the whole history, marked to replace what it had.
      await again.runUntil(() => replayBook.timelinePushes().some((p) => p.reset === true), 'the history after the seek');
      const resets = replayBook.timelinePushes().filter((p) => p.reset === true);
      const { reset: _reset, ...last } = resets.at(-1) as BookTimeline;
      expect(last).toEqual(mid);
    } finally {
      await again.stop();
    }
  }, 180_000);
});
