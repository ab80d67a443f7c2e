// Alerts as they fired, kept with their session: the alerts panel's history (searchable across
// restarts), its exports, and the tray.
import type { Alert, AlertRuleKind } from '../../shared/domain/session.ts';
import type { AlertQuery } from '../../shared/ipc/alerts.ts';
import type { Db } from './database.ts';
import { sessionRow } from './sessions.ts';

export function insertAlerts(db: Db, alerts: readonly Alert[]): void {
  const statement = db.prepare(
    'INSERT INTO alerts (session_id, rule_id, rule_kind, time, symbol, flow_id, title, body, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const a of alerts) statement.run(sessionRow(a.sessionId), a.ruleId, a.ruleKind, a.time, a.symbol, a.flowId, a.title, a.body, a.at ?? null);
}

interface AlertRow {
  id: number;
  session_id: number;
  rule_id: string;
  rule_kind: AlertRuleKind;
  time: number;
  symbol: string;
  flow_id: string | null;
  title: string;
  body: string;
  at: number | null;
}

function alertOf(r: AlertRow): Alert {
  return {
    id: `${r.session_id}-a${r.id}`,
    sessionId: String(r.session_id),
    ruleId: r.rule_id,
    ruleKind: r.rule_kind,
    time: r.time,
    symbol: r.symbol,
    flowId: r.flow_id,
    title: r.title,
    body: r.body,
    ...(r.at !== null ? { at: r.at } : {}),
  };
}

export function recentAlerts(db: Db, limit: number): Alert[] {
  return searchAlerts(db, { limit });
}

/** LIKE's wildcards in the user's words are matched as themselves. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Newest first. `text` matches words anywhere in the title, body, contract or rule id, each
 * word on its own (case-insensitive), so "spy sweep" finds a sweep on SPY.
 */
export function searchAlerts(db: Db, query: AlertQuery): Alert[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  for (const word of (query.text ?? '').trim().split(/\s+/).filter(Boolean)) {
    where.push("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\' OR symbol LIKE ? ESCAPE '\\' OR rule_id LIKE ? ESCAPE '\\')");
    const pattern = likePattern(word);
    params.push(pattern, pattern, pattern, pattern);
  }
  if (query.sessionId !== undefined) {
    where.push('session_id = ?');
    params.push(sessionRow(query.sessionId));
  }
  if (query.ruleId !== undefined) {
    where.push('rule_id = ?');
    params.push(query.ruleId);
  }
  if (query.from !== undefined) {
    where.push('time >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('time < ?');
    params.push(query.to);
  }
  const sql = `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC, id DESC LIMIT ?`;
  return (db.prepare(sql).all(...params, query.limit) as AlertRow[]).map(alertOf);
}
