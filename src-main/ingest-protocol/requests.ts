// What main may ask of the ingest worker, and what each answer is. Main and the worker import
// only this folder from each other: everything here is plain, structured-clone-able data.
import type { FlowEvidence } from '../../shared/domain/flow.ts';
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import type { BacktestResult } from '../../shared/domain/alert-backtest.ts';
import type { AlertQuery, BacktestQuery } from '../../shared/ipc/alerts.ts';
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { BookTimeline } from '../../shared/domain/book-events.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { Alert, Session, SessionId } from '../../shared/domain/session.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import type { ChainSummary, Watchlist } from '../../shared/domain/watchlist.ts';
import type { IvSummary } from '../../shared/domain/volatility.ts';
import type { FlowPage, FlowPageQuery, FlowRow } from '../../shared/ipc/flows.ts';
import type { PositioningAnswer, PositioningScope } from '../../shared/ipc/positioning.ts';
import type { ExportFormat, ExportProgress, ReplaySpeed, ReplayState } from '../../shared/ipc/sessions.ts';

/** Where the market comes from: the embedded simulator, or Schwab with main's tokens. */
export type MarketSource =
  | {
      kind: 'demo';
      seed: number;
      intensity: number;
      bookLevels: number;
      /** The simulator's own fault endpoint on (end-to-end tests break the stream through it). */
      faultEndpoint?: boolean;
      /** Where the demo market keeps its day between runs (beside the database). */
      dayFile?: string;
      /** Tests only: the demo session runs this many days in the past (a "yesterday" to check the next day against). */
      daysAgo?: number;
    }
  /** Live: tokens come from main (which owns the keychain) through the token request. */
  | { kind: 'live'; apiBase: string | null };

export interface IngestStart {
  /** The app's database; the worker is the only one that opens it. */
  dbPath: string;
  source: MarketSource;
  /** How pushes are coalesced toward main (ms); one conflation stage, in the worker. */
  flushMs?: number;
  /** How often "around the money" watchlist entries are checked against the price (ms). */
  repickEveryMs?: number;
  /** Why a session left open is closed (a worker that died is restarted with this said). */
  danglingReason?: string;
}

export interface IngestStarted {
  /** The live session being recorded; null when the database could not be opened. */
  sessionId: SessionId | null;
  settings: AppSettings;
  watchlist: Watchlist;
  /** The demo simulator's REST address (its fault endpoint lives there when asked for). */
  simulatorUrl: string | null;
}

export interface IngestSummary {
  sessionId: SessionId | null;
  frames: number;
  flows: number;
  alerts: number;
  reconnects: number;
  errors: number;
}

/** How a finished export reaches the user; the host decides (shared/ipc/sessions.ts). */
export type ExportDeliveryMode = { by: 'link'; prefix: string } | { by: 'file' };

export interface ExportOrder {
  sessionId: SessionId;
  format: ExportFormat;
  /** The folder exports are written to. */
  dir: string;
  delivery: ExportDeliveryMode;
}

export type ReplayAction =
  | { action: 'play' }
  | { action: 'pause' }
  | { action: 'step' }
  | { action: 'seek'; to: number }
  | { action: 'speed'; speed: ReplaySpeed };

/** Requests main sends to the worker; each answers with its return type. */
export interface IngestRequests {
  start: (start: IngestStart) => IngestStarted;
  stop: () => IngestSummary;
  /** Saves the watchlist and subscribes it (plus every watched book); answers what was kept. */
  setWatchlist: (watchlist: Watchlist) => Watchlist;
  /** The contracts whose books and quotes the windows show. */
  watchBooks: (symbols: string[]) => { watching: number };
  /** Saves the settings; alert rules and the size cap apply at once, flow rules to new sessions. */
  saveSettings: (settings: AppSettings) => { saved: true };
  /** The newest flows of the session on screen, newest first; for one contract when given. */
  backlog: (query: { limit: number; symbol: string | null }) => FlowRow[];
  evidence: (flowId: string) => FlowEvidence | null;
  /** A page of a session's stored flows next to one a feed window holds (shared/ipc/flows.ts). */
  flowPage: (query: FlowPageQuery) => FlowPage;
  recentBars: (symbol: string) => Bar[];
  /** One contract's book history (the last TIMELINE_SPAN_MS) in the session on screen. */
  bookTimeline: (symbol: string) => BookTimeline;
  chain: (query: { underlying: string; strikeCount: number; expiries: number }) => ChainSummary;
  /** Positioning of one underlying (shared/analytics/FLOW-RULES.md §12). */
  positioning: (query: { underlying: string; scope: PositioningScope }) => Promise<PositioningAnswer>;
  sessions: (limit: number) => Session[];
  /** Stored alerts of every session, newest first, that match the query. */
  alertHistory: (query: AlertQuery) => Alert[];
  /** A rule run over recorded sessions through the replay's engine (FLOW-RULES.md §13). */
  alertBacktest: (query: BacktestQuery) => Promise<BacktestResult>;
  /** Starts writing a session's flows to a file; progress arrives as pushes. */
  startExport: (order: ExportOrder) => ExportProgress;
  /** Starts a history search for a window; its pages arrive as pushes to that window. */
  search: (order: { window: string; searchId: string; query: HistoryQuery }) => { searchId: string };
  /** The window received pages up to `page`. */
  searchMore: (ack: { window: string; searchId: string; page: number }) => { searchId: string; running: boolean };
  searchCancel: (order: { window: string; searchId: string }) => { cancelled: boolean };
  openReplay: (query: { sessionId: SessionId; settings?: Partial<FlowSettings> }) => ReplayState;
  controlReplay: (action: ReplayAction) => ReplayState;
  closeReplay: () => { closed: boolean };
  /** IV rank and percentile of every underlying in the IV history (FLOW-RULES.md §11). */
  ivSummaries: () => IvSummary[];
}

export type IngestRequestName = keyof IngestRequests;
export type IngestResult<N extends IngestRequestName> = Awaited<ReturnType<IngestRequests[N]>>;
