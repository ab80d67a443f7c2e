// A rule run over recorded sessions (FLOW-RULES.md §13): what it would have fired, when, on
// which flow, and how many a day.
import type { AlertRuleKind, SessionId } from './session.ts';

export interface BacktestHit {
  sessionId: SessionId;
  ruleKind: AlertRuleKind;
  /** Market time of what fired (a flow's last print). */
  time: number;
  /** The stream time it became known: a replay sought to it holds what fired. */
  at: number;
  symbol: string;
  flowId: string | null;
  title: string;
  body: string;
}

export interface BacktestResult {
  /** The sessions run, oldest first. */
  sessions: SessionId[];
  /** Oldest first; at most the limit asked for (`total` counts them all). */
  hits: BacktestHit[];
  total: number;
  /** Eastern trading day (YYYY-MM-DD) and its count, oldest first. */
  perDay: { day: string; count: number }[];
}
