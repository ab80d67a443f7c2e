import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/manual-clock.testkit.ts';
import { BoundsStore } from './bounds-store.ts';
import { DEFAULT_LIMITS, DEFAULT_SIZE, titleFor, WindowManager, type WindowLimits } from './window-manager.ts';
import { FakeCore, FakeWindowFactory, memoryStorage, QQQ_PUT, SPY_CALL } from './stand-ins.testkit.ts';
import { api, events as eventDefs } from '../../../shared/ipc/index.ts';

function setup(limits: Partial<WindowLimits> = {}) {
  const clock = new ManualClock(1_000_000);
  const factory = new FakeWindowFactory();
  const core = new FakeCore();
  const storage = memoryStorage();
  const bounds = new BoundsStore(storage, clock);
  const windows = new WindowManager({ factory, core, bounds, clock, limits });
  return { clock, factory, core, storage, bounds, windows };
}

describe('WindowManager: feed and books', () => {
  it('opens the feed once; showing it again focuses it', () => {
    const { windows, factory } = setup();
    expect(windows.showFeed()).toBe(true);
    expect(windows.showFeed()).toBe(true);
    expect(factory.windows).toHaveLength(1);
    expect(factory.last().spec).toMatchObject({ kind: 'feed', symbol: null, title: 'Fathom' });
    expect(factory.last().focusCount).toBe(1);
  });

  it('opens one book window per contract; opening an open contract focuses it', () => {
    const { windows, factory } = setup();
    expect(windows.openBook(SPY_CALL)).toBe(true);
    expect(windows.openBook(QQQ_PUT)).toBe(true);
    // Any accepted spelling of the same contract is the same window.
    expect(windows.openBook('SPY241129C00450000')).toBe(true);
    expect(factory.windows).toHaveLength(2);
    expect(factory.windows[0]!.focusCount).toBe(1);
    expect(factory.windows[0]!.spec).toMatchObject({ kind: 'book', symbol: SPY_CALL, title: "SPY Nov 29 '24 450C · Fathom" });
    expect(windows.list().map((w) => w.symbol)).toEqual([SPY_CALL, QQQ_PUT]);
  });

  it('refuses a book window for anything that is not an option contract', () => {
    const { windows, factory } = setup();
    for (const bad of ['SPY', '', '../../etc/passwd', 'SPY   241129X00450000', 'x'.repeat(500)]) expect(windows.openBook(bad)).toBe(false);
    expect(factory.windows).toHaveLength(0);
  });

  it('limits how many windows open at once and in total', () => {
    const { windows, factory, clock } = setup({ burst: 3, burstMs: 1000, maxBooks: 4 });
    const contracts = ['SPY   241129C00450000', 'SPY   241129C00455000', 'SPY   241129C00460000', 'SPY   241129C00465000', 'SPY   241129C00470000'];
    expect(contracts.slice(0, 4).map((c) => windows.openBook(c))).toEqual([true, true, true, false]);
    clock.advance(1000);
    expect(windows.openBook(contracts[3]!)).toBe(true);
    clock.advance(1000);
    expect(windows.openBook(contracts[4]!)).toBe(false);
    expect(factory.windows).toHaveLength(4);
    factory.windows[0]!.userClose();
    expect(windows.openBook(contracts[4]!)).toBe(true);
  });

  it('survives a factory that cannot create a window', () => {
    const { windows, factory } = setup();
    factory.failNext = true;
    expect(windows.showFeed()).toBe(false);
    expect(windows.showFeed()).toBe(true);
  });

  it('knows which window has focus and whether the feed is open', () => {
    const { windows, factory } = setup();
    windows.openBook(SPY_CALL);
    expect(windows.anyFocused()).toBe(false);
    expect(windows.hasFeed()).toBe(false);
    factory.last().focused = true;
    windows.showFeed();
    expect(windows.anyFocused()).toBe(true);
    expect(windows.hasFeed()).toBe(true);
  });

  it('titles book windows by contract', () => {
    expect(titleFor('book', QQQ_PUT)).toBe("QQQ Dec 20 '24 400P · Fathom");
    expect(titleFor('feed', null)).toBe('Fathom');
  });
});

describe('WindowManager: links to the core', () => {
  it('attaches each window with its kind and contract, and matches IPC senders by web contents', () => {
    const { windows, factory, core } = setup();
    windows.showFeed();
    windows.openBook(SPY_CALL);
    const [feed, book] = factory.windows;
    const feedInfo = windows.fromContents(feed!.contentsId);
    const bookInfo = windows.fromContents(book!.contentsId);
    expect(feedInfo).toMatchObject({ kind: 'feed', symbol: null, ready: false });
    expect(bookInfo).toMatchObject({ kind: 'book', symbol: SPY_CALL });
    expect(core.links.get(bookInfo!.windowId)).toMatchObject({ kind: 'book', symbol: SPY_CALL });
    expect(windows.fromContents(999)).toBeUndefined();
  });

  it('queues pushes until the page is ready, then delivers them in order', () => {
    const { windows, factory, core } = setup();
    windows.showFeed();
    const win = factory.last();
    const { windowId } = windows.fromContents(win.contentsId)!;
    core.push(windowId, [[api.marketData.status.channel, 1]]);
    core.push(windowId, [[eventDefs.alerts.fired.channel, 2]]);
    expect(win.sent).toEqual([]);
    windows.markReady(windowId);
    expect(win.sent).toEqual([[[api.marketData.status.channel, 1]], [[eventDefs.alerts.fired.channel, 2]]]);
    core.push(windowId, [[api.flows.stats.channel, 3]]);
    expect(win.sent).toHaveLength(3);
    windows.markReady(windowId);
    expect(win.sent).toHaveLength(3);
  });

  it('bounds the queue of a page that never says it is ready', () => {
    const { windows, factory, core } = setup({ maxQueued: 3 });
    windows.showFeed();
    const { windowId } = windows.fromContents(factory.last().contentsId)!;
    for (let i = 0; i < 10; i++) core.push(windowId, [['n', i]]);
    windows.markReady(windowId);
    expect(factory.last().sent.map((batch) => batch[0]![1])).toEqual([7, 8, 9]);
  });

  it('starts a fresh, not-ready link when the page reloads; the old link ends', () => {
    const { windows, factory, core } = setup();
    windows.openBook(SPY_CALL);
    const win = factory.last();
    const first = windows.fromContents(win.contentsId)!.windowId;
    windows.markReady(first);
    const oldLink = core.links.get(first)!;
    win.events.pageReset();
    const second = windows.fromContents(win.contentsId)!;
    expect(second.windowId).not.toBe(first);
    expect(second.ready).toBe(false);
    expect(core.detached).toContain(first);
    expect(core.links.has(first)).toBe(false);
    core.push(second.windowId, [['new', 1]]);
    expect(win.sent).toEqual([]);
    // The old page's ready does not release the new page's queue; a push on the old link
    // (a frame already under way) goes nowhere.
    windows.markReady(first);
    oldLink.send([['old', 0]]);
    expect(win.sent).toEqual([]);
    windows.markReady(second.windowId);
    expect(win.sent).toEqual([[['new', 1]]]);
  });

  it('ends the link (and every subscription on it) when the window closes, and forgets the window', () => {
    const { windows, factory, core } = setup();
    windows.openBook(SPY_CALL);
    const win = factory.last();
    const { windowId } = windows.fromContents(win.contentsId)!;
    win.userClose();
    expect(core.links.size).toBe(0);
    expect(core.detached).toEqual([windowId]);
    expect(windows.fromContents(win.contentsId)).toBeUndefined();
    expect(windows.list()).toEqual([]);
    // Reopening the contract makes a new window.
    windows.openBook(SPY_CALL);
    expect(factory.windows).toHaveLength(2);
  });

  it('ignores events of a closed window', () => {
    const { windows, factory, core } = setup();
    windows.showFeed();
    const win = factory.last();
    win.userClose();
    win.events.pageReset();
    win.events.moved();
    win.events.closed();
    expect(core.links.size).toBe(0);
  });
});

describe('WindowManager: placements', () => {
  it('opens new windows at the default size, cascading books', () => {
    const { windows, factory } = setup();
    windows.showFeed();
    windows.openBook(SPY_CALL);
    windows.openBook(QQQ_PUT);
    expect(factory.windows[0]!.spec.placement.bounds).toMatchObject(DEFAULT_SIZE.feed);
    const [a, b] = [factory.windows[1]!.spec.placement.bounds, factory.windows[2]!.spec.placement.bounds];
    expect(b.x - a.x).toBe(28);
  });

  it('reopens a contract where it was closed, and seeds other contracts from the last book', () => {
    const { windows, factory, clock } = setup();
    windows.openBook(SPY_CALL);
    const win = factory.last();
    win.bounds = { x: 300, y: 200, width: 640, height: 700 };
    win.userClose();
    clock.advance(10_000);
    windows.openBook(SPY_CALL);
    expect(factory.last().spec.placement).toEqual({ bounds: { x: 300, y: 200, width: 640, height: 700 }, maximized: false });
    windows.openBook(QQQ_PUT);
    expect(factory.last().spec.placement.bounds).toEqual({ x: 356, y: 256, width: 640, height: 700 });
  });

  it('clamps a remembered placement to the displays that exist now', () => {
    const { windows, factory, clock } = setup();
    factory.screens = [
      { id: 1, primary: true, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
      { id: 2, primary: false, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } },
    ];
    windows.openBook(SPY_CALL);
    factory.last().bounds = { x: 3000, y: 300, width: 700, height: 800 };
    factory.last().maximized = true;
    factory.last().userClose();
    factory.screens = [{ id: 1, primary: true, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
    clock.advance(10_000);
    windows.openBook(SPY_CALL);
    expect(factory.last().spec.placement).toEqual({ bounds: { x: 610, y: 120, width: 700, height: 800 }, maximized: true });
  });

  it('saves every open window on quit', () => {
    const { windows, factory, storage } = setup();
    windows.showFeed();
    windows.openBook(SPY_CALL);
    factory.windows[0]!.bounds = { x: 11, y: 22, width: 1000, height: 800 };
    windows.saveAll();
    expect(storage.writes).toBe(1);
    expect(JSON.parse(storage.text ?? '{}').windows.feed.bounds).toEqual({ x: 11, y: 22, width: 1000, height: 800 });
  });

  it('keeps the defaults it documents', () => {
    expect(DEFAULT_LIMITS).toMatchObject({ maxBooks: 24, burst: 6 });
  });
});
