// Alerts as they fired, for the history view and the tray.
import type { Alert, AlertRuleKind } from '../../shared/domain/session.ts';
import type { Db } from './database.ts';
import { sessionRow } from './sessions.ts';

export function insertAlerts(db: Db, alerts: readonly Alert[]): void {
  const statement = db.prepare(
    'INSERT INTO alerts (session_id, rule_id, rule_kind, time, symbol, flow_id, title, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const a of alerts) statement.run(sessionRow(a.sessionId), a.ruleId, a.ruleKind, a.time, a.symbol, a.flowId, a.title, a.body);
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
}

export function recentAlerts(db: Db, limit: number): Alert[] {
  const rows = db.prepare('SELECT * FROM alerts ORDER BY time DESC, id DESC LIMIT ?').all(limit) as AlertRow[];
  return rows.map((r) => ({
    id: `${r.session_id}-a${r.id}`,
    sessionId: String(r.session_id),
    ruleId: r.rule_id,
    ruleKind: r.rule_kind,
    time: r.time,
    symbol: r.symbol,
    flowId: r.flow_id,
    title: r.title,
    body: r.body,
  }));
}
