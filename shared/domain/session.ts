// Recording sessions, alerts and the connection status the windows show.
import type { BookEventKind, BookSideName } from './book-events.ts';
import type { FeedFilter } from './feed-filter.ts';
import type { FlowKind, Sentiment } from './flow.ts';
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

/**
 * FLOW: any of the feed's filters together (FLOW-RULES.md §13). WHALE, PREMIUM_OVER and
 * WATCHLIST_SWEEP are the older flow rules, kept as they were stored.
 */
export type AlertRuleKind = 'WHALE' | 'PREMIUM_OVER' | 'WATCHLIST_SWEEP' | 'SPREAD_WIDE' | 'BOOK_EVENT' | 'FLOW';
export const ALERT_RULE_KINDS: readonly AlertRuleKind[] = [
  'WHALE',
  'PREMIUM_OVER',
  'WATCHLIST_SWEEP',
  'SPREAD_WIDE',
  'BOOK_EVENT',
  'FLOW',
];

/** Flags a FLOW rule can ask a flow to carry (FLOW-RULES.md §4, §5 and §8), all of them. */
export type AlertFlowFlag = 'UNUSUAL' | 'REPEATER' | 'OPENING_LIKELY' | 'STRATEGY_LEG';
export const ALERT_FLOW_FLAGS: readonly AlertFlowFlag[] = ['UNUSUAL', 'REPEATER', 'OPENING_LIKELY', 'STRATEGY_LEG'];

export const ALERT_SENTIMENTS: readonly Sentiment[] = ['BULLISH', 'BEARISH', 'NEUTRAL'];

/** A daily stretch of Eastern time, 'HH:MM' to 'HH:MM' (past midnight when `to` is earlier). */
export interface QuietHours {
  from: string;
  to: string;
}

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
  /** BOOK_EVENT and SPREAD_WIDE: only contracts with an open book window. */
  watchedOnly?: boolean;
  /** The name the user gave it (the panel shows the kind without one). */
  name?: string;
  /** FLOW: the feed's filter, matched by the feed's own matcher (shared/analytics/flow-filter.ts). */
  filter?: FeedFilter;
  /** FLOW: the sentiments that fire (empty or absent: any). */
  sentiments?: Sentiment[];
  /** FLOW: flags the flow must all carry. */
  flags?: AlertFlowFlag[];
  /** After firing, the rule stays quiet this long (market time of what it fires on). */
  cooldownMs?: number;
  /** At most this many alerts in any 60 minutes of market time. */
  maxPerHour?: number;
  /** The rule does not fire in this daily stretch of Eastern time. */
  quietHours?: QuietHours;
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
  /**
   * The stream time the alert became known (the receive time of the print that fired a flow
   * alert): a replay sought to it holds what fired. Absent on alerts stored before it was kept.
   */
  at?: number;
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
