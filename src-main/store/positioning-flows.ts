// The stored flows of one underlying as positioning reads them (shared/analytics/positioning.ts):
// only the fields it sums, read from the part of each row's JSON before the evidence (for rows
// written as arrays of values, flow-data.ts's decodeFlowHead), so a month of flows is never read
// into whole Flows. A row whose fields are not what a flow holds is skipped and counted.
import type { PositioningFlow } from '../../shared/analytics/positioning.ts';
import type { Direction, Sentiment } from '../../shared/domain/flow.ts';
import type { Db } from './database.ts';
import { decodeFlowHead } from './flow-data.ts';

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
  data: string;
}

/** Where a stored flow's evidence starts: the flow builder writes it last (src-main/market/flow-builder.ts). */
const EVIDENCE = ',"evidence":';

/**
 * The flow's own fields without its evidence, which is most of the row: parsing only what comes
 * before it is several times faster over a month of flows. A row laid out otherwise is parsed whole.
 */
function headOf(data: string): Record<string, unknown> | null {
  // A row written as an array of values (flow-data.ts, migration 9): its values before the evidence.
  if (data.startsWith('[')) {
    try {
      return decodeFlowHead(data);
    } catch {
      return null;
    }
  }
  const cut = data.indexOf(EVIDENCE);
  try {
    if (cut > 0) return JSON.parse(`${data.slice(0, cut)}}`) as Record<string, unknown>;
  } catch {
    // Not the layout expected: read the whole row below.
  }
  try {
    const whole: unknown = JSON.parse(data);
    return typeof whole === 'object' && whole !== null ? (whole as Record<string, unknown>) : null;
  } catch {
    return null;
  }
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
  const statement = db.prepare(`SELECT id, session_id, premium, data FROM flows WHERE ${where.join(' AND ')}`);
  let skipped = 0;
  function* rows(): Generator<StoredPositioningFlow> {
    for (const row of statement.iterate(...params) as IterableIterator<Row>) {
      const head = headOf(row.data);
      if (head === null) {
        skipped++;
        continue;
      }
      const { strike, expiry, right: rt, size, direction, sentiment, cancelled } = head;
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
        cancelled: cancelled === true,
      };
    }
  }
  return { rows: rows(), skipped: () => skipped };
}
