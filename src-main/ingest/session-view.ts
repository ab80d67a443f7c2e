// What the windows see of one market session, whatever its frames come from (a live or demo
// connection, or a recorded session played back): the newest flows per contract, minute bars,
// the books and book histories of watched contracts, and rolling statistics with the session's
// own window. While the session is on screen, everything it produces goes to the one conflation
// stage.
import type { BookTimeline } from '../../shared/domain/book-events.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { ConnectionState, Gap } from '../../shared/domain/session.ts';
import type { RollingSettings } from '../../shared/domain/settings.ts';
import { alertEvents } from '../../shared/ipc/alerts.ts';
import { bookEvents } from '../../shared/ipc/books.ts';
import { flowEvents, toFlowRow, type FlowRow, type StatsSnapshot } from '../../shared/ipc/flows.ts';
import { marketEvents } from '../../shared/ipc/market-data.ts';
import { push, type Push } from '../../shared/ipc/push.ts';
import type { MarketPipeline } from '../market/pipeline.ts';
import type { Unsubscribe } from '../util/emitter.ts';
import type { ConflationStage } from './conflation.ts';
import { RecentFlows } from './recent-flows.ts';

/** A trading day of minute bars per ticker. */
export const BARS_PER_TICKER = 390;
/** Statistics are snapshotted each time stream time enters a new second. */
export const STATS_EVERY_MS = 1000;

export interface SessionViewOptions {
  pipeline: MarketPipeline;
  rolling: RollingSettings;
  /** The contracts whose books and quotes a window shows. */
  watched: () => ReadonlySet<string>;
  stage: ConflationStage;
}

export class SessionView {
  private readonly options: SessionViewOptions;
  private readonly recent = new RecentFlows();
  private readonly bars = new Map<string, Bar[]>();
  private readonly offs: Unsubscribe[];
  private onScreen = false;
  /** While a replay seeks, the history it plays through is not pushed piece by piece. */
  private timelinesHeld = false;
  /** The stream-time slot of the last statistics snapshot. */
  private statsSlot: number | null = null;

  constructor(options: SessionViewOptions) {
    this.options = options;
    const { pipeline } = options;
    const events = pipeline.events;
    this.offs = [
      events.on('flow', ({ flow }) => {
        const row = toFlowRow(flow);
        this.recent.remember(row);
        if (this.onScreen) options.stage.flow(row);
      }),
      events.on('alert', (alert) => this.send(push(alertEvents.fired, alert))),
      events.on('book', (book) => {
        if (options.watched().has(book.symbol)) this.send(push(bookEvents.book, book, { symbol: book.symbol }));
      }),
      events.on('timeline', (delta) => {
        if (!this.timelinesHeld && options.watched().has(delta.symbol)) this.send(push(bookEvents.timeline, delta, { symbol: delta.symbol }));
      }),
      events.on('optionQuote', (u) => {
        // The parse stage's quote objects are live and change after this event: copy now.
        if (options.watched().has(u.symbol)) this.send(push(bookEvents.quote, { ...u.quote }, { symbol: u.symbol }));
      }),
      events.on('bar', (bar) => {
        const list = this.bars.get(bar.symbol) ?? [];
        // One bar per minute: after a reconnect Schwab may send the latest minute again.
        const last = list[list.length - 1];
        if (last && last.time === bar.time) list[list.length - 1] = bar;
        else if (!last || last.time < bar.time) list.push(bar);
        else return;
        if (list.length > BARS_PER_TICKER) list.shift();
        this.bars.set(bar.symbol, list);
        this.send(push(marketEvents.bars, { symbol: bar.symbol, bars: [bar] }, { kinds: ['feed'] }));
      }),
    ];
  }

  get shown(): boolean {
    return this.onScreen;
  }

  /** Puts the session on screen (its pushes flow) or takes it off (they are not produced). */
  show(on: boolean): void {
    this.onScreen = on;
  }

  /**
   * Called with each frame's receive time before the frame is processed. Snapshots follow
   * stream time, not the wall clock, so a replay snapshots exactly where the live session did.
   */
  streamTime(receivedAt: number): void {
    const slot = Math.floor(receivedAt / STATS_EVERY_MS);
    if (this.statsSlot === null || slot < this.statsSlot) {
      this.statsSlot = slot;
      return;
    }
    if (slot === this.statsSlot) return;
    this.statsSlot = slot;
    this.sendStats(slot * STATS_EVERY_MS);
  }

  /** Forgets where stream time was (a replay moved back); the next frame starts over. */
  rewind(): void {
    this.statsSlot = null;
  }

  /** One contract's book history in this session (the last TIMELINE_SPAN_MS). */
  timeline(symbol: string): BookTimeline {
    return this.options.pipeline.timelines.timeline(symbol);
  }

  /**
   * Runs `work` (a replay's seek) without pushing the history it builds piece by piece, then
   * gives each watched contract's window its whole history at once.
   */
  rebuildTimelines<T>(work: () => T): T {
    this.timelinesHeld = true;
    try {
      return work();
    } finally {
      this.timelinesHeld = false;
      this.resetTimelines();
    }
  }

  /** Each watched contract's window drops its history and shows this session's (`reset: true`). */
  resetTimelines(): void {
    for (const symbol of this.options.watched()) this.send(push(bookEvents.timeline, { ...this.timeline(symbol), reset: true }, { symbol }));
  }

  stats(at: number): StatsSnapshot {
    const stats = this.options.pipeline.engine.stats;
    return {
      at,
      windowMs: this.options.rolling.windowMs,
      overall: stats.rolling(at),
      session: stats.session(),
      byUnderlying: stats.underlyings().map((underlying) => ({ underlying, rolling: stats.rolling(at, underlying) })),
    };
  }

  sendStats(at: number): void {
    this.send(push(flowEvents.stats, this.stats(at), { kinds: ['feed'] }));
  }

  status(state: ConnectionState): void {
    this.send(push(marketEvents.status, state));
  }

  gap(gap: Gap): void {
    this.send(push(marketEvents.gap, gap, { kinds: ['feed'] }));
  }

  /** Anything else this session says to the windows while it is on screen. */
  send(item: Push): void {
    if (this.onScreen) this.options.stage.add(item);
  }

  /** The windows start over from these flows (newest first); the per-contract memory too. */
  resetFlows(rows: FlowRow[]): void {
    this.recent.clear();
    for (let i = rows.length - 1; i >= 0; i--) this.recent.remember(rows[i] as FlowRow);
    if (this.onScreen) this.options.stage.resetFlows(rows);
  }

  /**
   * The newest flows this view still holds of one contract, newest first: memory is bounded over
   * all contracts (src-main/ingest/recent-flows.ts), so the session reads older ones from its store.
   */
  recentFlows(symbol: string, limit: number): FlowRow[] {
    return this.recent.of(symbol, limit);
  }

  /** The newest flows over every contract this view holds, newest first. */
  newestFlows(limit: number): FlowRow[] {
    return this.recent.newest(limit);
  }

  recentBars(symbol: string): Bar[] {
    return (this.bars.get(symbol) ?? []).slice();
  }

  detach(): void {
    for (const off of this.offs.splice(0)) off();
  }
}
