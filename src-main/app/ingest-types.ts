// What crosses between the app's main thread and the ingest pipeline (which runs in a
// worker_threads worker): plain, structured-clone-able data only.
import type { Flow, FlowEvidence } from '../../shared/domain/flow.ts';
import type { Bar, Book, EquityQuote, OptionQuote } from '../../shared/domain/market.ts';
import type { Alert, AlertRule, ConnectionState, Gap } from '../../shared/domain/session.ts';
import type { FlowSettings, RollingSettings } from '../../shared/domain/settings.ts';
import type { ChainSummary, ServiceUsage } from '../../shared/domain/watchlist.ts';
import type { FlowRow, StatsSnapshot } from '../../shared/ipc/flows.ts';
import type { ReplaySpeed, ReplayState } from '../../shared/ipc/sessions.ts';
import type { WriterStatus } from '../store/batched-writer.ts';

export type IngestSourceConfig =
  | { kind: 'demo'; seed: number; intensity: number; bookLevels: number }
  /** Live: tokens come from main (which owns the keychain) through the token request. */
  | { kind: 'live'; apiBase: string | null };

export interface IngestConfig {
  /** Where sessions are recorded; null records nothing (tests, previews). */
  dbPath: string | null;
  source: IngestSourceConfig;
  settings: FlowSettings;
  rolling: RollingSettings;
  alertRules: AlertRule[];
  /** Size cap of the database in MB, oldest sessions pruned first; null is off. */
  retentionMb?: number | null;
  /** Schwab 21-character option symbols. */
  options: string[];
  tickers: string[];
  /** How often pushes are batched toward main (ms). */
  batchMs?: number;
}

export interface StoreHealth {
  frames: WriterStatus;
  flows: WriterStatus;
  /** Why the database could not be opened (recording then runs in memory only). */
  openError: string | null;
}

/** Events the pipeline pushes, batched every few milliseconds. */
export interface IngestBatch {
  /** When set, the feed drops what it shows and starts from these (replay opened or sought). */
  reset: FlowRow[] | null;
  /** Applied after `reset`. */
  flows: FlowRow[];
  alerts: Alert[];
  books: Book[];
  quotes: OptionQuote[];
  equities: EquityQuote[];
  bars: Bar[];
  status: ConnectionState | null;
  gap: Gap | null;
  stats: StatsSnapshot | null;
  usage: ServiceUsage[] | null;
  store: StoreHealth | null;
  replay: ReplayState | null;
}

export interface IngestSummary {
  sessionId: number | null;
  frames: number;
  flows: number;
  alerts: number;
  reconnects: number;
  errors: number;
}

/** Requests main sends to the pipeline. */
export interface IngestRequests {
  start: (config: IngestConfig) => { sessionId: number | null };
  stop: () => IngestSummary;
  setSymbols: (symbols: { options: string[]; tickers: string[] }) => { options: number; tickers: number };
  setRules: (change: { settings?: FlowSettings; alertRules?: AlertRule[]; retentionMb?: number | null }) => { ok: true };
  /** Which contracts' books and quotes main wants forwarded (open book windows). */
  watchBooks: (symbols: string[]) => { ok: true };
  evidence: (id: string) => FlowEvidence | null;
  recentFlows: (query: { symbol: string; limit: number }) => FlowRow[];
  recentBars: (symbol: string) => Bar[];
  chain: (query: { underlying: string; strikeCount: number; expiries: number }) => ChainSummary;
  status: () => ConnectionState;
  openReplay: (query: { sessionId: number; settings?: Partial<FlowSettings> }) => ReplayState;
  controlReplay: (action: ReplayAction) => ReplayState;
  closeReplay: () => { closed: boolean };
  /** The open replay's state and its newest flows as of its position, or null without one. */
  replayBacklog: (limit: number) => { state: ReplayState; flows: FlowRow[] } | null;
  /** Demo only, for end-to-end tests: breaks the simulator's stream the way a network would. */
  fault: (kind: DemoFault) => { applied: boolean };
}

export type DemoFault = 'cut' | 'silence' | 'garbage';

export type ReplayAction =
  | { action: 'play' }
  | { action: 'pause' }
  | { action: 'step' }
  | { action: 'seek'; to: number }
  | { action: 'speed'; speed: ReplaySpeed };

export type IngestRequestName = keyof IngestRequests;

export type FlowWithEvidence = Flow;
