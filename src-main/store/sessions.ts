// Session rows: one per recording (live, demo) or re-run (replay), with its symbols, the flow
// settings it used, and the gaps where the stream was not delivering.
import { DEFAULT_ROLLING_SETTINGS, type FlowSettings, type RollingSettings } from '../../shared/domain/settings.ts';
import type { Gap, Session, SessionId, SessionSource } from '../../shared/domain/session.ts';
import type { Db } from './database.ts';

export interface NewSession {
  source: SessionSource;
  symbols: readonly string[];
  settings: FlowSettings;
  rolling: RollingSettings;
  startedAt: number;
}

/** The store's row number of a session id, or a clear error for anything that is not one. */
export function sessionRow(id: SessionId): number {
  const n = Number(id);
  if (!/^[1-9]\d*$/.test(id) || !Number.isSafeInteger(n)) throw new Error(`not a session id: ${id.slice(0, 64)}`);
  return n;
}

export function createSession(db: Db, session: NewSession): number {
  const result = db
    .prepare('INSERT INTO sessions (source, symbols, settings, rolling, started_at) VALUES (?, ?, ?, ?, ?)')
    .run(session.source, JSON.stringify(session.symbols), JSON.stringify(session.settings), JSON.stringify(session.rolling), session.startedAt);
  return Number(result.lastInsertRowid);
}

export function endSession(db: Db, sessionId: number, endedAt: number): void {
  db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ?').run(endedAt, sessionId);
  db.prepare('UPDATE gaps SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL').run(endedAt, sessionId);
}

/**
 * Sessions a crash left open (no end): they end at their last recorded frame, with a gap that
 * says why. Called before a new recording starts.
 */
export function closeDanglingSessions(db: Db, reason = 'the app stopped without closing the session (crash or kill)'): number {
  const open = db.prepare('SELECT id, started_at FROM sessions WHERE ended_at IS NULL').all() as { id: number; started_at: number }[];
  for (const session of open) {
    const last = db.prepare('SELECT MAX(last_at) AS last FROM frame_batches WHERE session_id = ?').get(session.id) as { last: number | null };
    const end = last.last ?? session.started_at;
    db.prepare('UPDATE gaps SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL').run(end, session.id);
    db.prepare('INSERT INTO gaps (session_id, started_at, ended_at, reason) VALUES (?, ?, ?, ?)').run(session.id, end, end, reason);
    db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ?').run(end, session.id);
  }
  return open.length;
}

export function updateSessionSymbols(db: Db, sessionId: number, symbols: readonly string[]): void {
  db.prepare('UPDATE sessions SET symbols = ? WHERE id = ?').run(JSON.stringify(symbols), sessionId);
}

export function openGap(db: Db, sessionId: number, startedAt: number, reason: string): void {
  const open = db.prepare('SELECT 1 FROM gaps WHERE session_id = ? AND ended_at IS NULL').get(sessionId);
  if (open) return;
  db.prepare('INSERT INTO gaps (session_id, started_at, reason) VALUES (?, ?, ?)').run(sessionId, startedAt, reason.slice(0, 500));
}

/** A gap known whole when it is written (frames lost while the store failed). */
export function insertGap(db: Db, sessionId: number, startedAt: number, endedAt: number, reason: string): void {
  db.prepare('INSERT INTO gaps (session_id, started_at, ended_at, reason) VALUES (?, ?, ?, ?)').run(sessionId, startedAt, endedAt, reason.slice(0, 500));
}

export function closeGap(db: Db, sessionId: number, endedAt: number): void {
  db.prepare('UPDATE gaps SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL').run(endedAt, sessionId);
}

interface SessionRow {
  id: number;
  source: SessionSource;
  symbols: string;
  settings: string;
  rolling: string | null;
  started_at: number;
  ended_at: number | null;
  frames: number;
  flows: number;
}

export function getSession(db: Db, sessionId: number): Session | null {
  const row = db.prepare('SELECT * FROM sessions WHERE id = ?').get(sessionId) as SessionRow | undefined;
  return row ? toSession(db, row) : null;
}

export function listSessions(db: Db, limit = 100): Session[] {
  const rows = db.prepare('SELECT * FROM sessions ORDER BY id DESC LIMIT ?').all(limit) as SessionRow[];
  return rows.map((row) => toSession(db, row));
}

export function latestSessionId(db: Db): number | null {
  const row = db.prepare('SELECT MAX(id) AS id FROM sessions').get() as { id: number | null };
  return row.id;
}

function toSession(db: Db, row: SessionRow): Session {
  const gaps = db
    .prepare('SELECT started_at AS start, ended_at AS end, reason FROM gaps WHERE session_id = ? ORDER BY started_at')
    .all(row.id) as Gap[];
  return {
    id: String(row.id),
    source: row.source,
    symbols: JSON.parse(row.symbols) as string[],
    settings: JSON.parse(row.settings) as FlowSettings,
    rolling: row.rolling ? (JSON.parse(row.rolling) as RollingSettings) : { ...DEFAULT_ROLLING_SETTINGS },
    start: row.started_at,
    end: row.ended_at,
    frames: row.frames,
    flows: row.flows,
    gaps,
  };
}
