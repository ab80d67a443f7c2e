// A rule back-tested over recorded sessions (FLOW-RULES.md §13): each session's frames played
// through the replay player (the same parse stage, flow engine and alert engine as live, with
// the flow rules the session was recorded with), and what the rule fires listed with its flow.
// Quiet hours, cool-downs and caps run on market time, so a session's back-test fires exactly
// what the same rule fired live in it. Two things live had that a recording does not: which
// book windows were open (a "watched only" rule counts every contract as watched here) and the
// watchlist of the day (the one given, the current one, is used).
import type { BacktestHit, BacktestResult } from '../../shared/domain/alert-backtest.ts';
import type { AlertRule, SessionId } from '../../shared/domain/session.ts';
import { etDateString, etMidnight } from '../../shared/time/eastern.ts';
import { ReplayPlayer } from './replay-player.ts';
import type { Db } from '../store/database.ts';
import { getSession, sessionRow } from '../store/sessions.ts';
import type { Clock } from '../util/clock.ts';

export type BacktestScope = { sessionId: SessionId } | { from: string; to: string };

export interface BacktestOptions {
  /** Hits kept at most (the counts per day cover every one). */
  limit: number;
  watchlist?: () => ReadonlySet<string>;
  /** Paces the play: frames go in chunks with a timer turn between, so the thread still answers. */
  clock: Clock;
  /** Frames per timer turn. */
  chunk?: number;
}

const DAY_MS = 86_400_000;

/** The sessions a scope names, oldest first; a session that does not exist is an error. */
export function sessionsOf(db: Db, scope: BacktestScope): SessionId[] {
  if ('sessionId' in scope) {
    if (!getSession(db, sessionRow(scope.sessionId))) throw new Error(`no session ${scope.sessionId}`);
    return [scope.sessionId];
  }
  const start = etMidnight(scope.from);
  // The midnight after `to`, found from noon of the next day (a day is 23 to 25 hours long).
  const end = etMidnight(etDateString(etMidnight(scope.to) + DAY_MS + DAY_MS / 2));
  const rows = db.prepare('SELECT id FROM sessions WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id').all(start, end) as { id: number }[];
  return rows.map((r) => String(r.id));
}

/**
 * `db` should be a connection of its own: the replay reads the frames through an open cursor
 * across timer turns, and a connection with an open cursor runs no other statement.
 */
export async function backtestRule(db: Db, rule: AlertRule, scope: BacktestScope, options: BacktestOptions): Promise<BacktestResult> {
  const sessions = sessionsOf(db, scope);
  // A disabled rule is tried all the same: trying it is how one decides to turn it on.
  const tried: AlertRule = { ...rule, enabled: true };
  const hits: BacktestHit[] = [];
  const perDay = new Map<string, number>();
  let total = 0;
  for (const id of sessions) {
    const session = getSession(db, sessionRow(id));
    if (!session) continue;
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const player = new ReplayPlayer({
      db,
      session,
      settings: session.settings,
      clock: options.clock,
      maxChunk: options.chunk ?? 2000,
      // Played once from the start, never sought: no checkpoints to take.
      checkpointEvery: Number.POSITIVE_INFINITY,
      onState: (state) => {
        if (state.finished) finished();
      },
      alertRules: () => [tried],
      everyContractWatched: true,
      ...(options.watchlist ? { watchlist: options.watchlist } : {}),
    });
    player.pipeline.events.on('alert', (alert) => {
      total++;
      const day = etDateString(alert.time);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
      if (hits.length >= options.limit) return;
      hits.push({
        sessionId: alert.sessionId,
        ruleKind: alert.ruleKind,
        time: alert.time,
        at: alert.at ?? alert.time,
        symbol: alert.symbol,
        flowId: alert.flowId,
        title: alert.title,
        body: alert.body,
      });
    });
    try {
      player.setSpeed('max');
      if (player.play().finished) finished();
      await done;
    } finally {
      player.close();
    }
  }
  const days = [...perDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, count]) => ({ day, count }));
  return { sessions, hits, total, perDay: days };
}
