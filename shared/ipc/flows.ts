// The flow feed: batches of flows (rows when small, columns when large), their evidence on
// demand, and rolling statistics.
import { z } from 'zod';
import type { Flow, FlowEvidence } from '../domain/flow.ts';
import type { FlowTotals } from '../analytics/rolling-stats.ts';
import { event, request } from './define.ts';
import { empty, idSchema, symbolSchema } from './common.ts';

/** A flow as the feed carries it; the evidence is fetched when a row is opened. */
export type FlowRow = Omit<Flow, 'evidence'>;

export interface StatsSnapshot {
  at: number;
  windowMs: number;
  /** Rolling window, all underlyings. */
  overall: FlowTotals;
  /** Since the session started, all underlyings. */
  session: FlowTotals;
  byUnderlying: { underlying: string; rolling: FlowTotals }[];
}

export const flows = {
  subscribe: request<{ backlog: number }>()(
    'flows:subscribe',
    z.strictObject({ backlog: z.number().int().min(0).max(100_000) }),
  ),
  unsubscribe: request<{ subscribed: false }>()('flows:unsubscribe', empty),
  evidence: request<FlowEvidence>()('flows:evidence', z.strictObject({ id: idSchema })),
  recent: request<FlowRow[]>()(
    'flows:recent',
    z.strictObject({ symbol: symbolSchema, limit: z.number().int().min(1).max(500) }),
  ),
  stats: request<StatsSnapshot>()('stats:get', empty),
} as const;

export const flowEvents = {
  batch: event<FlowBatchWire>()('flows:batch'),
  /** Drop what the feed holds and show these instead (a replay opened or sought). */
  reset: event<FlowBatchWire>()('flows:reset'),
  stats: event<StatsSnapshot>()('stats:update'),
} as const;

// --- batch wire format -------------------------------------------------------------------

/** Every key of FlowRow, in column order. The type below fails to compile if one is missing. */
export const FLOW_ROW_KEYS = [
  'id', 'sessionId', 'time', 'lastTime', 'symbol', 'underlying', 'expiry', 'strike', 'right',
  'size', 'price', 'premium', 'side', 'direction', 'sentiment', 'kind', 'whale', 'moneyness',
  'otmPercent', 'dte', 'bid', 'ask', 'underlyingPrice', 'openInterest', 'dayVolume', 'iv',
  'delta', 'conflated', 'prints', 'confidence', 'sideRule', 'kindConfidence', 'openingLikely',
  'unusual', 'repeater', 'spreadLeg', 'delayed', 'version',
] as const satisfies readonly (keyof FlowRow)[];

type MissingKeys = Exclude<keyof FlowRow, (typeof FLOW_ROW_KEYS)[number]>;
const everyKeyListed: MissingKeys extends never ? true : MissingKeys = true;
void everyKeyListed;

export type FlowColumns = { [K in keyof FlowRow]: FlowRow[K][] };

export type FlowBatchWire =
  | { format: 'rows'; rows: FlowRow[] }
  | { format: 'columns'; n: number; columns: FlowColumns };

/** Above this many rows a batch goes columnar: one array per field packs and parses faster. */
export const COLUMNAR_THRESHOLD = 64;

export function encodeFlowBatch(rows: readonly FlowRow[], threshold = COLUMNAR_THRESHOLD): FlowBatchWire {
  if (rows.length < threshold) return { format: 'rows', rows: rows.slice() };
  const columns = {} as Record<keyof FlowRow, unknown[]>;
  for (const key of FLOW_ROW_KEYS) {
    const column = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) column[i] = (rows[i] as FlowRow)[key];
    columns[key] = column;
  }
  return { format: 'columns', n: rows.length, columns: columns as FlowColumns };
}

export function decodeFlowBatch(wire: FlowBatchWire): FlowRow[] {
  if (wire.format === 'rows') return wire.rows;
  const { n, columns } = wire;
  const source = columns as unknown as Record<keyof FlowRow, unknown[]>;
  const rows = new Array<FlowRow>(n);
  for (let i = 0; i < n; i++) {
    const row = {} as Record<keyof FlowRow, unknown>;
    for (const key of FLOW_ROW_KEYS) row[key] = source[key][i];
    rows[i] = row as unknown as FlowRow;
  }
  return rows;
}

/** Drops the evidence from a flow for the feed. */
export function toFlowRow(flow: Flow): FlowRow {
  const { evidence: _evidence, ...row } = flow;
  return row;
}
