// Replay inside the running app: opens a recorded session in its own read connection, plays it
// through a ReplayPlayer and pushes its flows, books and status to the windows exactly as live
// data, while the live session keeps recording in the background (its pushes pause).
import type { FlowEvidence } from '../../shared/domain/flow.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import type { AlertRule } from '../../shared/domain/session.ts';
import { toFlowRow, type FlowRow } from '../../shared/ipc/flows.ts';
import { DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import type { ReplayState } from '../../shared/ipc/sessions.ts';
import { BatchBuilder } from '../app/ingest-batch.ts';
import type { IngestBatch, ReplayAction } from '../app/ingest-types.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { getSession } from '../store/sessions.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { ReplayPlayer } from './replay-player.ts';

/** What the controller needs from the live pipeline it stands in for. */
export interface LivePipeline {
  readonly dbPath: string | null;
  /** The live alert rules: a replay alerts as the live session would. */
  readonly rules: readonly AlertRule[];
  setForwarding(on: boolean): void;
}

export interface ReplayControllerOptions {
  clock: Clock;
  logger?: Logger;
  live: LivePipeline;
  onBatch: (batch: IngestBatch) => void;
  /** Flows sent to the feed when a replay opens or seeks. */
  backlog?: number;
}

export class ReplayController {
  private readonly options: ReplayControllerOptions;
  private readonly log: Logger;
  private db: Db | null = null;
  private player: ReplayPlayer | null = null;
  private readonly batch = new BatchBuilder();
  private timer: TimerHandle | null = null;
  private watched = new Set<string>();
  private recent = new Map<string, FlowRow[]>();

  constructor(options: ReplayControllerOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('replay');
  }

  open(query: { sessionId: number; settings?: Partial<FlowSettings> }): ReplayState {
    this.close();
    const path = this.options.live.dbPath;
    if (!path) throw new Error('there is no database to replay from');
    const db = openDatabase(path, { readonly: true });
    const session = getSession(db, query.sessionId);
    if (!session) {
      db.close();
      throw new Error(`no session ${query.sessionId}`);
    }
    this.db = db;
    const player = new ReplayPlayer({
      db,
      session,
      settings: { ...session.settings, ...query.settings },
      clock: this.options.clock,
      alertRules: () => this.options.live.rules,
      onState: (state) => this.onState(state),
    });
    this.player = player;
    this.wire(player);
    this.options.live.setForwarding(false);
    this.log.info('replay opened', { sessionId: session.id, frames: player.state().frameCount });
    this.batch.reset([]);
    this.batch.status({ state: 'live', source: 'replay', since: this.options.clock.now(), delayed: false });
    return this.onState(player.state());
  }

  control(action: ReplayAction): ReplayState {
    const player = this.player;
    if (!player) throw new Error('no replay is open');
    switch (action.action) {
      case 'play':
        return player.play();
      case 'pause':
        return player.pause();
      case 'step':
        return player.step();
      case 'speed':
        return player.setSpeed(action.speed);
      case 'seek': {
        const state = player.seek(action.to);
        this.recent.clear();
        this.batch.reset(player.flowsAsOfNow(this.options.backlog ?? 5000));
        this.schedule();
        return state;
      }
    }
  }

  close(): { closed: boolean } {
    if (!this.player) return { closed: false };
    this.player.close();
    this.player = null;
    this.db?.close();
    this.db = null;
    this.recent.clear();
    this.options.live.setForwarding(true);
    return { closed: true };
  }

  backlog(limit: number): { state: ReplayState; flows: FlowRow[] } | null {
    if (!this.player) return null;
    return { state: this.player.state(), flows: this.player.flowsAsOfNow(limit) };
  }

  watchBooks(symbols: string[]): void {
    this.watched = new Set(symbols);
  }

  evidence(id: string): FlowEvidence | null {
    return this.player?.pipeline.engine.flow(id)?.evidence ?? null;
  }

  recentFlows(symbol: string, limit: number): FlowRow[] | null {
    if (!this.player) return null;
    return (this.recent.get(symbol) ?? []).slice(0, limit);
  }

  private wire(player: ReplayPlayer): void {
    const events = player.pipeline.events;
    events.on('flow', ({ flow }) => {
      const row = toFlowRow(flow);
      const list = this.recent.get(flow.symbol) ?? [];
      const at = list.findIndex((r) => r.id === flow.id);
      if (at >= 0) list[at] = row;
      else list.unshift(row);
      if (list.length > 200) list.pop();
      this.recent.set(flow.symbol, list);
      this.batch.flow(row);
      this.schedule();
    });
    events.on('alert', (alert) => {
      this.batch.alert(alert);
      this.schedule();
    });
    events.on('book', (book) => {
      if (!this.watched.has(book.symbol)) return;
      this.batch.book(book);
      this.schedule();
    });
    events.on('optionQuote', (u) => {
      if (!this.watched.has(u.symbol)) return;
      this.batch.quote(u.quote);
      this.schedule();
    });
    events.on('equityQuote', (u) => this.batch.equity(u.quote));
    events.on('bar', (bar) => this.batch.bar(bar));
  }

  private onState(state: ReplayState): ReplayState {
    this.batch.replay(state);
    const stats = this.player?.pipeline.engine.stats;
    if (stats) {
      this.batch.stats({
        at: state.position,
        windowMs: DEFAULT_ROLLING_SETTINGS.windowMs,
        overall: stats.rolling(state.position),
        session: stats.session(),
        byUnderlying: stats.underlyings().map((underlying) => ({ underlying, rolling: stats.rolling(state.position, underlying) })),
      });
    }
    this.schedule();
    return state;
  }

  private schedule(): void {
    this.timer ??= this.options.clock.setTimeout(() => {
      this.timer = null;
      const batch = this.batch.take();
      if (batch) this.options.onBatch(batch);
    }, 16);
  }
}
