// Recording sessions, alerts and the connection status the windows show.
import type { BookEventKind, BookSideName } from './book-events.ts';
import type { FlowKind } from './flow.ts';
import type { FlowSettings, RollingSettings } from './settings.ts';
import type { SessionId } from './session-id.ts';

export type SessionSource = 'live' | 'demo' | 'replay';
export type { SessionId } from './session-id.ts';
export const SESSION_SOURCES: readonly SessionSource[] = ['live', 'demo', 'replay'];

/** A stretch of time the stream was not delivering (reconnect, outage). */
export interface Gap {
  start: number;
  end: number | null;
  reason: string;
}

export interface Session {
  id: SessionId;
  source: SessionSource;
  symbols: string[];
  settings: FlowSettings;
  /** The rolling-statistics window the session was recorded with (a replay uses the same). */
  rolling: RollingSettings;
  start: number;
  end: number | null;
  frames: number;
  flows: number;
  gaps: Gap[];
}

export type AlertRuleKind = 'WHALE' | 'PREMIUM_OVER' | 'WATCHLIST_SWEEP' | 'SPREAD_WIDE' | 'BOOK_EVENT';
export const ALERT_RULE_KINDS: readonly AlertRuleKind[] = [
  'WHALE',
  'PREMIUM_OVER',
  'WATCHLIST_SWEEP',
  'SPREAD_WIDE',
  'BOOK_EVENT',
];

export interface AlertRule {
  id: string;
  kind: AlertRuleKind;
  enabled: boolean;
  /** Underlyings the rule is limited to; empty means all. */
  symbols: string[];
  /**
   * PREMIUM_OVER: premium threshold in dollars. SPREAD_WIDE: spread threshold in percent of mid.
   * BOOK_EVENT: the smallest event size in contracts (null: any size).
   */
  threshold: number | null;
  kinds: FlowKind[];
  sound: string;
  /** BOOK_EVENT: the book event kinds that fire (empty or absent: every kind). */
  bookEvents?: BookEventKind[];
  /** BOOK_EVENT: the sides of the book that fire (empty or absent: both). */
  sides?: BookSideName[];
  /** BOOK_EVENT: only contracts with an open book window. */
  watchedOnly?: boolean;
  /** Webhook destinations (ids in settings' `webhooks`) the rule's alerts are posted to. */
  destinations?: string[];
}

export interface Alert {
  id: string;
  sessionId: SessionId;
  ruleId: string;
  ruleKind: AlertRuleKind;
  time: number;
  symbol: string;
  flowId: string | null;
  title: string;
  body: string;
}

export type ConnectionState =
  /** `reason` while a step of starting is retried in place (userPreference failed, trying again). */
  | { state: 'connecting'; source: SessionSource; since: number; reason?: string }
  | { state: 'live'; source: SessionSource; since: number; delayed: boolean }
  | {
      state: 'reconnecting';
      source: SessionSource;
      since: number;
      attempt: number;
      nextDelayMs: number;
      reason: string;
    }
  | { state: 'stopped'; source: SessionSource; since: number; reason: string }
  | { state: 'error'; source: SessionSource; since: number; reason: string };
