// The flows table: one row per flow, upserted as its cluster grows (the store keeps the final,
// highest version), read back in a stream, never a whole table at once.
import type { Flow, FlowKind } from '../../shared/domain/flow.ts';
import { parseFlowId } from '../../shared/domain/flow-id.ts';
import { encodeFlowBatch, type FlowPage, type FlowPageQuery, type FlowRow } from '../../shared/ipc/flows.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';
import { BatchedWriter, type WriterStatus } from './batched-writer.ts';
import { decodeFlowData, encodeFlowData } from './flow-data.ts';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';
import { flowWithCheck, NEXT_DAY_COLUMNS, NEXT_DAY_JOIN, type NextDayColumns } from './next-day.ts';

type StoredRow = { data: string } & NextDayColumns;

const SEQ_BITS = 2 ** 32;
const FLOW_BYTES = 2048;

/** The row id packs a flow id's session and sequence, so a session is a rowid range. */
export function flowRowId(flowId: string): number {
  const parts = parseFlowId(flowId);
  if (!parts) throw new Error(`not a stored flow id: ${flowId}`);
  if (parts.seq >= SEQ_BITS) throw new Error(`flow sequence too large: ${flowId}`);
  return parts.session * SEQ_BITS + parts.seq;
}

interface FlowStatements {
  insert: Statement;
  update: Statement;
  count: Statement;
}

const statements = new WeakMap<Db, FlowStatements>();

function prepared(db: Db): FlowStatements {
  let s = statements.get(db);
  if (!s) {
    s = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO flows (id, session_id, time, underlying, symbol, kind, premium, whale, version, data, strike, expiry, put_call, side, direction, sentiment, strategy_type)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      update: db.prepare(
        `UPDATE flows SET time = ?, underlying = ?, kind = ?, premium = ?, whale = ?, version = ?, data = ?, side = ?, direction = ?, sentiment = ?, strategy_type = ?
         WHERE id = ? AND version <= ?`,
      ),
      count: db.prepare('UPDATE sessions SET flows = flows + ? WHERE id = ?'),
    };
    statements.set(db, s);
  }
  return s;
}

/** Inserts new flows and replaces stored ones with a newer version; returns how many were new. */
export function upsertFlows(db: Db, flows: readonly Flow[]): number {
  const s = prepared(db);
  let inserted = 0;
  const bySession = new Map<number, number>();
  for (const flow of flows) {
    const id = flowRowId(flow.id);
    const sessionId = Number(flow.sessionId);
    const data = encodeFlowData(flow);
    const whale = flow.whale ? 1 : 0;
    // The history search's columns (migration 5): what the search filters on, beside the JSON.
    const added = s.insert.run(id, sessionId, flow.time, flow.underlying, flow.symbol, flow.kind, flow.premium, whale, flow.version, data, flow.strike, flow.expiry, flow.right, flow.side, flow.direction, flow.sentiment, flow.strategy?.type ?? null).changes;
    if (added > 0) {
      inserted++;
      bySession.set(sessionId, (bySession.get(sessionId) ?? 0) + 1);
    } else {
      s.update.run(flow.time, flow.underlying, flow.kind, flow.premium, whale, flow.version, data, flow.side, flow.direction, flow.sentiment, flow.strategy?.type ?? null, id, flow.version);
    }
  }
  for (const [sessionId, n] of bySession) s.count.run(n, sessionId);
  return inserted;
}

export interface FlowQuery {
  sessionId: number;
  minPremium?: number;
  kinds?: readonly FlowKind[];
  whalesOnly?: boolean;
  underlying?: string;
  from?: number;
  to?: number;
}

/** Streams a session's flows in id order (the order they were first seen), filtered in SQL. */
export function* iterateFlows(db: Db, query: FlowQuery): Generator<Flow> {
  const where = ['f.id >= ? AND f.id < ?'];
  const params: (number | string)[] = [query.sessionId * SEQ_BITS, (query.sessionId + 1) * SEQ_BITS];
  if (query.minPremium !== undefined) {
    where.push('f.premium >= ?');
    params.push(query.minPremium);
  }
  if (query.kinds && query.kinds.length > 0) {
    where.push(`f.kind IN (${query.kinds.map(() => '?').join(',')})`);
    params.push(...query.kinds);
  }
  if (query.whalesOnly) where.push('f.whale = 1');
  if (query.underlying) {
    where.push('f.underlying = ?');
    params.push(query.underlying);
  }
  if (query.from !== undefined) {
    where.push('f.time >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('f.time < ?');
    params.push(query.to);
  }
  const rows = db.prepare(`SELECT f.data AS data, ${NEXT_DAY_COLUMNS} FROM flows f ${NEXT_DAY_JOIN} WHERE ${where.join(' AND ')} ORDER BY f.id`).iterate(...params) as IterableIterator<StoredRow>;
  for (const row of rows) yield flowWithCheck(row);
}

export function getFlow(db: Db, flowId: string): Flow | null {
  const row = db.prepare(`SELECT f.data AS data, ${NEXT_DAY_COLUMNS} FROM flows f ${NEXT_DAY_JOIN} WHERE f.id = ?`).get(flowRowId(flowId)) as StoredRow | undefined;
  if (!row) return null;
  const flow = flowWithCheck(row);
  // The next day's reason is evidence too (FLOW-RULES.md §10).
  if (flow.nextDay) flow.evidence = { ...flow.evidence, reasons: [...flow.evidence.reasons, flow.nextDay.reason] };
  return flow;
}

export function countFlows(db: Db, sessionId: number): number {
  const row = db.prepare('SELECT COUNT(*) AS n FROM flows WHERE id >= ? AND id < ?').get(sessionId * SEQ_BITS, (sessionId + 1) * SEQ_BITS) as { n: number };
  return row.n;
}

/**
 * Batches flows for the store: versions of one flow within a batch collapse to the latest, so
 * a sweep that grew five times costs one row write.
 */
export class FlowWriter {
  private readonly writer: BatchedWriter<Flow>;

  constructor(options: { db: Db; clock: Clock; logger?: Logger; flushMs?: number; maxBatch?: number; maxPendingBytes?: number; onStatus?: (s: WriterStatus) => void }) {
    this.writer = new BatchedWriter<Flow>({
      ...options,
      name: 'flows',
      // A flow with its evidence, held until written: about 2 KiB.
      sizeOf: () => FLOW_BYTES,
      maxPendingBytes: options.maxPendingBytes ?? 32 * 1024 * 1024,
      write: (db, flows) => {
        const latest = new Map<string, Flow>();
        for (const flow of flows) {
          const seen = latest.get(flow.id);
          if (!seen || flow.version >= seen.version) latest.set(flow.id, flow);
        }
        upsertFlows(db, [...latest.values()]);
      },
    });
  }

  add(flow: Flow): void {
    this.writer.add(flow);
  }

  flush(): boolean {
    return this.writer.flush();
  }

  close(): boolean {
    return this.writer.close();
  }

  status(): WriterStatus {
    return this.writer.status();
  }
}

/** The newest `limit` stored flows of a session among those numbered below `seq`, newest first. */
export function flowsBefore(db: Db, sessionId: number, seq: number, limit: number): FlowRow[] {
  const rows = db
    .prepare(`SELECT f.data AS data, ${NEXT_DAY_COLUMNS} FROM flows f ${NEXT_DAY_JOIN} WHERE f.id >= ? AND f.id < ? ORDER BY f.id DESC LIMIT ?`)
    .all(sessionId * SEQ_BITS, sessionId * SEQ_BITS + Math.min(seq, SEQ_BITS), limit) as StoredRow[];
  return rows.map(withoutEvidence);
}

/**
 * How long before its first-numbered flows a flow of the same session may have printed. Flows are
 * numbered as their first print is seen, so a flow numbered later printed at most seconds before
 * (a print seen late); ten minutes leaves room for any of that.
 */
export const SESSION_FLOOR_SLACK_MS = 10 * 60_000;
/** The first-numbered flows a session's floor is read from. */
const FLOOR_SAMPLE = 1_000;

/**
 * The earliest first-print time an older page of a session reads down to: its first-numbered
 * flows' earliest, less SESSION_FLOOR_SLACK_MS; null when it has no flows. flows_by_time holds
 * every session's flows, so without it the page that reaches a session's start walked the index
 * entries of every older session too, to find none of its own.
 */
function sessionFloor(db: Db, from: number, to: number): number | null {
  const row = db.prepare('SELECT MIN(time) AS t FROM (SELECT time FROM flows WHERE id >= ? AND id < ? ORDER BY id LIMIT ?)').get(from, to, FLOOR_SAMPLE) as { t: number | null };
  return row.t === null ? null : row.t - SESSION_FLOOR_SLACK_MS;
}

/**
 * The statement of a feed page (readFlowPage), in the feed's order from the cursor: older pages
 * between the session's floor and the cursor, newer ones between the cursor and `until`.
 */
export function flowPageSql(direction: FlowPageQuery['direction']): string {
  return (
    `SELECT f.data AS data, ${NEXT_DAY_COLUMNS} FROM flows f INDEXED BY flows_by_time ${NEXT_DAY_JOIN} ` +
    'WHERE f.id >= ? AND f.id < ? ' +
    (direction === 'older'
      ? 'AND f.time >= ? AND f.time <= ? AND (f.time < ? OR f.id < ?) ORDER BY f.time DESC, f.id DESC LIMIT ?'
      : 'AND f.time >= ? AND f.time <= ? AND (f.time > ? OR f.id > ?) ORDER BY f.time ASC, f.id ASC LIMIT ?')
  );
}

/**
 * A feed window's page of a session's stored flows next to the one it asks from (shared/ipc/flows.ts
 * `flows.page`): a window holds a bounded stretch of its session and reads the rest as it is
 * scrolled (src-renderer/feed/feed-pager.ts). In the feed's order, first-print time then sequence,
 * from the cursor on, so pages never skip or repeat a flow; walks flows_by_time (migration 5),
 * whose entries carry the row id and so the session, without sorting the session.
 */
export function readFlowPage(db: Db, query: FlowPageQuery): FlowPage {
  const from = parseFlowId(query.from);
  if (!from) throw new Error(`not a stored flow id: ${query.from}`);
  const cursor = from.session * SEQ_BITS + from.seq;
  const session = [from.session * SEQ_BITS, (from.session + 1) * SEQ_BITS];
  let params: number[];
  if (query.direction === 'older') {
    const floor = sessionFloor(db, session[0] as number, session[1] as number);
    if (floor === null) return { rows: encodeFlowBatch([]), end: true };
    params = [...session, floor, query.time, query.time, cursor, query.limit];
  } else {
    params = [...session, query.time, query.until, query.time, cursor, query.limit];
  }
  const rows = (db.prepare(flowPageSql(query.direction)).all(...params) as StoredRow[]).map(withoutEvidence);
  return { rows: encodeFlowBatch(rows), end: rows.length < query.limit };
}

/** The newest `limit` flows of a session, newest first (a backlog for a window that opens). */
export function newestFlows(db: Db, sessionId: number, limit: number): FlowRow[] {
  return flowsBefore(db, sessionId, SEQ_BITS, limit);
}

/**
 * The newest `limit` stored flows of one contract in a session among those numbered below `seq`
 * (all of them by default), newest first: a book window's list when the worker's memory of the
 * contract is shorter than the window asks (src-main/ingest/recent-flows.ts).
 */
export function contractFlowsBefore(db: Db, sessionId: number, symbol: string, limit: number, seq = SEQ_BITS): FlowRow[] {
  const rows = db
    .prepare(
      `SELECT f.data AS data, ${NEXT_DAY_COLUMNS} FROM flows f ${NEXT_DAY_JOIN} ` +
        'WHERE f.symbol = ? AND f.id >= ? AND f.id < ? ORDER BY f.id DESC LIMIT ?',
    )
    .all(symbol, sessionId * SEQ_BITS, sessionId * SEQ_BITS + Math.min(seq, SEQ_BITS), limit) as StoredRow[];
  return rows.map(withoutEvidence);
}

function withoutEvidence(stored: StoredRow): FlowRow {
  const { evidence: _evidence, ...row } = flowWithCheck(stored);
  return row;
}

/** What the store keeps of a flow, enough to tell whether a version in memory is that one. */
export interface StoredFlowHead {
  version: number;
  time: number;
  premium: number;
}

/**
 * The stored version, time and premium of a session's flows with these sequences: those from
 * `bulkFrom` up in one range read (the flows a replay's engine holds are most of one range),
 * the others one by one. Sequences with no stored flow are left out.
 */
export function storedFlowHeads(db: Db, sessionId: number, seqs: Iterable<number>, bulkFrom: number): Map<number, StoredFlowHead> {
  return storedRows(db, sessionId, seqs, bulkFrom, 'version, time, premium', (row) => ({ version: row[1] as number, time: row[2] as number, premium: row[3] as number }));
}

/** The stored flows with these sequences, read as storedFlowHeads reads them (no next-day check joined). */
export function storedFlowsBySeq(db: Db, sessionId: number, seqs: Iterable<number>, bulkFrom: number): Map<number, Flow> {
  return storedRows(db, sessionId, seqs, bulkFrom, 'data', (row) => decodeFlowData(row[1] as string));
}

function storedRows<T>(db: Db, sessionId: number, seqs: Iterable<number>, bulkFrom: number, columns: string, read: (row: unknown[]) => T): Map<number, T> {
  const base = sessionId * SEQ_BITS;
  const wanted = new Set<number>();
  let top = -1;
  for (const seq of seqs) {
    wanted.add(seq);
    if (seq > top) top = seq;
  }
  const out = new Map<number, T>();
  if (wanted.size === 0) return out;
  const from = Math.max(0, Math.min(bulkFrom, top));
  const range = db.prepare(`SELECT id, ${columns} FROM flows WHERE id >= ? AND id <= ?`).raw();
  for (const row of range.iterate(base + from, base + top) as IterableIterator<unknown[]>) {
    const seq = (row[0] as number) - base;
    if (wanted.has(seq)) out.set(seq, read(row));
  }
  const one = db.prepare(`SELECT id, ${columns} FROM flows WHERE id = ?`).raw();
  for (const seq of wanted) {
    if (seq >= from) continue;
    const row = one.get(base + seq) as unknown[] | undefined;
    if (row) out.set(seq, read(row));
  }
  return out;
}
