// One recording session: record every inbound frame, run the market pipeline, store flows and
// alerts, and mark reconnects and outages as gaps. What is subscribed is the caller's business
// (SymbolSubscriptions); the recording sees whatever the streamer delivers. The store can fail
// without stopping the stream: flows stay in memory and the status says so.
import type { AlertRule, SessionSource } from '../../shared/domain/session.ts';
import type { FlowSettings, RollingSettings } from '../../shared/domain/settings.ts';
import type { SchwabStreamer } from '../schwab/streamer.ts';
import type { Db } from '../store/database.ts';
import { insertAlerts } from '../store/alerts.ts';
import { BatchedWriter, type WriterStatus } from '../store/batched-writer.ts';
import { FrameRecorder } from '../store/frame-recorder.ts';
import { FlowWriter } from '../store/flows.ts';
import { closeDanglingSessions, closeGap, createSession, endSession, openGap, updateSessionSymbols } from '../store/sessions.ts';
import type { Alert } from '../../shared/domain/session.ts';
import type { Clock } from '../util/clock.ts';
import type { Unsubscribe } from '../util/emitter.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { MarketPipeline } from './pipeline.ts';

export interface RecordingOptions {
  db: Db;
  streamer: SchwabStreamer;
  source: SessionSource;
  clock: Clock;
  settings: FlowSettings;
  /** The rolling-statistics window; kept with the session so a replay uses the same. */
  rolling: RollingSettings;
  /** Schwab 21-character option symbols and equity tickers recorded at the start. */
  symbols: readonly string[];
  alertRules?: () => readonly AlertRule[];
  watchlist?: () => ReadonlySet<string>;
  /** Contracts with an open book window (BOOK_EVENT rules may ask for only those). */
  watched?: () => ReadonlySet<string>;
  logger?: Logger;
  /** Why a session a crash left open is closed now (its gap says so). */
  danglingReason?: string;
}

export interface RecordingSummary {
  sessionId: number;
  frames: number;
  flows: number;
  alerts: number;
  reconnects: number;
  errors: number;
  durationMs: number;
  storeFailing: boolean;
}

export class Recording {
  readonly sessionId: number;
  readonly pipeline: MarketPipeline;
  private readonly options: RecordingOptions;
  private readonly log: Logger;
  private readonly frames: FrameRecorder;
  private readonly flows: FlowWriter;
  private readonly alerts: BatchedWriter<Alert>;
  private readonly offs: Unsubscribe[] = [];
  private readonly startedAt: number;
  private flowCount = 0;
  private alertCount = 0;
  private storeErrors = 0;
  private stopped = false;

  constructor(options: RecordingOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('recording');
    const { db, clock } = options;
    this.startedAt = clock.now();
    closeDanglingSessions(db, options.danglingReason);
    this.sessionId = createSession(db, {
      source: options.source,
      symbols: options.symbols,
      settings: options.settings,
      rolling: options.rolling,
      startedAt: this.startedAt,
    });
    const onStatus = (s: WriterStatus) => {
      if (s.failing) this.storeErrors++;
    };
    this.frames = new FrameRecorder({ db, sessionId: this.sessionId, clock, logger: this.log, onStatus });
    this.flows = new FlowWriter({ db, clock, logger: this.log, onStatus });
    this.alerts = new BatchedWriter<Alert>({ db, clock, name: 'alerts', logger: this.log, write: insertAlerts, onStatus });
    this.pipeline = new MarketPipeline({
      sessionId: String(this.sessionId),
      settings: options.settings,
      rolling: options.rolling,
      ...(options.alertRules ? { alertRules: options.alertRules } : {}),
      ...(options.watchlist ? { watchlist: options.watchlist } : {}),
      ...(options.watched ? { watched: options.watched } : {}),
      onListenerError: (event, error) => this.log.warn('a market pipeline step failed; the stream goes on', { event, reason: (error as Error).message }),
    });
  }

  start(): void {
    const { streamer, db } = this.options;
    this.offs.push(
      streamer.on('frame', ({ text, receivedAt, connection }) => this.frames.record(text, receivedAt, connection)),
      this.pipeline.attach(streamer.data),
      this.pipeline.events.on('flow', ({ flow, isNew }) => {
        if (isNew) this.flowCount++;
        this.flows.add(flow);
      }),
      this.pipeline.events.on('alert', (alert) => {
        this.alertCount++;
        this.alerts.add(alert);
      }),
      streamer.on('status', (status) => {
        try {
          if (status.state === 'reconnecting') openGap(db, this.sessionId, status.since, status.reason);
          else if (status.state === 'live') closeGap(db, this.sessionId, status.since);
        } catch (error) {
          this.log.warn('cannot record a gap', { reason: (error as Error).message });
        }
      }),
    );
    streamer.start();
  }

  /** Keeps the session row's symbol list current as the watchlist changes. */
  symbolsChanged(symbols: readonly string[]): void {
    try {
      updateSessionSymbols(this.options.db, this.sessionId, symbols);
    } catch (error) {
      this.log.warn('cannot update the session symbols', { reason: (error as Error).message });
    }
  }

  writers(): { frames: WriterStatus; flows: WriterStatus } {
    return { frames: this.frames.status(), flows: this.flows.status() };
  }

  /** Stops streaming, writes everything still buffered and closes the session. */
  async stop(): Promise<RecordingSummary> {
    if (!this.stopped) {
      this.stopped = true;
      await this.options.streamer.stop();
      for (const off of this.offs.splice(0)) off();
      const ok = [this.frames.close(), this.flows.close(), this.alerts.close()].every(Boolean);
      try {
        endSession(this.options.db, this.sessionId, this.options.clock.now());
      } catch (error) {
        this.log.error('cannot close the session row', { reason: (error as Error).message });
      }
      if (!ok) this.log.error('some rows could not be written before stopping');
    }
    return this.summary();
  }

  summary(): RecordingSummary {
    const stats = this.options.streamer.stats();
    const errors = stats.unparsable + stats.unknownService + stats.malformedItems + stats.requestFailures + stats.listenerErrors + this.storeErrors;
    return {
      sessionId: this.sessionId,
      frames: this.frames.status().written + this.frames.status().pending,
      flows: this.flowCount,
      alerts: this.alertCount,
      reconnects: stats.reconnects,
      errors,
      durationMs: this.options.clock.now() - this.startedAt,
      storeFailing: this.frames.status().failing || this.flows.status().failing,
    };
  }
}
