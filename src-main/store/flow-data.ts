// A flow's `data` column: the whole Flow as a JSON array of its values in a fixed order, keys left
// out. The keys were about half of a row's bytes, and a row's bytes are most of what its write
// costs SQLite (tools/bench/store.ts `store.flows`). Rows written before migration 9 hold the
// flow's JSON object; both read back as the same Flow (deeply equal to the one written; its keys
// in the flow builder's order, src-main/market/flow-builder.ts, where a strategy's version may
// have added `strategy` last: readers take fields by name, and exports name their columns).
import type { Flow, FlowEvidence, PrintEvidence, QuoteEvidence } from '../../shared/domain/flow.ts';

/** The first value of an array row: its layout, so a later one can be told apart. */
export const FLOW_DATA_LAYOUT = 1;

/** Where the values sit in a layout-1 row (next-day.ts reads a few of them in SQL). */
export const FLOW_DATA_AT = {
  id: 1,
  size: 10,
  openInterest: 24,
  cancelled: 38,
} as const;

type Row = unknown[];

/**
 * Every key of a Flow, its evidence, a print and a quote, as the layout writes them: a key added
 * to one of these types and not to the layout fails the typecheck here, rather than being left
 * out of the store without a word.
 */
const FLOW_KEYS = [
  'id', 'sessionId', 'time', 'lastTime', 'symbol', 'underlying', 'expiry', 'strike', 'right', 'size', 'price', 'premium', 'side',
  'direction', 'sentiment', 'kind', 'whale', 'moneyness', 'otmPercent', 'dte', 'bid', 'ask', 'underlyingPrice', 'openInterest',
  'dayVolume', 'iv', 'delta', 'conflated', 'prints', 'confidence', 'sideRule', 'kindConfidence', 'openingLikely', 'unusual',
  'repeater', 'spreadLeg', 'delayed', 'cancelled', 'strategy', 'institutional', 'nextDay', 'version', 'evidence',
] as const satisfies readonly (keyof Flow)[];
type Missing<T, K> = Exclude<keyof T, K>;
type Uncovered = [
  Missing<Flow, (typeof FLOW_KEYS)[number]>,
  Missing<FlowEvidence, 'prints' | 'reasons' | 'kindRule' | 'senderRule'>,
  Missing<PrintEvidence, 'receivedAt' | 'time' | 'size' | 'price' | 'volumeBefore' | 'volumeAfter' | 'lastSize' | 'side' | 'quote'>,
  Missing<QuoteEvidence, 'time' | 'bid' | 'ask' | 'bidSize' | 'askSize'>,
];
const covered: Uncovered extends [never, never, never, never] ? true : never = true;
void covered;

function quoteValues(q: QuoteEvidence | null): Row | null {
  return q === null ? null : [q.time, q.bid, q.ask, q.bidSize, q.askSize];
}

function printValues(p: PrintEvidence): Row {
  return [p.receivedAt, p.time, p.size, p.price, p.volumeBefore, p.volumeAfter, p.lastSize, p.side, quoteValues(p.quote)];
}

/** The row's `data`: the flow's values in the layout's order; an absent optional key is null. */
export function encodeFlowData(f: Flow): string {
  const e = f.evidence;
  const prints: Row[] = [];
  for (const p of e.prints) prints.push(printValues(p));
  return JSON.stringify([
    FLOW_DATA_LAYOUT, f.id, f.sessionId, f.time, f.lastTime, f.symbol, f.underlying, f.expiry, f.strike, f.right, f.size, f.price, f.premium, f.side,
    f.direction, f.sentiment, f.kind, f.whale, f.moneyness, f.otmPercent, f.dte, f.bid, f.ask, f.underlyingPrice, f.openInterest,
    f.dayVolume, f.iv, f.delta, f.conflated, f.prints, f.confidence, f.sideRule, f.kindConfidence, f.openingLikely, f.unusual,
    f.repeater, f.spreadLeg, f.delayed, f.cancelled ?? null, f.strategy ?? null, f.institutional ?? null, f.nextDay ?? null, f.version,
    prints, e.reasons, e.kindRule, e.senderRule ?? null,
  ]);
}

/** A stored row's Flow, whichever way it was written; throws on text that is neither. */
export function decodeFlowData(data: string): Flow {
  const parsed: unknown = JSON.parse(data);
  if (!Array.isArray(parsed)) return parsed as Flow;
  return flowOf(parsed);
}

/**
 * The flow's own fields of a stored row, without its evidence (what a reader of many rows needs);
 * null when the row is not a flow's. An object row is returned as parsed.
 */
export function decodeFlowHead(data: string): Record<string, unknown> | null {
  const parsed = headValues(data) ?? (JSON.parse(data) as unknown);
  if (typeof parsed !== 'object' || parsed === null) return null;
  if (!Array.isArray(parsed)) return parsed as Record<string, unknown>;
  if (parsed[0] !== FLOW_DATA_LAYOUT) return null;
  const head: Record<string, unknown> = {};
  for (let i = 0; i < FLOW_KEYS.length - 1; i++) {
    const value = parsed[i + 1];
    if (value !== null || i < 37 || i > 40) head[FLOW_KEYS[i] as string] = value;
  }
  return head;
}

/** The values before the evidence (its prints: `,[[` or `,[],`), parsed alone; null when not found. */
const HEAD_VALUES = 43;
function headValues(data: string): unknown[] | null {
  if (!data.startsWith('[')) return null;
  // Nothing before the evidence holds an array of arrays outside a string (the strategy's legs
  // are objects), and a cut inside a string leaves it open, which no parse accepts.
  let cut = data.indexOf(',[[');
  if (cut < 0) cut = data.indexOf(',[],');
  if (cut < 0) return null;
  try {
    const values = JSON.parse(`${data.slice(0, cut)}]`) as unknown;
    return Array.isArray(values) && values.length === HEAD_VALUES ? values : null;
  } catch {
    return null;
  }
}

function quoteOf(v: unknown): QuoteEvidence | null {
  if (v === null) return null;
  const q = v as Row;
  return { time: q[0] as number, bid: q[1] as number, ask: q[2] as number, bidSize: q[3] as number, askSize: q[4] as number };
}

function printOf(v: unknown): PrintEvidence {
  const p = v as Row;
  return {
    receivedAt: p[0] as number,
    time: p[1] as number,
    size: p[2] as number,
    price: p[3] as number,
    volumeBefore: p[4] as number,
    volumeAfter: p[5] as number,
    lastSize: p[6] as PrintEvidence['lastSize'],
    side: p[7] as PrintEvidence['side'],
    quote: quoteOf(p[8]),
  };
}

function flowOf(r: Row): Flow {
  if (r[0] !== FLOW_DATA_LAYOUT) throw new Error(`a stored flow in an unknown layout: ${String(r[0])}`);
  // The optional keys are added in their place (as the flow builder has them), only when present.
  const flow = {
    id: r[1], sessionId: r[2], time: r[3], lastTime: r[4], symbol: r[5], underlying: r[6], expiry: r[7], strike: r[8], right: r[9],
    size: r[10], price: r[11], premium: r[12], side: r[13], direction: r[14], sentiment: r[15], kind: r[16], whale: r[17],
    moneyness: r[18], otmPercent: r[19], dte: r[20], bid: r[21], ask: r[22], underlyingPrice: r[23], openInterest: r[24],
    dayVolume: r[25], iv: r[26], delta: r[27], conflated: r[28], prints: r[29], confidence: r[30], sideRule: r[31],
    kindConfidence: r[32], openingLikely: r[33], unusual: r[34], repeater: r[35], spreadLeg: r[36], delayed: r[37],
  } as Record<string, unknown>;
  if (r[38] !== null) flow.cancelled = r[38];
  if (r[39] !== null) flow.strategy = r[39];
  if (r[40] !== null) flow.institutional = r[40];
  if (r[41] !== null) flow.nextDay = r[41];
  flow.version = r[42];
  const prints = (r[43] as Row).map(printOf);
  const evidence = { prints, reasons: r[44], kindRule: r[45] } as Record<string, unknown>;
  if (r[46] !== null) evidence.senderRule = r[46];
  flow.evidence = evidence;
  return flow as unknown as Flow;
}

/** SQL reading one field of a stored row's `data` in `column`, whichever way the row was written. */
export function flowDataFieldSql(column: string, key: keyof typeof FLOW_DATA_AT): string {
  return `CASE WHEN substr(${column}, 1, 1) = '[' THEN json_extract(${column}, '$[${FLOW_DATA_AT[key]}]') ELSE json_extract(${column}, '$.${key}') END`;
}
