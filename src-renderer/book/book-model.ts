// A book window's data, outside React: its one contract's OPTIONS_BOOK and Level 1 quote, its
// book history (columns, prints, book events), its recent flows, alerts for it, the settings and
// the connection. Main pushes this window only its own contract; every cell notifies at most
// once per animation frame.
import type { AppSettings, BookSettings } from '../../shared/domain/app-settings.ts';
import type { Book, OptionContract, OptionQuote } from '../../shared/domain/market.ts';
import type { Alert, ConnectionState } from '../../shared/domain/session.ts';
import { isSpreadWide, spreadOf } from '../../shared/analytics/book.ts';
import { BookTimelineBuffer } from '../../shared/analytics/book-timeline.ts';
import type { MontageMemo, MontageRow } from '../../shared/analytics/venue-montage.ts';
import { montage } from '../../shared/analytics/venue-montage.ts';
import type { BookTimeline } from '../../shared/domain/book-events.ts';
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { decodeFlowBatch } from '../../shared/ipc/flows.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import type { HostLink, LinkState } from '../api/transport.ts';
import type { TestHooks } from '../app/test-hooks.ts';
import { Cell } from '../state/cell.ts';
import type { HeatMapModel } from './heat-map-model.ts';
import { DrawCosts } from './draw-costs.ts';
import { animationFrames, FrameBudget } from './frame-budget.ts';
import { LIST_READING_MS, READING_MS, ReadingClock, windowTimers } from './reading-clock.ts';
import { HeatMapBuilder } from './heat-map-builder.ts';
import type { HeatView, HeldSpan } from './heat-map-view.ts';
import { chooseLayout, heatLayoutOf, heatWindow, LIVE_VIEW } from './heat-map-view.ts';
import type { FrameBatcher } from '../state/frame-batcher.ts';
import { mergeFlows, RECENT_FLOWS_CAP } from './recent-flows.ts';
import type { BookView } from './book-view.ts';
import { bookView } from './book-view.ts';

const ALERT_CAP = 50;
/** Snapshots the montage reads back at most: five minutes at Schwab's one a second. */
export const MONTAGE_COLUMNS = 300;

/**
 * Script time the canvases' painters take in one frame before the rest wait for the next: about
 * the heat map's paint of a snapshot (1.4 ms of thread CPU in a quiet trace, README.md's
 * `ui.book_window` row), so the montages and sparklines that follow usually paint a frame later.
 */
export const PAINT_BUDGET_MS = 1;
/** A painter waits at most this many frames (16.7 ms each): a snapshot comes every 44 ms or so. */
export const PAINT_MAX_LATE_FRAMES = 1;
/** The painters' order in a frame (lower first). */
export const PAINT_PRIORITY = { ladders: 0, heatmap: 1, montageBid: 2, montageAsk: 3, metrics: 4, reading: 5 } as const;

export interface MontageView {
  bid: MontageRow[];
  ask: MontageRow[];
  /** The oldest snapshot time read when the history held more than MONTAGE_COLUMNS; else null. */
  since: number | null;
}

/** How many columns (oldest first) are at or before `time`. */
function columnsUpTo(columns: readonly { time: number }[], time: number): number {
  let lo = 0;
  let hi = columns.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((columns[mid]?.time ?? 0) <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The contract's book history as held: the buffer is updated in place, and each change sets a
 * new HeldTimeline so the cell notifies (once per frame, however many pushes arrived).
 */
export interface HeldTimeline {
  buffer: BookTimelineBuffer;
  /** Counts changes: a drawing can tell whether anything is new since it last drew. */
  revision: number;
}

export interface BookModelDeps {
  bridge: FathomBridge;
  link: HostLink;
  batcher: FrameBatcher;
  hooks: TestHooks;
  /** The contract from the page's route, in any accepted form. */
  symbol: string;
}

export class BookModel {
  readonly bridge: FathomBridge;
  readonly hooks: TestHooks;
  /** Schwab's 21-character form when the route's symbol parses; as given otherwise. */
  readonly symbol: string;
  readonly contract: OptionContract | null;
  readonly book: Cell<Book | null>;
  readonly quote: Cell<OptionQuote | null>;
  readonly settings: Cell<AppSettings | null>;
  readonly market: Cell<ConnectionState | null>;
  readonly link: Cell<LinkState>;
  readonly flows: Cell<FlowRow[]>;
  readonly alerts: Cell<Alert[]>;
  readonly ready: Cell<boolean>;
  readonly notice: Cell<string | null>;
  readonly timeline: Cell<HeldTimeline>;
  /** The heat map's window: live, or paused/scrubbed to a time. */
  readonly heatView: Cell<HeatView>;
  /** Book snapshots received since the page opened. */
  updates = 0;
  private readonly deps: BookModelDeps;
  private handshakes = 0;
  private wide: boolean | null = null;
  private revision = 0;
  private heatMemo: { key: string; model: HeatMapModel } | null = null;
  /** The canvases' draw time per frame, for the bench (draw-costs.ts). */
  readonly drawCosts = new DrawCosts();
  /**
   * The canvases' painters (the deep book's ladders, heat map, venue montages, touch metrics'
   * sparklines) share one frame callback and a script budget per frame (frame-budget.ts says
   * why), in PAINT_PRIORITY's order.
   */
  readonly painters = new FrameBudget({ frames: animationFrames, now: () => performance.now(), budgetMs: PAINT_BUDGET_MS, maxLateFrames: PAINT_MAX_LATE_FRAMES });
  /** The pace of the figures' text, the last of the painters (reading-clock.ts says why). */
  readonly reading = new ReadingClock({ painters: this.painters, priority: PAINT_PRIORITY.reading, now: () => performance.now(), timers: windowTimers, intervalMs: READING_MS });
  /** The book events list's own, slower pace (reading-clock.ts, LIST_READING_MS, says why). */
  readonly listReading = new ReadingClock({ painters: this.painters, priority: PAINT_PRIORITY.reading, now: () => performance.now(), timers: windowTimers, intervalMs: LIST_READING_MS });
  /** Keeps the heat map's model between snapshots (equal to heatMapModel's: heat-map-builder.ts). */
  private readonly heatBuilder = new HeatMapBuilder();
  private montageMemo: { key: string; view: MontageView } | null = null;
  /** Each side's montage walks back only through the snapshots added since the last one. */
  private readonly montageWalks: Record<'bid' | 'ask', MontageMemo> = { bid: { last: null }, ask: { last: null } };
  private viewMemo: { book: Book; settings: AppSettings; multiplier: number; view: BookView } | null = null;
  /** Pushes that arrived while the history was loading; applied on top of it. */
  private pending: BookTimeline[] | null = null;

  constructor(deps: BookModelDeps) {
    this.deps = deps;
    this.bridge = deps.bridge;
    this.hooks = deps.hooks;
    const parsed = tryParseOptionSymbol(deps.symbol);
    this.contract = parsed.ok ? parsed.contract : null;
    this.symbol = parsed.ok ? parsed.contract.symbol : deps.symbol;
    const b = deps.batcher;
    this.book = new Cell<Book | null>(null, b);
    this.quote = new Cell<OptionQuote | null>(null, b);
    this.settings = new Cell<AppSettings | null>(null, b);
    this.market = new Cell<ConnectionState | null>(null, b);
    this.link = new Cell<LinkState>(deps.link.state(), b);
    this.flows = new Cell<FlowRow[]>([], b);
    this.alerts = new Cell<Alert[]>([], b);
    this.ready = new Cell(false, b);
    this.notice = new Cell<string | null>(null, b);
    this.timeline = new Cell<HeldTimeline>({ buffer: new BookTimelineBuffer(this.symbol), revision: 0 }, b);
    deps.hooks.expose('book', () => this.book.get());
    this.heatView = new Cell<HeatView>(LIVE_VIEW, b);
    deps.hooks.expose('timeline', () => this.timeline.get().buffer.snapshot());
    deps.hooks.expose('heatmap', () => this.heatMap());
    deps.hooks.expose('draw-costs', () => this.drawCosts.read());
    deps.hooks.expose('montage', () => ({ at: this.montageTime(), ...this.montage() }));
  }

  start(): () => void {
    const on = this.bridge.on;
    const hooks = this.hooks;
    const offs = [
      on.books.book((book) => {
        if (book.symbol !== this.symbol) return;
        this.updates++;
        this.book.set(book);
        hooks.emit('book', { bids: book.bids.length, asks: book.asks.length, time: book.time, updates: this.updates });
        this.checkSpread();
      }),
      on.books.timeline((delta) => this.applyTimeline(delta)),
      on.books.quote((quote) => {
        if (quote.symbol === this.symbol) this.quote.set(quote);
      }),
      on.flows.reset((wire) => {
        this.flows.set(mergeFlows([], decodeFlowBatch(wire), this.symbol));
        hooks.emit('flows-reset', { held: this.flows.get().length });
      }),
      on.flows.batch((wire) => {
        const before = this.flows.get();
        const after = mergeFlows(before, decodeFlowBatch(wire), this.symbol);
        if (after === before) return;
        this.flows.set(after);
        hooks.emit('flows', { held: after.length });
      }),
      on.alerts.fired((alert) => this.addAlerts([alert], true)),
      on.settings.changed((settings) => this.adoptSettings(settings)),
      on.marketData.status((state) => this.setMarket(state)),
      this.deps.link.onState((state) => {
        this.link.set(state);
        hooks.emit('link', { status: state.status });
        if (state.status === 'open') void this.handshake();
        else this.ready.set(false);
      }),
    ];
    if (this.deps.link.state().status === 'open') void this.handshake();
    return () => offs.forEach((off) => off());
  }

  /** Saves a change to settings.book (the whole section, as the contract wants). */
  async updateBookSettings(change: Partial<BookSettings>): Promise<void> {
    const settings = this.settings.get();
    if (!settings) return;
    const book = { ...settings.book, ...change };
    this.adoptSettings({ ...settings, book });
    try {
      this.adoptSettings(await this.bridge.api.settings.update({ book }));
      this.hooks.emit('settings-saved', { book });
    } catch (error) {
      this.fail('saving the book settings', error);
    }
  }

  /** The layout on screen: the setting, or with `auto` the shape of the book received. */
  layout(): 'venues' | 'ladder' {
    const book = this.book.get();
    return chooseLayout(this.settings.get()?.book.layout ?? 'auto', book ? { bid: book.bids.length, ask: book.asks.length } : null);
  }

  /**
   * What the summary and the ladders show of the latest book (book-view.ts), or null before a
   * book and the settings: computed once per book, however many panels read it.
   */
  view(): BookView | null {
    const book = this.book.get();
    const settings = this.settings.get();
    const multiplier = this.quote.get()?.multiplier ?? 100;
    if (!book || !settings) return null;
    const memo = this.viewMemo;
    if (memo?.book === book && memo.settings === settings && memo.multiplier === multiplier) return memo.view;
    const s = settings.book;
    const view = bookView(book, { levels: s.levels, spreadAlertPercent: s.spreadAlertPercent, imbalanceLevels: s.imbalanceLevels, multiplier });
    this.viewMemo = { book, settings, multiplier, view };
    return view;
  }

  /** The market time the held columns cover, or null before the first. */
  heldSpan(): HeldSpan | null {
    const columns = this.timeline.get().buffer.columns;
    const first = columns[0];
    const last = columns.at(-1);
    return first && last ? { oldest: first.time, newest: last.time } : null;
  }

  /** What the heat map draws now; computed again only when the history, window or layout changed. */
  heatMap(): HeatMapModel {
    const { buffer, revision } = this.timeline.get();
    const layout = heatLayoutOf(this.layout());
    const { from, to } = heatWindow(this.heatView.get(), this.heldSpan());
    const key = `${revision}|${layout}|${from}|${to}`;
    if (this.heatMemo?.key !== key) this.heatMemo = { key, model: this.heatBuilder.build(buffer, { layout, from, to }) };
    return this.heatMemo.model;
  }

  /**
   * The market time the montage shows: the newest snapshot live, the heat map's right edge when
   * paused or scrubbed (the montage of that moment). Null before any history.
   */
  montageTime(): number | null {
    const held = this.heldSpan();
    if (!held) return null;
    const view = this.heatView.get();
    return view.paused ? Math.min(held.newest, heatWindow(view, held).to) : held.newest;
  }

  /**
   * Both sides' venue montage at montageTime(), sorted by the setting. It reads at most the last
   * MONTAGE_COLUMNS snapshots (a feed far faster than Schwab's one a second holds thousands, and
   * the montage walks back through them): `since` is then the oldest time it read, and a venue on
   * the touch since then has been there at least that long.
   */
  montage(): MontageView {
    const { buffer, revision } = this.timeline.get();
    const now = this.montageTime();
    const sort = this.settings.get()?.book.montageSort ?? 'size';
    const key = `${revision}|${now}|${sort}`;
    if (this.montageMemo?.key !== key) {
      let view: MontageView = { bid: [], ask: [], since: null };
      if (now !== null) {
        const columns = buffer.columns;
        const end = columnsUpTo(columns, now);
        const start = Math.max(0, end - MONTAGE_COLUMNS);
        const read = start > 0 ? columns.slice(start, end) : columns;
        const walks = this.montageWalks;
        view = { bid: montage(read, 'bid', { now, sort }, walks.bid), ask: montage(read, 'ask', { now, sort }, walks.ask), since: start > 0 ? (columns[start]?.time ?? null) : null };
      }
      this.montageMemo = { key, view };
    }
    return this.montageMemo.view;
  }

  fail(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.notice.set(`Failed ${what}: ${message}`);
    this.hooks.emit('notice', { what, message });
  }

  private async handshake(): Promise<void> {
    const round = ++this.handshakes;
    const api = this.bridge.api;
    try {
      await api.windows.ready({});
      const [settings, status, history] = await Promise.all([
        api.settings.get({}),
        api.marketData.status({}),
        api.alerts.history({ limit: 200 }).catch(() => []),
      ]);
      if (round !== this.handshakes) return;
      this.adoptSettings(settings);
      this.setMarket(status);
      this.addAlerts(history, false);
      // Main streams this window's contract from the moment it attaches; subscribing says so
      // explicitly (and again after a reconnect, whatever the route's symbol form was).
      await api.books.subscribe({ symbol: this.symbol });
      await this.loadTimeline(round);
      const { backlog } = await api.flows.subscribe({ backlog: RECENT_FLOWS_CAP });
      if (round !== this.handshakes) return;
      this.ready.set(true);
      this.hooks.emit('ready', { backlog, round });
    } catch (error) {
      if (round === this.handshakes) this.fail(`connecting the ${this.symbol.replace(/\s+/g, ' ')} book`, error);
    }
  }

  /**
   * The last TIMELINE_SPAN_MS of the contract's history, replacing what was held (after a
   * reconnect the host may hold another session); pushes that cross the request are kept.
   */
  private async loadTimeline(round: number): Promise<void> {
    this.pending = [];
    try {
      const history = await this.bridge.api.books.timeline({ symbol: this.symbol });
      if (round !== this.handshakes) return;
      const buffer = new BookTimelineBuffer(this.symbol);
      buffer.apply(history);
      // A reset push among them (the session on screen changed) replaces the history too.
      for (const delta of this.pending) buffer.apply(delta);
      this.setTimeline(buffer);
    } catch (error) {
      // The book itself still streams: a window without its history shows what arrives from now.
      if (round === this.handshakes) this.fail('loading the book history', error);
    } finally {
      if (round === this.handshakes) this.pending = null;
    }
  }

  private applyTimeline(delta: BookTimeline): void {
    if (delta.symbol !== this.symbol) return;
    this.pending?.push(delta);
    const buffer = this.timeline.get().buffer;
    try {
      buffer.apply(delta);
      this.setTimeline(buffer);
    } catch (error) {
      this.fail('reading the book history', error);
    }
  }

  private setTimeline(buffer: BookTimelineBuffer): void {
    this.timeline.set({ buffer, revision: ++this.revision });
    this.hooks.emit('timeline', { columns: buffer.columns.length, prints: buffer.prints.length, events: buffer.events.length, revision: this.revision });
  }

  private addAlerts(alerts: readonly Alert[], live: boolean): void {
    const own = alerts.filter((a) => a.symbol === this.symbol);
    if (own.length === 0) return;
    this.alerts.update((list) => {
      const byId = new Map(list.map((a) => [a.id, a]));
      for (const alert of own) byId.set(alert.id, alert);
      return [...byId.values()].sort((a, b) => b.time - a.time).slice(0, ALERT_CAP);
    });
    if (live) for (const alert of own) this.hooks.emit('alert', { id: alert.id, ruleKind: alert.ruleKind, symbol: alert.symbol });
  }

  private adoptSettings(settings: AppSettings): void {
    this.settings.set(settings);
    this.checkSpread();
  }

  private setMarket(state: ConnectionState): void {
    this.market.set(state);
    this.hooks.emit('connection', { state: state.state, source: state.source });
  }

  /** Tells the tests when the spread crosses the window's own alert threshold. */
  private checkSpread(): void {
    const book = this.book.get();
    const threshold = this.settings.get()?.book.spreadAlertPercent;
    if (!book || threshold === undefined) return;
    const wide = isSpreadWide(book, threshold);
    if (wide === this.wide) return;
    this.wide = wide;
    this.hooks.emit('spread', { wide, percent: spreadOf(book)?.percentOfMid ?? null, threshold });
  }
}
