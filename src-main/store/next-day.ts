// The next_day_checks table (FLOW-RULES.md §10): which recorded flows still wait for a later
// trading day's open interest, and what it said about those that got it.
import type { Flow } from '../../shared/domain/flow.ts';
import type { NextDayCheck, NextDaySource, PositionEffect } from '../../shared/domain/next-day.ts';
import { etDateString, etMidnight } from '../../shared/time/eastern.ts';
import type { Db } from './database.ts';
import { decodeFlowData, flowDataFieldSql } from './flow-data.ts';

const SEQ_BITS = 2 ** 32;
const DAY_MS = 86_400_000;

export interface PendingFlow {
  /** The flows table's row id. */
  rowId: number;
  id: string;
  size: number;
}

/** One contract's flows of the day, waiting for a later day's open interest. */
export interface PendingContract {
  symbol: string;
  /** The open interest the day's quotes carried. */
  oiBefore: number;
  /** Contracts of the day's flows on it, busted ones left out. */
  dayTotal: number;
  /** Premium of the day's flows on it: REST quotes go to the largest first. */
  premium: number;
  /** The flows not checked yet (busted ones are never checked). */
  flows: PendingFlow[];
}

export interface PendingDay {
  /** The trading day the flows printed, YYYY-MM-DD in New York. */
  date: string;
  contracts: Map<string, PendingContract>;
}

interface DayFlowRow {
  rowId: number;
  id: string;
  symbol: string;
  size: number;
  premium: number;
  oi: number | null;
  cancelled: number | null;
  checked: number | null;
}

/**
 * The latest trading day before `today` (New York) on which a session recorded flows, with the
 * flows of that day not checked yet, by contract; null when there is no such day or nothing waits.
 */
export function pendingNextDay(db: Db, today: string): PendingDay | null {
  const todayStart = etMidnight(today);
  const latest = db
    .prepare('SELECT id FROM sessions WHERE started_at < ? AND flows > 0 ORDER BY started_at DESC LIMIT 1')
    .get(todayStart) as { id: number } | undefined;
  if (!latest) return null;
  const last = db.prepare('SELECT MAX(time) AS t FROM flows WHERE id >= ? AND id < ? AND time < ?').get(latest.id * SEQ_BITS, (latest.id + 1) * SEQ_BITS, todayStart) as { t: number | null };
  if (last.t === null) return null;
  const date = etDateString(last.t);
  const from = etMidnight(date);
  const to = etMidnight(etDateString(from + 1.5 * DAY_MS));
  // A session that recorded on that day started at most a day before it (or it is not that day's).
  const sessions = db.prepare('SELECT id FROM sessions WHERE started_at >= ? AND started_at < ?').all(from - DAY_MS, to) as { id: number }[];
  const read = db.prepare(
    `SELECT f.id AS rowId, ${flowDataFieldSql('f.data', 'id')} AS id, f.symbol AS symbol, ${flowDataFieldSql('f.data', 'size')} AS size,
            f.premium AS premium, ${flowDataFieldSql('f.data', 'openInterest')} AS oi, ${flowDataFieldSql('f.data', 'cancelled')} AS cancelled,
            c.flow_id AS checked
     FROM flows f LEFT JOIN next_day_checks c ON c.flow_id = f.id
     WHERE f.id >= ? AND f.id < ? AND f.time >= ? AND f.time < ? ORDER BY f.id`,
  );
  const contracts = new Map<string, PendingContract>();
  for (const session of sessions) {
    for (const row of read.iterate(session.id * SEQ_BITS, (session.id + 1) * SEQ_BITS, from, to) as IterableIterator<DayFlowRow>) {
      if (row.cancelled === 1) continue;
      let contract = contracts.get(row.symbol);
      if (!contract) contracts.set(row.symbol, (contract = { symbol: row.symbol, oiBefore: -1, dayTotal: 0, premium: 0, flows: [] }));
      if (contract.oiBefore < 0 && typeof row.oi === 'number') contract.oiBefore = row.oi;
      contract.dayTotal += row.size;
      contract.premium += row.premium;
      if (row.checked === null) contract.flows.push({ rowId: row.rowId, id: row.id, size: row.size });
    }
  }
  for (const [symbol, contract] of contracts) if (contract.flows.length === 0 || contract.oiBefore < 0) contracts.delete(symbol);
  return contracts.size === 0 ? null : { date, contracts };
}

export interface CheckedFlow {
  rowId: number;
  check: NextDayCheck;
}

/** Writes the checks; a flow already checked keeps its first check. */
export function saveNextDayChecks(db: Db, checks: readonly CheckedFlow[]): void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO next_day_checks (flow_id, label, oi_before, oi_after, flow_size, day_total, checked_at, source, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const { rowId, check: c } of checks) insert.run(rowId, c.label, c.oiBefore, c.oiAfter, c.flowSize, c.dayTotal, c.at, c.source, c.reason);
  })();
}

/** The columns a flows query joins from next_day_checks, prefixed `nd_`. */
export const NEXT_DAY_COLUMNS =
  'c.label AS nd_label, c.oi_before AS nd_oi_before, c.oi_after AS nd_oi_after, c.flow_size AS nd_flow_size, c.day_total AS nd_day_total, c.checked_at AS nd_at, c.source AS nd_source, c.reason AS nd_reason';
export const NEXT_DAY_JOIN = 'LEFT JOIN next_day_checks c ON c.flow_id = f.id';

export interface NextDayColumns {
  nd_label: PositionEffect | null;
  nd_oi_before: number | null;
  nd_oi_after: number | null;
  nd_flow_size: number | null;
  nd_day_total: number | null;
  nd_at: number | null;
  nd_source: NextDaySource | null;
  nd_reason: string | null;
}

/** The stored flow with its check, if it has one. */
export function flowWithCheck(row: { data: string } & NextDayColumns): Flow {
  const flow = decodeFlowData(row.data);
  if (row.nd_label === null) return flow;
  const oiBefore = row.nd_oi_before ?? 0;
  const oiAfter = row.nd_oi_after ?? 0;
  flow.nextDay = {
    label: row.nd_label,
    oiBefore,
    oiAfter,
    change: oiAfter - oiBefore,
    flowSize: row.nd_flow_size ?? flow.size,
    dayTotal: row.nd_day_total ?? flow.size,
    at: row.nd_at ?? 0,
    source: row.nd_source ?? 'stream',
    reason: row.nd_reason ?? '',
  };
  return flow;
}

/** Every checked flow of the trading day `date`, newest first, at most `limit`. */
export function checkedFlowsOf(db: Db, date: string, limit: number): Flow[] {
  const from = etMidnight(date);
  const to = etMidnight(etDateString(from + 1.5 * DAY_MS));
  const rows = db
    .prepare(`SELECT f.data AS data, ${NEXT_DAY_COLUMNS} FROM next_day_checks c JOIN flows f ON f.id = c.flow_id WHERE f.time >= ? AND f.time < ? ORDER BY f.time DESC LIMIT ?`)
    .all(from, to, limit) as ({ data: string } & NextDayColumns)[];
  return rows.map(flowWithCheck);
}
