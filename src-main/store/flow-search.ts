// History search: one query over the flows of every session, newest first, filtered in SQL and
// read as a stream (never a whole result at once, and no cap). The plan always walks an index in
// time order, so the first rows come as soon as a page of them matches instead of after a sort of
// the whole history: a contract walks flows_by_contract_time, a single underlying
// flows_by_underlying_time, anything else flows_by_time (migration 4).
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import { toFlowRow, type FlowRow } from '../../shared/ipc/flows.ts';
import { etDateString } from '../../shared/time/eastern.ts';
import type { Db } from './database.ts';

export interface SearchPlan {
  sql: string;
  params: (string | number)[];
  /** The index the search walks, newest first. */
  index: 'flows_by_contract_time' | 'flows_by_underlying_time' | 'flows_by_time';
}

const ET_DAY = 'fathom_et_day';

/** The ET trading day of an instant, as SQL can call it (the repeat criterion counts days). */
export function registerSearchFunctions(db: Db): void {
  db.function(ET_DAY, { deterministic: true }, (time: unknown) => (typeof time === 'number' ? etDateString(time) : null));
}

/** The WHERE terms of every criterion but the repeat one, with their parameters. */
function filters(query: HistoryQuery): { where: string[]; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    where.push(`${column} IN (${values.map(() => '?').join(',')})`);
    params.push(...values);
  };
  const bound = (term: string, value: number | string | undefined) => {
    if (value === undefined) return;
    where.push(term);
    params.push(value);
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
  bound('time >= ?', query.from);
  bound('time < ?', query.to);
  return { where, params };
}

export function searchPlan(query: HistoryQuery): SearchPlan {
  const { where, params } = filters(query);
  if (query.repeat) {
    // The contracts traded in this direction on enough distinct days, under the same criteria;
    // then every such flow of theirs. SQLite runs the subquery once.
    const inner = [...where, 'direction = ?'];
    where.push(
      `symbol IN (SELECT symbol FROM flows WHERE ${inner.join(' AND ')} GROUP BY symbol HAVING COUNT(DISTINCT ${ET_DAY}(time)) >= ?)`,
      'direction = ?',
    );
    const filterParams = [...params];
    params.push(...filterParams, query.repeat.direction, query.repeat.minDays, query.repeat.direction);
  }
  const index = query.contract !== undefined ? 'flows_by_contract_time' : query.underlyings?.length === 1 ? 'flows_by_underlying_time' : 'flows_by_time';
  const sql = `SELECT data FROM flows INDEXED BY ${index}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC`;
  return { sql, params, index };
}

export interface SearchHit {
  row: FlowRow;
  /** When the flow's first print reached Fathom: where a replay of its session shows it. */
  seenAt: number;
}

/**
 * The flows matching `query` across every session, newest first, as rows without evidence. The
 * connection must have the search functions (registerSearchFunctions) when the query repeats.
 */
export function* searchHits(db: Db, query: HistoryQuery): Generator<SearchHit> {
  const plan = searchPlan(query);
  const rows = db.prepare(plan.sql).iterate(...plan.params) as IterableIterator<{ data: string }>;
  for (const { data } of rows) {
    const flow = JSON.parse(data) as Flow;
    // A print's time is the exchange's; a replay runs on the time frames arrived, which is later.
    yield { row: toFlowRow(flow), seenAt: flow.evidence.prints[0]?.receivedAt ?? flow.time };
  }
}

export function* searchFlows(db: Db, query: HistoryQuery): Generator<FlowRow> {
  for (const hit of searchHits(db, query)) yield hit.row;
}
