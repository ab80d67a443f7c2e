// The desktop shell's logic against the real app core (demo market, this thread, manual clock):
// windows from a stand-in factory, requests through the IPC gate, pushes through the window
// manager. Everything of the Electron host but Electron itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFlowBatch, type FlowBatchWire, type FlowRow } from '../../../shared/ipc/flows.ts';
import { startAppHarness, type AppHarness } from '../../app/app-harness.testkit.ts';
import { desktopCapabilities } from './desktop-capabilities.ts';
import { BoundsStore } from './bounds-store.ts';
import { createIpcGate, type IpcGate, type SenderInfo } from './ipc-gate.ts';
import { ownPage } from './security-policy.ts';
import { FakeWindowFactory, memoryStorage, type FakeWindow } from './stand-ins.testkit.ts';
import { WindowManager } from './window-manager.ts';
import { api, events as eventDefs } from '../../../shared/ipc/index.ts';

const page = ownPage();
let dir: string;
let app: AppHarness;
let factory: FakeWindowFactory;
let windows: WindowManager;
let gate: IpcGate;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-desktop-'));
  factory = new FakeWindowFactory();
  let late: WindowManager | null = null;
  app = await startAppHarness({
    dataDir: dir,
    intensity: 8,
    host: desktopCapabilities({ windows: () => late, openExternal: () => true, exportsDir: join(dir, 'exports'), showOpenDialog: async () => ({ canceled: true, filePaths: [] }) }),
  });
  windows = new WindowManager({ factory, core: app.core, bounds: new BoundsStore(memoryStorage(), app.clock), clock: app.clock });
  late = windows;
  gate = createIpcGate({ windows, isOwnPage: (url) => page.matches(url), dispatch: (id, channel, payload) => app.core.dispatch(id, channel, payload) });
}, 60_000);

afterAll(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

function senderOf(win: FakeWindow): SenderInfo {
  const query = win.spec.kind === 'book' ? `?window=book&symbol=${encodeURIComponent(win.spec.symbol ?? '')}` : '?window=feed';
  return { contentsId: win.contentsId, frame: { url: `${page.url}${query}`, isMainFrame: true } };
}

const call = (win: FakeWindow, channel: unknown, payload: unknown = {}) => gate.request(senderOf(win), channel, payload);
const events = (win: FakeWindow) => win.sent.flat();
const flowsOf = (win: FakeWindow): FlowRow[] =>
  events(win)
    .filter(([c]) => c === eventDefs.flows.batch.channel)
    .flatMap(([, p]) => decodeFlowBatch(p as FlowBatchWire));

describe('the desktop shell on the real core', () => {
  let feed: FakeWindow;

  it('opens the feed, holds its pushes until it is ready, then streams its flows', async () => {
    windows.showFeed();
    feed = factory.last();
    await app.runUntil(() => app.core.status().state === 'live', 'the demo market');
    expect(feed.sent).toEqual([]);
    const hello = await call(feed, api.windows.ready.channel);
    expect(hello).toEqual({ ok: true, value: { kind: 'feed', symbol: null, version: 'test' } });
    expect(events(feed).some(([c]) => c === eventDefs.marketData.status.channel)).toBe(true);
    expect(await call(feed, api.flows.subscribe.channel, { backlog: 0 })).toMatchObject({ ok: true });
    await app.runUntil(() => flowsOf(feed).length > 5, 'flows in the feed');
  });

  it('refuses hostile payloads and channels in envelopes, and keeps serving', async () => {
    const refusals: [unknown, unknown, string][] = [
      [42, {}, 'UNKNOWN_CHANNEL'],
      [null, {}, 'UNKNOWN_CHANNEL'],
      [{ toString: () => api.settings.get.channel }, {}, 'UNKNOWN_CHANNEL'],
      ['x'.repeat(100_000), {}, 'UNKNOWN_CHANNEL'],
      ['fs:readFile', { path: '/etc/passwd' }, 'UNKNOWN_CHANNEL'],
      ['__proto__', {}, 'UNKNOWN_CHANNEL'],
      [api.flows.subscribe.channel, { backlog: 'all' }, 'BAD_REQUEST'],
      [api.flows.subscribe.channel, { backlog: 10, extra: true }, 'BAD_REQUEST'],
      [api.windows.openBook.channel, { symbol: 'x'.repeat(100_000) }, 'BAD_REQUEST'],
      [api.windows.openBook.channel, { symbol: 'NOT A CONTRACT' }, 'BAD_REQUEST'],
      [api.windows.openExternal.channel, { url: 'file:///etc/passwd' }, 'BAD_REQUEST'],
      [api.alerts.mute.channel, JSON.parse('{"muted":true,"__proto__":{"polluted":1}}'), 'BAD_REQUEST'],
      [api.alerts.mute.channel, 'true', 'BAD_REQUEST'],
      [api.windows.openFeed.channel, {}, 'FORBIDDEN'],
    ];
    for (const [channel, payload, code] of refusals) {
      const answer = await call(feed, channel, payload);
      expect(answer, String(channel).slice(0, 40)).toMatchObject({ ok: false, error: { code } });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(app.core.settings().alerts.muted).toBe(false);
    expect(factory.windows).toHaveLength(1);
    expect(await call(feed, api.settings.get.channel)).toMatchObject({ ok: true });
  });

  it('refuses a window that is not ours, even with our page address', async () => {
    const stranger: SenderInfo = { contentsId: 4242, frame: { url: `${page.url}?window=feed`, isMainFrame: true } };
    expect(await gate.request(stranger, api.settings.get.channel, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('pops out one book window per contract; the book can bring the feed back', async () => {
    const symbol = flowsOf(feed)[0]!.symbol;
    expect(await call(feed, api.windows.openBook.channel, { symbol })).toEqual({ ok: true, value: { by: 'host' } });
    expect(await call(feed, api.windows.openBook.channel, { symbol })).toEqual({ ok: true, value: { by: 'host' } });
    expect(factory.windows).toHaveLength(2);
    const book = factory.last();
    expect(book.spec).toMatchObject({ kind: 'book', symbol });
    expect(book.focusCount).toBe(1);
    expect(await call(book, api.windows.ready.channel)).toMatchObject({ ok: true, value: { kind: 'book', symbol } });
    expect(await call(book, api.windows.openFeed.channel)).toEqual({ ok: true, value: { by: 'host' } });
    expect(feed.focusCount).toBe(1);
    // A book window may not do what only the feed may (the contract's allowedFrom).
    expect(await call(book, api.auth.begin.channel, { appKey: 'a'.repeat(32), appSecret: 'b'.repeat(16), callbackUrl: 'https://127.0.0.1' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // The simulated clock runs ahead of real socket I/O (inflate runs on libuv's pool), so a
    // loaded machine needs more simulated time before the snapshot lands: the default limit.
    await app.runUntil(() => events(book).some(([c]) => c === eventDefs.books.book.channel), 'a book update');
    const books = new Set(events(book).filter(([c]) => c === eventDefs.books.book.channel).map(([, p]) => (p as { symbol: string }).symbol));
    expect(books).toEqual(new Set([symbol]));
  });

  it('ends a window\'s subscriptions when it closes', async () => {
    const book = factory.last();
    const symbol = book.spec.symbol!;
    const watched = () => (app.ingestCalls('watchBooks').at(-1)?.[0] ?? []) as string[];
    expect(watched()).toContain(symbol);
    book.userClose();
    await app.runUntil(() => !watched().includes(symbol), 'the closed book to be unwatched');
    expect(await call(book, api.settings.get.channel)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const sent = book.sent.length;
    await app.runUntil(() => flowsOf(feed).length > 40, 'more flows');
    expect(book.sent.length).toBe(sent);
  });
});
