// The one owner of Fathom's windows: the flow feed, and one book window per contract (opening an
// open contract focuses it). Each window is linked to the app core while its page lives: pushes
// wait in a queue until the page says it is ready, a reload or crash starts a fresh link, and
// closing the window ends its link, and with it every subscription it held. Electron-free: the
// windows come from a factory (electron-window.ts in the app, plain objects in tests).
import type { WindowKind } from '../../../shared/ipc/define.ts';
import { formatContract } from '../../../shared/format/format.ts';
import { tryParseOptionSymbol } from '../../../shared/symbols/option-symbol.ts';
import type { WireEvent } from '../../../shared/ipc/push.ts';
import type { Clock } from '../../util/clock.ts';
import { silentLogger, type Logger } from '../../util/log.ts';
import { cascadeFrom, clampToDisplays, defaultPlacement, type WindowPlacement } from './bounds.ts';
import type { BoundsStore } from './bounds-store.ts';
import type { CoreWindows, WindowEvents, WindowFactory, WindowHandle, WindowSpec } from './window-types.ts';

export type { CoreWindows, WindowEvents, WindowFactory, WindowHandle, WindowSpec } from './window-types.ts';

export interface WindowManagerOptions {
  factory: WindowFactory;
  core: CoreWindows;
  bounds: BoundsStore;
  clock: Clock;
  logger?: Logger;
  limits?: Partial<WindowLimits>;
}

export interface WindowLimits {
  /** Book windows open at once. */
  maxBooks: number;
  /** New windows per burst window: a page (or a bug) cannot flood the desktop. */
  burst: number;
  burstMs: number;
  /** Push batches kept for a page that has not said it is ready; the oldest go first. */
  maxQueued: number;
}

export const DEFAULT_LIMITS: Readonly<WindowLimits> = Object.freeze({ maxBooks: 24, burst: 6, burstMs: 3_000, maxQueued: 512 });
export const DEFAULT_SIZE: Readonly<Record<WindowKind, { width: number; height: number }>> = Object.freeze({
  feed: { width: 1440, height: 900 },
  book: { width: 720, height: 820 },
});

/** A window as the IPC gate sees it. */
export interface WindowInfo {
  windowId: string;
  kind: WindowKind;
  symbol: string | null;
  ready: boolean;
}

interface Managed {
  key: string;
  kind: WindowKind;
  symbol: string | null;
  handle: WindowHandle;
  /** The link id of the page now loaded; a new one after every page reset. */
  windowId: string;
  ready: boolean;
  queue: WireEvent[][];
  dropped: number;
  detach: () => void;
}

export class WindowManager {
  private readonly byKey = new Map<string, Managed>();
  private readonly byContents = new Map<number, Managed>();
  private readonly byWindowId = new Map<string, Managed>();
  private readonly created: number[] = [];
  private readonly options: WindowManagerOptions;
  private readonly limits: WindowLimits;
  private readonly log: Logger;
  private nextLink = 1;

  constructor(options: WindowManagerOptions) {
    this.options = options;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.log = (options.logger ?? silentLogger).child('windows');
  }

  /** Focuses the feed window, opening it when it is closed. */
  showFeed(): boolean {
    const open = this.byKey.get('feed');
    if (open) {
      open.handle.focus();
      return true;
    }
    return this.open('feed', null) !== null;
  }

  /**
   * Focuses the contract's book window, or opens one. False when the symbol is not an option
   * contract or the window limits refuse another window.
   */
  openBook(symbol: string): boolean {
    const parsed = tryParseOptionSymbol(symbol);
    if (!parsed.ok) {
      this.log.warn('refused a book window for a non-contract', { symbol: symbol.slice(0, 32) });
      return false;
    }
    const contract = parsed.contract.symbol;
    const open = this.byKey.get(`book:${contract}`);
    if (open) {
      open.handle.focus();
      return true;
    }
    if (this.bookCount() >= this.limits.maxBooks) {
      this.log.warn('refused a book window: too many open', { open: this.bookCount() });
      return false;
    }
    return this.open('book', contract) !== null;
  }

  /** The window whose web contents sent an IPC message; undefined for anything else. */
  /** The page of `windowId` asked for its flow port (the gate checked it). */
  openPort(windowId: string, nonce: string): void {
    this.byWindowId.get(windowId)?.handle.openPort?.(nonce);
  }

  fromContents(contentsId: number): WindowInfo | undefined {
    const managed = this.byContents.get(contentsId);
    return managed ? info(managed) : undefined;
  }

  /** The page said it is ready: everything queued for it goes now, in order. */
  markReady(windowId: string): void {
    const managed = this.byWindowId.get(windowId);
    if (!managed || managed.ready) return;
    managed.ready = true;
    const queued = managed.queue;
    managed.queue = [];
    if (managed.dropped > 0) this.log.warn('a window missed pushes before it was ready', { window: windowId, dropped: managed.dropped });
    managed.dropped = 0;
    for (const events of queued) managed.handle.send(events);
  }

  anyFocused(): boolean {
    for (const managed of this.byKey.values()) if (managed.handle.isFocused()) return true;
    return false;
  }

  hasFeed(): boolean {
    return this.byKey.has('feed');
  }

  list(): WindowInfo[] {
    return [...this.byKey.values()].map(info);
  }

  /** Saves every open window's placement now (quit). */
  saveAll(): void {
    for (const managed of this.byKey.values()) this.remember(managed);
    this.options.bounds.flush();
  }

  private bookCount(): number {
    let n = 0;
    for (const managed of this.byKey.values()) if (managed.kind === 'book') n++;
    return n;
  }

  private allowCreate(): boolean {
    const now = this.options.clock.now();
    while (this.created.length > 0 && now - (this.created[0] ?? now) >= this.limits.burstMs) this.created.shift();
    if (this.created.length >= this.limits.burst) {
      this.log.warn('refused a window: too many opened at once', { within: this.limits.burstMs });
      return false;
    }
    this.created.push(now);
    return true;
  }

  private placementFor(kind: WindowKind, symbol: string | null): WindowPlacement {
    const { bounds, factory } = this.options;
    const displays = factory.displays();
    const cascade = kind === 'book' ? this.bookCount() : 0;
    const own = bounds.get(kind, symbol);
    if (own) {
      const clamped = clampToDisplays(own.bounds, displays);
      if (clamped) return { bounds: clamped, maximized: own.maximized };
    }
    // A contract opened for the first time starts where the last book window was, offset so it
    // does not hide one that is still open.
    const seed = kind === 'book' ? bounds.lastOfKind('book') : null;
    const seeded = seed ? clampToDisplays(seed.bounds, displays) : null;
    if (seeded) return { bounds: cascadeFrom(seeded, cascade + 1, displays), maximized: false };
    return defaultPlacement(DEFAULT_SIZE[kind], displays, cascade);
  }

  private open(kind: WindowKind, symbol: string | null): Managed | null {
    if (!this.allowCreate()) return null;
    const key = kind === 'book' && symbol ? `book:${symbol}` : 'feed';
    const spec: WindowSpec = { kind, symbol, title: titleFor(kind, symbol), placement: this.placementFor(kind, symbol) };
    // Events a native window reports while it is being created find no record and are dropped:
    // the link below starts the page afresh anyway.
    let managed: Managed | null = null;
    let closed = false;
    const events: WindowEvents = {
      moved: () => {
        if (managed && !closed) this.remember(managed);
      },
      closing: () => {
        if (managed && !closed) this.remember(managed);
      },
      closed: () => {
        if (closed) return;
        closed = true;
        if (managed) this.forget(managed);
      },
      pageReset: () => {
        if (managed && !closed) this.relink(managed);
      },
    };
    let handle: WindowHandle;
    try {
      handle = this.options.factory.create(spec, events);
    } catch (error) {
      this.log.error('cannot open a window', { kind, reason: (error as Error).message });
      return null;
    }
    if (closed) return null;
    managed = { key, kind, symbol, handle, windowId: '', ready: false, queue: [], dropped: 0, detach: () => undefined };
    this.byKey.set(key, managed);
    this.byContents.set(handle.contentsId, managed);
    this.relink(managed);
    this.log.info('window opened', { kind, symbol });
    return managed;
  }

  /** Ends the page's current link (and its subscriptions) and starts a fresh, not-ready one. */
  private relink(managed: Managed): void {
    managed.detach();
    this.byWindowId.delete(managed.windowId);
    const windowId = `win-${this.nextLink++}`;
    managed.windowId = windowId;
    managed.ready = false;
    managed.queue = [];
    managed.dropped = 0;
    this.byWindowId.set(windowId, managed);
    managed.detach = this.options.core.attachWindow({
      id: windowId,
      kind: managed.kind,
      symbol: managed.symbol,
      send: (events) => this.deliver(managed, windowId, events),
    });
  }

  private deliver(managed: Managed, windowId: string, events: WireEvent[]): void {
    // A push for a page that has since been replaced belongs to nobody.
    if (managed.windowId !== windowId) return;
    if (managed.ready) {
      managed.handle.send(events);
      return;
    }
    managed.queue.push(events);
    if (managed.queue.length > this.limits.maxQueued) {
      managed.queue.shift();
      managed.dropped++;
    }
  }

  private remember(managed: Managed): void {
    this.options.bounds.remember(managed.kind, managed.symbol, managed.handle.placement());
  }

  private forget(managed: Managed): void {
    managed.detach();
    managed.detach = () => undefined;
    managed.queue = [];
    if (this.byKey.get(managed.key) === managed) this.byKey.delete(managed.key);
    this.byContents.delete(managed.handle.contentsId);
    this.byWindowId.delete(managed.windowId);
    this.log.info('window closed', { kind: managed.kind, symbol: managed.symbol });
  }
}

function info(managed: Managed): WindowInfo {
  return { windowId: managed.windowId, kind: managed.kind, symbol: managed.symbol, ready: managed.ready };
}

export function titleFor(kind: WindowKind, symbol: string | null): string {
  if (kind === 'feed' || !symbol) return 'Fathom';
  const parsed = tryParseOptionSymbol(symbol);
  return `${parsed.ok ? formatContract(parsed.contract) : symbol} · Fathom`;
}
