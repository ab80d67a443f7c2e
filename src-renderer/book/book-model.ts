// A book window's data, outside React: its one contract's OPTIONS_BOOK and Level 1 quote, its
// recent flows, alerts for it, the settings and the connection. Main pushes this window only
// its own contract; every cell notifies at most once per animation frame.
import type { AppSettings, BookSettings } from '../../shared/domain/app-settings.ts';
import type { Book, OptionContract, OptionQuote } from '../../shared/domain/market.ts';
import type { Alert, ConnectionState } from '../../shared/domain/session.ts';
import { isSpreadWide, spreadOf } from '../../shared/analytics/book.ts';
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { decodeFlowBatch } from '../../shared/ipc/flows.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import type { HostLink, LinkState } from '../api/transport.ts';
import type { TestHooks } from '../app/test-hooks.ts';
import { Cell } from '../state/cell.ts';
import type { FrameBatcher } from '../state/frame-batcher.ts';
import { mergeFlows, RECENT_FLOWS_CAP } from './recent-flows.ts';

const ALERT_CAP = 50;

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
  /** Book snapshots received since the page opened. */
  updates = 0;
  private readonly deps: BookModelDeps;
  private handshakes = 0;
  private wide: boolean | null = null;

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
    deps.hooks.expose('book', () => this.book.get());
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
      const { backlog } = await api.flows.subscribe({ backlog: RECENT_FLOWS_CAP });
      if (round !== this.handshakes) return;
      this.ready.set(true);
      this.hooks.emit('ready', { backlog, round });
    } catch (error) {
      if (round === this.handshakes) this.fail(`connecting the ${this.symbol.replace(/\s+/g, ' ')} book`, error);
    }
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
