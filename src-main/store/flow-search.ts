// History search: one query over the flows of every session, newest first, filtered in SQL and
// read as a stream (never a whole result at once, and no cap). The plan walks flows_by_time
// (migration 5), which carries every criterion: entries are filtered in the index and a flow's JSON
// is read only when it matches, so the first rows come as soon as a page of them matches, without
// a sort of the whole history and without parsing the JSON of the flows that do not match.
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import { toFlowRow, type FlowRow } from '../../shared/ipc/flows.ts';
import { dstBounds } from '../../shared/time/eastern.ts';
import type { Db } from './database.ts';
import { decodeFlowData } from './flow-data.ts';

export interface SearchPlan {
  sql: string;
  params: (string | number)[];
  /** The index the search walks, newest first. */
  index: 'flows_by_time';
}

/** The stored flows' first and last times: the years an ET day must be computed for. */
export interface StoredSpan {
  first: number;
  last: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The ET trading day of `time` as SQL (days since 1970-01-01 in New York): UTC shifted by EDT
 * inside each year's daylight saving time and by EST outside it, for the years the flows span.
 */
export function etDaySql(span: StoredSpan): string {
  const firstYear = new Date(span.first).getUTCFullYear();
  const lastYear = new Date(span.last).getUTCFullYear();
  const summers: string[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    const { start, end } = dstBounds(year);
    summers.push(`WHEN time >= ${start} AND time < ${end} THEN ${-4 * HOUR_MS}`);
  }
  return `((time + CASE ${summers.join(' ')} ELSE ${-5 * HOUR_MS} END) / ${DAY_MS})`;
}

/** The WHERE terms of every criterion but the repeat one, with their parameters and columns. */
function filters(query: HistoryQuery): { where: string[]; params: (string | number)[]; columns: Set<string> } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const columns = new Set<string>();
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    where.push(`${column} IN (${values.map(() => '?').join(',')})`);
    params.push(...values);
    columns.add(column);
  };
  const bound = (term: string, value: number | string | undefined) => {
    if (value === undefined) return;
    where.push(term);
    params.push(value);
    columns.add(term.split(' ')[0] as string);
  };
  inList('underlying', query.underlyings);
  bound('symbol = ?', query.contract);
  bound('strike >= ?', query.strikeMin);
  bound('strike <= ?', query.strikeMax);
  bound('expiry >= ?', query.expiryFrom);
  bound('expiry <= ?', query.expiryTo);
  inList('put_call', query.rights);
  inList('kind', query.kinds);
  inList('side', query.sides);
  bound('premium >= ?', query.minPremium);
  bound('premium <= ?', query.maxPremium);
  inList('sentiment', query.sentiments);
  inList('strategy_type', query.strategies);
  bound('time >= ?', query.from);
  bound('time < ?', query.to);
  return { where, params, columns };
}

/** The columns of flows_by_contract_time: a repeat criterion reading only these never sorts. */
const CONTRACT_INDEX_COLUMNS = new Set(['symbol', 'direction', 'time']);

export function searchPlan(query: HistoryQuery, span: StoredSpan = { first: 0, last: 0 }): SearchPlan {
  const { where, params, columns } = filters(query);
  if (query.repeat) {
    // The contracts traded in this direction on enough distinct ET days, under the same criteria,
    // read from an index alone; then every such flow of theirs. SQLite runs the subquery once.
    // By contract it is already grouped; other criteria need flows_by_time's columns, and a sort.
    const inner = [...where, 'direction = ?'];
    const index = [...columns].every((c) => CONTRACT_INDEX_COLUMNS.has(c)) ? 'flows_by_contract_time' : 'flows_by_time';
    where.push(
      `symbol IN (SELECT symbol FROM flows INDEXED BY ${index} WHERE ${inner.join(' AND ')} GROUP BY symbol HAVING COUNT(DISTINCT ${etDaySql(span)}) >= ?)`,
      'direction = ?',
    );
    const filterParams = [...params];
    params.push(...filterParams, query.repeat.direction, query.repeat.minDays, query.repeat.direction);
  }
  const sql = `SELECT data FROM flows INDEXED BY flows_by_time${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC`;
  return { sql, params, index: 'flows_by_time' };
}

export function storedSpan(db: Db): StoredSpan {
  const row = db.prepare('SELECT MIN(time) AS first, MAX(time) AS last FROM flows').get() as { first: number | null; last: number | null };
  return { first: row.first ?? 0, last: row.last ?? 0 };
}

export interface SearchHit {
  row: FlowRow;
  /** When the flow's first print reached Fathom: where a replay of its session shows it. */
  seenAt: number;
}

/** The flows matching `query` across every session, newest first, as rows without evidence. */
export function* searchHits(db: Db, query: HistoryQuery): Generator<SearchHit> {
  const plan = searchPlan(query, query.repeat ? storedSpan(db) : undefined);
  const rows = db.prepare(plan.sql).iterate(...plan.params) as IterableIterator<{ data: string }>;
  for (const { data } of rows) {
    const flow = decodeFlowData(data);
    // A print's time is the exchange's; a replay runs on the time frames arrived, which is later.
    yield { row: toFlowRow(flow), seenAt: flow.evidence.prints[0]?.receivedAt ?? flow.time };
  }
}

export function* searchFlows(db: Db, query: HistoryQuery): Generator<FlowRow> {
  for (const hit of searchHits(db, query)) yield hit.row;
}
