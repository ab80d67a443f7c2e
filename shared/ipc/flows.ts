// The flow feed: batches of flows (rows when small, columns when large), their evidence on
// demand, and rolling statistics.
import { z } from 'zod';
import type { Flow, FlowEvidence } from '../domain/flow.ts';
import type { FlowTotals } from '../analytics/rolling-stats.ts';
import { defineDomain, event, request } from './define.ts';
import { empty, epochMsSchema, idSchema, contractSchema } from './common.ts';
import { decodeFlows, decodeFlowsLazy } from './flow-codec-decode.ts';
import { parseFlowId } from '../domain/flow-id.ts';

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

/** Flows kept per contract for a book window (the newest, every version replaced in place). */
export const RECENT_FLOWS_PER_CONTRACT = 200;

/** Flows per page the feed reads back from the store as it is scrolled (the history search's HISTORY_PAGE_ROWS too). */
export const FEED_PAGE_ROWS = 500;

/** A page of the session's stored flows, next to the flow the window asked from. */
export interface FlowPage {
  /** Older: newest first. Newer: oldest first. In the feed's order: first-print time, then sequence. */
  rows: FlowBatchWire;
  /** Fewer than asked came: nothing more is stored that way (up to `until` for newer). */
  end: boolean;
}

/** A flow id the store can read from: "<session>-<sequence>" (shared/domain/flow-id.ts). */
const storedFlowIdSchema = idSchema.refine((id) => parseFlowId(id) !== null, 'a flow id is <session>-<sequence>');
const pageLimitSchema = z.number().int().min(1).max(FEED_PAGE_ROWS);

/**
 * The flows of `from`'s session that sort before it (older) or after it (newer, up to the first-print
 * time `until`: the newest the window was sent, so a replay's page never shows what it has not
 * played yet). `time` is `from`'s first-print time, the feed's order.
 */
export const flowPageQuerySchema = z.union([
  z.strictObject({ direction: z.literal('older'), from: storedFlowIdSchema, time: epochMsSchema, limit: pageLimitSchema }),
  z.strictObject({ direction: z.literal('newer'), from: storedFlowIdSchema, time: epochMsSchema, until: epochMsSchema, limit: pageLimitSchema }),
]);
export type FlowPageQuery = z.infer<typeof flowPageQuerySchema>;

const domain = defineDomain(
  'flows',
  {
    subscribe: request<{ backlog: number }>()(z.strictObject({ backlog: z.number().int().min(0).max(100_000) })),
    evidence: request<FlowEvidence>()(z.strictObject({ id: idSchema })),
    recent: request<FlowRow[]>()(z.strictObject({ symbol: contractSchema, limit: z.number().int().min(1).max(RECENT_FLOWS_PER_CONTRACT) })),
    stats: request<StatsSnapshot>()(empty),
    /** The session's stored flows past the ones the feed holds, as it is scrolled (src-renderer/feed/feed-pager.ts). */
    page: request<FlowPage>()(flowPageQuerySchema, ['feed']),
  },
  {
    /** New flows and new versions of flows; every batch carries different flows, none may drop. */
    batch: event<FlowBatchWire>('every'),
    /** Drop what the window holds and show these instead (a replay opened or sought). */
    reset: event<FlowBatchWire>('latest'),
    stats: event<StatsSnapshot>('latest'),
  },
);

export const flows = domain.requests;
export const flowEvents = domain.events;

// --- batch wire format -------------------------------------------------------------------

/** Every key of FlowRow, in column order. The type below fails to compile if one is missing. */
export const FLOW_ROW_KEYS = [
  'id', 'sessionId', 'time', 'lastTime', 'symbol', 'underlying', 'expiry', 'strike', 'right',
  'size', 'price', 'premium', 'side', 'direction', 'sentiment', 'kind', 'whale', 'moneyness',
  'otmPercent', 'dte', 'bid', 'ask', 'underlyingPrice', 'openInterest', 'dayVolume', 'iv',
  'delta', 'conflated', 'prints', 'confidence', 'sideRule', 'kindConfidence', 'openingLikely',
  'unusual', 'repeater', 'spreadLeg', 'delayed', 'cancelled', 'version',
  'strategy',
  'institutional', 'nextDay',
] as const satisfies readonly (keyof FlowRow)[];

type MissingKeys = Exclude<keyof FlowRow, (typeof FLOW_ROW_KEYS)[number]>;
const everyKeyListed: MissingKeys extends never ? true : MissingKeys = true;
void everyKeyListed;

export type FlowColumns = { [K in keyof FlowRow]: FlowRow[K][] };

export type FlowBatchWire =
  | { format: 'rows'; rows: FlowRow[] }
  | { format: 'columns'; n: number; columns: FlowColumns }
  /** The binary columnar form (flow-codec-layout.ts): what a window's high-rate stream carries. */
  | { format: 'packed'; n: number; bytes: Uint8Array; /** When main sent it (epoch ms), where the frame says. */ sentAt?: number };

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
  if (wire.format === 'packed') return decodeFlows(wire.bytes);
  const { n, columns: c } = wire;
  const rows = new Array<FlowRow>(n);
  // One object literal per row (every key spelled out, which the type checks): engines give
  // such objects one shape at once, several times faster than adding keys one by one.
  for (let i = 0; i < n; i++) {
    rows[i] = {
      id: c.id[i] as FlowRow['id'],
      sessionId: c.sessionId[i] as FlowRow['sessionId'],
      time: c.time[i] as FlowRow['time'],
      lastTime: c.lastTime[i] as FlowRow['lastTime'],
      symbol: c.symbol[i] as FlowRow['symbol'],
      underlying: c.underlying[i] as FlowRow['underlying'],
      expiry: c.expiry[i] as FlowRow['expiry'],
      strike: c.strike[i] as FlowRow['strike'],
      right: c.right[i] as FlowRow['right'],
      size: c.size[i] as FlowRow['size'],
      price: c.price[i] as FlowRow['price'],
      premium: c.premium[i] as FlowRow['premium'],
      side: c.side[i] as FlowRow['side'],
      direction: c.direction[i] as FlowRow['direction'],
      sentiment: c.sentiment[i] as FlowRow['sentiment'],
      kind: c.kind[i] as FlowRow['kind'],
      whale: c.whale[i] as FlowRow['whale'],
      moneyness: c.moneyness[i] as FlowRow['moneyness'],
      otmPercent: c.otmPercent[i] as FlowRow['otmPercent'],
      dte: c.dte[i] as FlowRow['dte'],
      bid: c.bid[i] as FlowRow['bid'],
      ask: c.ask[i] as FlowRow['ask'],
      underlyingPrice: c.underlyingPrice[i] as FlowRow['underlyingPrice'],
      openInterest: c.openInterest[i] as FlowRow['openInterest'],
      dayVolume: c.dayVolume[i] as FlowRow['dayVolume'],
      iv: c.iv[i] as FlowRow['iv'],
      delta: c.delta[i] as FlowRow['delta'],
      conflated: c.conflated[i] as FlowRow['conflated'],
      prints: c.prints[i] as FlowRow['prints'],
      confidence: c.confidence[i] as FlowRow['confidence'],
      sideRule: c.sideRule[i] as FlowRow['sideRule'],
      kindConfidence: c.kindConfidence[i] as FlowRow['kindConfidence'],
      openingLikely: c.openingLikely[i] as FlowRow['openingLikely'],
      unusual: c.unusual[i] as FlowRow['unusual'],
      repeater: c.repeater[i] as FlowRow['repeater'],
      spreadLeg: c.spreadLeg[i] as FlowRow['spreadLeg'],
      delayed: c.delayed[i] as FlowRow['delayed'],
      // Absent (a flow stored before version 3, or none in this batch) means not cancelled.
      cancelled: c.cancelled?.[i] === true ? true : undefined,
      version: c.version[i] as FlowRow['version'],
      // Absent: not a leg of a strategy (FLOW-RULES.md §8).
      strategy: (c.strategy?.[i] ?? undefined) as FlowRow['strategy'],
      // Absent on flows stored before FLOW-RULES.md §9 and §10 (or none in this batch).
      institutional: (c.institutional?.[i] ?? undefined) as FlowRow['institutional'],
      nextDay: (c.nextDay?.[i] ?? undefined) as FlowRow['nextDay'],
    };
  }
  return rows;
}

/**
 * As decodeFlowBatch, but a packed batch's rows read their columns when a field is asked
 * (flow-codec-decode.ts): the feed's intake, which reads a few fields of every flow and the rest
 * only of those on screen. Rows that are kept hold their batch's bytes.
 */
export function readFlowBatchLazily(wire: FlowBatchWire): FlowRow[] {
  return wire.format === 'packed' ? decodeFlowsLazy(wire.bytes) : decodeFlowBatch(wire);
}

/** The flows of a batch whose contract passes `keep` (a book window's own contract). */
export function filterFlowBatch(wire: FlowBatchWire, keep: (symbol: string) => boolean): FlowRow[] {
  if (wire.format === 'rows') return wire.rows.filter((row) => keep(row.symbol));
  if (wire.format === 'packed') return decodeFlows(wire.bytes).filter((row) => keep(row.symbol));
  const picked: number[] = [];
  for (let i = 0; i < wire.n; i++) if (keep(wire.columns.symbol[i] as string)) picked.push(i);
  if (picked.length === 0) return [];
  const all = decodeFlowBatch(wire);
  return picked.map((i) => all[i] as FlowRow);
}

/** Drops the evidence from a flow for the feed. */
export function toFlowRow(flow: Flow): FlowRow {
  const { evidence: _evidence, ...row } = flow;
  return row;
}
