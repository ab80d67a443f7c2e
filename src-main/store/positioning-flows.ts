// The stored flows of one underlying as positioning reads them (shared/analytics/positioning.ts):
// only the fields it sums, picked out of each row's JSON by SQLite, so a month of flows is never
// parsed whole. A row whose fields are not what a flow holds is skipped and counted.
import type { PositioningFlow } from '../../shared/analytics/positioning.ts';
import type { Direction, Sentiment } from '../../shared/domain/flow.ts';
import type { Db } from './database.ts';

const SEQ_BITS = 2 ** 32;

export interface PositioningRowQuery {
  underlying: string;
  /** One session's flows (by rowid range)... */
  sessionId?: number;
  /** ...numbered below this sequence only (a replay's flows so far). */
  beforeSeq?: number;
  /** First seen in [from, to) (the index on underlying and time serves it). */
  from?: number;
  to?: number;
}

export interface StoredPositioningFlow extends PositioningFlow {
  /** The row id (flowRowId of the flow's id). */
  rowId: number;
  sessionId: number;
}

interface Row {
  id: number;
  session_id: number;
  premium: number;
  strike: unknown;
  expiry: unknown;
  rt: unknown;
  size: unknown;
  direction: unknown;
  sentiment: unknown;
  cancelled: unknown;
}

const DIRECTIONS = new Set<string>(['BUY', 'SELL', 'UNKNOWN']);
const SENTIMENTS = new Set<string>(['BULLISH', 'BEARISH', 'NEUTRAL']);

export interface PositioningRead {
  rows: Generator<StoredPositioningFlow>;
  /** Rows skipped as malformed so far (read it after the rows are used up). */
  skipped: () => number;
}

export function readPositioningFlows(db: Db, query: PositioningRowQuery): PositioningRead {
  const where = ['underlying = ?'];
  const params: (string | number)[] = [query.underlying];
  if (query.sessionId !== undefined) {
    where.push('id >= ? AND id < ?');
    params.push(query.sessionId * SEQ_BITS, query.sessionId * SEQ_BITS + Math.min(query.beforeSeq ?? SEQ_BITS, SEQ_BITS));
  }
  if (query.from !== undefined) {
    where.push('time >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('time < ?');
    params.push(query.to);
  }
  const statement = db.prepare(
    `SELECT id, session_id, premium,
            json_extract(data, '$.strike') AS strike, json_extract(data, '$.expiry') AS expiry,
            json_extract(data, '$.right') AS rt, json_extract(data, '$.size') AS size,
            json_extract(data, '$.direction') AS direction, json_extract(data, '$.sentiment') AS sentiment,
            json_extract(data, '$.cancelled') AS cancelled
       FROM flows WHERE ${where.join(' AND ')}`,
  );
  let skipped = 0;
  function* rows(): Generator<StoredPositioningFlow> {
    for (const row of statement.iterate(...params) as IterableIterator<Row>) {
      const { strike, expiry, rt, size, direction, sentiment } = row;
      if (
        typeof strike !== 'number' || typeof expiry !== 'string' || (rt !== 'C' && rt !== 'P') || typeof size !== 'number' ||
        typeof direction !== 'string' || !DIRECTIONS.has(direction) || typeof sentiment !== 'string' || !SENTIMENTS.has(sentiment)
      ) {
        skipped++;
        continue;
      }
      yield {
        rowId: row.id,
        sessionId: row.session_id,
        strike,
        expiry,
        right: rt,
        premium: row.premium,
        size,
        direction: direction as Direction,
        sentiment: sentiment as Sentiment,
        cancelled: row.cancelled === 1,
      };
    }
  }
  return { rows: rows(), skipped: () => skipped };
}
