// The feed window's data, outside React: the flow store, stats, connection, gaps, bars,
// watchlist, settings and alerts, fed by the bridge's events. Components read its cells; the
// store and cells notify at most once per frame.
import type { AppSettings, FeedFilter } from '../../shared/domain/app-settings.ts';
import { DEFAULT_FEED_FILTER } from '../../shared/domain/app-settings.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { ConnectionState, Gap } from '../../shared/domain/session.ts';
import type { ServiceUsage, Watchlist } from '../../shared/domain/watchlist.ts';
import type { StoreHealth } from '../../shared/ipc/market-data.ts';
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import type { StatsSnapshot } from '../../shared/ipc/flows.ts';
import { decodeFlowBatch } from '../../shared/ipc/flows.ts';
import type { HostLink, LinkState } from '../api/transport.ts';
import { AlertCenter } from '../alerts/alert-center.ts';
import type { AlertPlayer } from '../alerts/alert-player.ts';
import { NetPremiumByMinute } from '../chart/net-premium.ts';
import { withBars, withGap } from './feed-market-lists.ts';
import { FilterSync } from '../feed/filter-sync.ts';
import { FlowStore, streamChanges, windowCapacity } from '../feed/flow-store.ts';
import { FeedPager, sameOlderState, type OlderState } from '../feed/feed-pager.ts';
import { FlowIntake } from '../feed/flow-intake.ts';
import { TakePacer } from '../feed/take-pacer.ts';
import { leadFlowId, type FeedView } from '../feed/strategy-view.ts';
import { downloadExport, SessionsModel } from '../sessions/sessions-model.ts';
import { HistoryModel } from '../history/history-model.ts';
import { AuthModel } from '../settings/auth-model.ts';
import { Cell } from '../state/cell.ts';
import type { FrameBatcher } from '../state/frame-batcher.ts';
import type { TestHooks } from './test-hooks.ts';
import { exposeFeedReads } from './feed-test-reads.ts';
import { readFeedSnapshot } from './feed-snapshot.ts';
import { saveAlertSettings, saveMuted } from './alert-settings-edits.ts';
import type { IvSummary } from '../../shared/domain/volatility.ts';
import { usesIvHistory } from '../../shared/analytics/volatility-filter.ts';

/**
 * Flows asked for at start-up, after each reconnect and to take the stream again; the store
 * dedupes by id and version and keeps at most its capacity of them, but the chart counts them all.
 */
export const BACKLOG = 20_000;

export interface FeedModelDeps {
  bridge: FathomBridge;
  link: HostLink;
  batcher: FrameBatcher;
  hooks: TestHooks;
  player: AlertPlayer;
}

export class FeedModel {
  readonly bridge: FathomBridge;
  /** At most WINDOW_FLOWS flows; older and newer ones are paged in from the store (feed-pager.ts). */
  readonly store = new FlowStore({ capacity: windowCapacity(window.location.search), now: () => performance.now() });
  readonly pager: FeedPager;
  readonly net = new NetPremiumByMinute();
  /** The store's revision and when it changed (performance clock), for the arrival flash. */
  readonly flowRevision: Cell<{ revision: number; at: number }>;
  readonly stats: Cell<StatsSnapshot | null>;
  readonly market: Cell<ConnectionState | null>;
  readonly link: Cell<LinkState>;
  readonly gaps: Cell<Gap[]>;
  readonly bars: Cell<ReadonlyMap<string, Bar[]>>;
  readonly usage: Cell<ServiceUsage[]>;
  /** Whether recording works; when it fails the stream goes on and flows stay in memory. */
  readonly storeStatus: Cell<StoreHealth | null>;
  readonly watchlist: Cell<Watchlist | null>;
  readonly settings: Cell<AppSettings | null>;
  readonly filter: Cell<FeedFilter>;
  /** Each underlying's IV rank and percentile (FLOW-RULES.md §11), by name. */
  readonly ivSummaries: Cell<ReadonlyMap<string, IvSummary>>;
  readonly selected: Cell<string | null>;
  /** Legs or strategies (FLOW-RULES.md §8); the window's own choice, not a saved filter. */
  readonly view: Cell<FeedView>;
  readonly ready: Cell<boolean>;
  /** The latest failure worth telling the trader about, in words. */
  readonly notice: Cell<string | null>;
  /** More flows arrive than the window can draw: it shows the newest and drops versions between. */
  readonly catchingUp: Cell<boolean>;
  /** The list's far edge: more older flows in the store, loading, the session's start, or unavailable. */
  readonly olderEdge: Cell<OlderState>;
  readonly alerts: AlertCenter;
  readonly sessions: SessionsModel;
  readonly history: HistoryModel;
  readonly auth: AuthModel;
  readonly hooks: TestHooks;
  private readonly filterSync: FilterSync;
  private readonly deps: FeedModelDeps;
  private readonly intake: FlowIntake;
  /** When the waiting flows are taken in: every frame, or spaced out while the stream outpaces the screen. */
  private readonly pacer: TakePacer;
  private handshakes = 0;
  /**
   * Status pushes received, so a handshake's answer never overwrites a newer push: the answer is
   * applied only after every request of the round is answered, and a push can come in between
   * (closing a replay pushes the live status while the round that follows still waits).
   */
  private statusPushes = 0;

  constructor(deps: FeedModelDeps) {
    this.deps = deps;
    this.bridge = deps.bridge;
    this.hooks = deps.hooks;
    const b = deps.batcher;
    this.flowRevision = new Cell({ revision: 0, at: 0 }, b);
    this.stats = new Cell<StatsSnapshot | null>(null, b);
    this.market = new Cell<ConnectionState | null>(null, b);
    this.link = new Cell<LinkState>(deps.link.state(), b);
    this.gaps = new Cell<Gap[]>([], b);
    this.bars = new Cell<ReadonlyMap<string, Bar[]>>(new Map(), b);
    this.usage = new Cell<ServiceUsage[]>([], b);
    this.storeStatus = new Cell<StoreHealth | null>(null, b);
    this.watchlist = new Cell<Watchlist | null>(null, b);
    this.settings = new Cell<AppSettings | null>(null, b);
    this.filter = new Cell<FeedFilter>(DEFAULT_FEED_FILTER, b);
    this.ivSummaries = new Cell<ReadonlyMap<string, IvSummary>>(new Map(), b);
    this.selected = new Cell<string | null>(null, b);
    this.view = new Cell<FeedView>('legs', b);
    this.ready = new Cell(false, b);
    this.notice = new Cell<string | null>(null, b);
    this.catchingUp = new Cell(false, b);
    this.olderEdge = new Cell<OlderState>({ kind: 'more' }, b);
    this.intake = new FlowIntake({
      now: () => performance.now(),
      onCatchingUp: (behind) => {
        this.catchingUp.set(behind);
        deps.hooks.emit('catching-up', { catchingUp: behind });
      },
      onRefused: (error) => this.fail('reading a flow batch', error),
    });
    this.pacer = new TakePacer({
      now: () => performance.now(),
      after: (ms, run) => void setTimeout(run, ms),
      frame: () => b.queueInput(this.takeFlows),
    });
    this.alerts = new AlertCenter({
      batcher: b,
      player: deps.player,
      hooks: deps.hooks,
      settings: () => this.settings.get()?.alerts ?? null,
      onOpenFlow: (id) => this.select(id),
    });
    this.filterSync = new FilterSync(DEFAULT_FEED_FILTER, {
      save: (feed) =>
        this.bridge.api.settings.update({ feed }).then((s) => {
          this.settings.set(s);
          deps.hooks.emit('filter-saved', { visible: this.store.visibleCount });
        }),
      apply: (filter) => {
        this.filter.set(filter);
        this.store.setFilter(filter, this.ivLookup);
        deps.hooks.emit('filter-applied', { visible: this.store.visibleCount });
      },
      onError: (error) => this.fail('saving the filters', error),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as number),
    });
    this.sessions = new SessionsModel({
      bridge: this.bridge,
      batcher: b,
      hooks: deps.hooks,
      deliver: (delivered) => (delivered.by === 'link' ? downloadExport(delivered.url) : this.notice.set(`Export saved to ${delivered.path}`)),
      onLive: () => this.backToLive(),
      fail: (what, error) => this.fail(what, error),
    });
    this.history = new HistoryModel({ bridge: this.bridge, batcher: b, hooks: deps.hooks, now: () => performance.now(), fail: (what, error) => this.fail(what, error) });
    this.auth = new AuthModel(this.bridge, b, deps.hooks);
    exposeFeedReads(deps.hooks, this.store, () => this.intake.newestReceived);
    this.pager = new FeedPager({
      store: this.store,
      read: (query) => this.bridge.api.flows.page(query),
      reload: () => void this.subscribeFlows().catch((error: unknown) => this.fail('loading the newest flows', error)),
      recording: () => this.storeStatus.get()?.failing !== true,
      onState: () => this.refreshOlderEdge(),
      onPage: (detail) => deps.hooks.emit('feed-page', detail),
      onUnavailable: (reason) => deps.hooks.emit('feed-page-unavailable', { reason }),
    });
    // The chart counts each flow the stream sends once (net-premium.ts keeps evicted flows).
    this.store.onChanges((changes) => this.net.apply(streamChanges(changes)));
    this.store.onRevision(() => {
      this.flowRevision.set({ revision: this.store.revision, at: performance.now() });
      // Holding the session's first flow, or letting it go, changes what the edge says.
      this.refreshOlderEdge();
    });
  }

  /** The older edge from the pager, the store and the recording status: set only when what it says changes. */
  private refreshOlderEdge(): void {
    const next = this.pager.older;
    if (!sameOlderState(next, this.olderEdge.get())) this.olderEdge.set(next);
  }

  /** Subscribes to every event and handshakes now and on each reconnect; returns the stop. */
  start(): () => void {
    const on = this.bridge.on;
    const hooks = this.deps.hooks;
    const offs = [
      // Kept as they come, taken in once per frame, or less often while they outpace the screen (takeFlows).
      on.flows.batch((wire) => {
        this.intake.offer(wire);
        this.pacer.offered();
      }),
      on.flows.reset((wire) => {
        // A replay opened or sought, or the backlog answering our subscribe: start over.
        this.intake.drop();
        this.store.clear();
        this.net.clear();
        this.pager.reset();
        const rows = decodeFlowBatch(wire);
        this.pager.noteSent(rows);
        const changes = this.store.apply(rows, false);
        hooks.emit('flows-reset', { held: this.store.size, added: changes.added.length });
      }),
      on.flows.stats((snapshot) => this.stats.set(snapshot)),
      on.marketData.status((state) => {
        this.statusPushes++;
        this.setMarket(state);
      }),
      on.marketData.gap((gap) => this.addGap(gap)),
      on.marketData.bars(({ symbol, bars }) => this.bars.update((all) => withBars(all, symbol, bars))),
      on.marketData.usage((usage) => this.usage.set(usage)),
      on.marketData.store((status) => {
        this.storeStatus.set(status);
        // Older flows are unavailable while the store is not recording (feed-pager.ts).
        this.refreshOlderEdge();
        hooks.emit('store', status);
      }),
      on.marketData.watchlist((list) => this.watchlist.set(list)),
      on.marketData.notice((notice) => {
        this.notice.set(notice.text);
        hooks.emit('notice', { what: notice.level, message: notice.text });
      }),
      on.settings.changed((settings) => this.adoptSettings(settings)),
      on.volatility.summaries((list) => this.setIvSummaries(list)),
      on.alerts.fired((alert) => this.alerts.receive(alert)),
      this.sessions.start(),
      this.history.start(),
      this.auth.start(),
      this.deps.link.onState((state) => {
        this.link.set(state);
        hooks.emit('link', { status: state.status });
        if (state.status === 'open') void this.handshake();
        else this.ready.set(false);
      }),
    ];
    if (this.deps.link.state().status === 'open') void this.handshake();
    const flushOnLeave = (): void => void this.filterSync.flush();
    window.addEventListener('pagehide', flushOnLeave);
    return () => {
      for (const off of offs) off();
      window.removeEventListener('pagehide', flushOnLeave);
    };
  }

  private readonly ivLookup = (underlying: string): IvSummary | undefined => this.ivSummaries.get().get(underlying);

  /** Once per frame: every batch since the last one, the newest version of each flow only. */
  private readonly takeFlows = (): void => {
    const frame = this.intake.take();
    if (frame.rows.length === 0) return this.pacer.took(0);
    this.pager.noteSent(frame.rows);
    const changes = this.store.apply(frame.rows);
    let fresh = 0;
    for (const row of changes.added) if (this.store.get(row.id)?.visible === true) fresh++;
    this.pacer.took(fresh);
    if (changes.added.length + changes.updated.length > 0) {
      this.deps.hooks.emit('flows', { added: changes.added.length, updated: changes.updated.length, held: this.store.size, superseded: frame.superseded, lagMs: Math.round(frame.lagMs), sentAt: frame.sentAt });
    }
  };

  /** The list's rows on screen, and whether it follows the newest flows (else it holds a row still for reading). */
  listScreen(rows: number, following: boolean): void {
    this.pacer.screen(rows, following);
  }

  /** New ranks move the rows an IV-rank or percentile bound shows. */
  private setIvSummaries(list: readonly IvSummary[]): void {
    this.ivSummaries.set(new Map(list.map((s) => [s.underlying, s])));
    this.deps.hooks.emit('iv-summaries', { underlyings: list.length });
    const filter = this.filter.get();
    if (usesIvHistory(filter.volatility)) this.store.setFilter(filter, this.ivLookup);
  }

  editFilter(filter: FeedFilter): void {
    this.filterSync.edit(filter);
  }

  select(id: string | null): void {
    this.selected.set(id);
  }

  setView(view: FeedView): void {
    if (view === this.store.view) return;
    this.view.set(view);
    this.store.setView(view);
    this.deps.hooks.emit('feed-view', { view, visible: this.store.visibleCount });
  }

  /** A leg's link: the strategies view, with the strategy's row selected. */
  openStrategy(strategyId: string): void {
    this.setView('strategies');
    this.select(leadFlowId({ id: strategyId }));
  }

  /** A strategy's leg: the legs view, with that leg selected. */
  openLeg(flowId: string): void {
    this.setView('legs');
    this.select(flowId);
  }

  async setWatchlist(list: Watchlist): Promise<void> {
    try {
      this.watchlist.set(await this.bridge.api.marketData.setWatchlist(list));
      this.usage.set(await this.bridge.api.marketData.usage({}));
    } catch (error) {
      this.fail('saving the watchlist', error);
    }
  }

  async loadBars(symbol: string): Promise<void> {
    try {
      const bars = await this.bridge.api.marketData.bars({ symbol });
      this.bars.update((all) => withBars(all, symbol, bars));
    } catch (error) {
      this.fail(`loading ${symbol} bars`, error);
    }
  }

  setMuted(muted: boolean): Promise<void> {
    return saveMuted(this.bridge.api, this.settings, muted).catch((error: unknown) => this.fail('muting alerts', error));
  }

  updateAlertSettings(change: Partial<AppSettings['alerts']>): Promise<void> {
    return saveAlertSettings(this.bridge.api, this.settings, change).catch((error: unknown) => this.fail('saving alert settings', error));
  }

  /** After a replay: drop its flows and load the live session again. */
  private backToLive(): void {
    this.intake.drop();
    this.pager.reset();
    this.store.clear();
    this.net.clear();
    this.deps.hooks.emit('flows-reset', { held: 0, added: 0 });
    void this.handshake();
  }

  fail(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.notice.set(`Failed ${what}: ${message}`);
    this.deps.hooks.emit('notice', { what, message });
  }

  /** Announces the window, then loads everything it shows; runs again after each reconnect. */
  private async handshake(): Promise<void> {
    const round = ++this.handshakes;
    const api = this.bridge.api;
    try {
      await api.windows.ready({});
      const pushesBefore = this.statusPushes;
      const { settings, status, stats, watchlist, usage, history, ivSummaries } = await readFeedSnapshot(api);
      if (round !== this.handshakes) return;
      this.adoptSettings(settings);
      if (this.statusPushes === pushesBefore) this.setMarket(status);
      if (stats) this.stats.set(stats);
      if (watchlist) this.watchlist.set(watchlist);
      this.usage.set(usage);
      this.alerts.loadHistory(history);
      this.setIvSummaries(ivSummaries);
      const backlog = await this.subscribeFlows();
      if (round !== this.handshakes) return;
      this.ready.set(true);
      this.deps.hooks.emit('ready', { backlog, round });
    } catch (error) {
      if (round === this.handshakes) this.fail('connecting the feed', error);
    }
  }

  /**
   * Asks for the newest flows (they come as a reset) and the stream:
   * at start-up, after each reconnect, and to take the stream again after the newest were let go.
   */
  async subscribeFlows(): Promise<number> {
    const { backlog } = await this.bridge.api.flows.subscribe({ backlog: BACKLOG });
    return backlog;
  }

  adoptSettings(settings: AppSettings): void {
    this.settings.set(settings);
    this.filterSync.remote(settings.feed);
  }

  private setMarket(state: ConnectionState): void {
    this.market.set(state);
    this.deps.hooks.emit('connection', { state: state.state, source: state.source, ...(state.state === 'reconnecting' ? { attempt: state.attempt } : {}) });
  }

  private addGap(gap: Gap): void {
    this.gaps.update((list) => withGap(list, gap));
    this.deps.hooks.emit('gap', gap);
  }
}
