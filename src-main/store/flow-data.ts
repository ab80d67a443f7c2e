// A flow's `data` column: the whole Flow as a JSON array of its values in a fixed order, keys left
// out. The keys were about half of a row's bytes, and a row's bytes are most of what its write
// costs SQLite (tools/bench/store.ts `store.flows`). Rows written before migration 9 hold the
// flow's JSON object; both read back as the same Flow (deeply equal to the one written; its keys
// in the flow builder's order, src-main/market/flow-builder.ts, where a strategy's version may
// have added `strategy` last: readers take fields by name, and exports name their columns).
import type { Flow, FlowEvidence, PrintEvidence, QuoteEvidence } from '../../shared/domain/flow.ts';

/** The first value of an array row: its layout, so a later one can be told apart. */
export const FLOW_DATA_LAYOUT = 1;

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

/** The flow's own values, in the row's order after its layout number; the evidence's follow them. */
const VALUE_KEYS = FLOW_KEYS.slice(0, -1);
/** Keys a flow may leave out: written as null, left out again when read. */
const OPTIONAL_KEYS: ReadonlySet<string> = new Set<keyof Flow>(['cancelled', 'strategy', 'institutional', 'nextDay']);
/** The row's length up to the evidence: the layout number and the flow's own values. */
const HEAD_VALUES = VALUE_KEYS.length + 1;

const at = (key: keyof Flow): number => FLOW_KEYS.indexOf(key as (typeof FLOW_KEYS)[number]) + 1;

/** Where the values sit in a layout-1 row (next-day.ts reads a few of them in SQL). */
export const FLOW_DATA_AT = {
  id: at('id'),
  size: at('size'),
  openInterest: at('openInterest'),
  cancelled: at('cancelled'),
} as const;

function quoteValues(q: QuoteEvidence | null): Row | null {
  return q === null ? null : [q.time, q.bid, q.ask, q.bidSize, q.askSize];
}

function printValues(p: PrintEvidence): Row {
  return [p.receivedAt, p.time, p.size, p.price, p.volumeBefore, p.volumeAfter, p.lastSize, p.side, quoteValues(p.quote)];
}

/**
 * The row's `data`: the flow's values in FLOW_KEYS' order (written out, not looked up key by key:
 * this is the store's write path); an absent optional key is null.
 */
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
  return headOf(parsed);
}

/** The flow's own fields of a layout-1 row, in FLOW_KEYS' order, the optional ones only when present. */
function headOf(r: Row): Record<string, unknown> {
  const head: Record<string, unknown> = {};
  VALUE_KEYS.forEach((key, i) => {
    const value = r[i + 1];
    if (value !== null || !OPTIONAL_KEYS.has(key)) head[key] = value;
  });
  return head;
}

/** The values before the evidence (its prints: `,[[` or `,[],`), parsed alone; null when not found. */
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
  const flow = headOf(r);
  const [prints, reasons, kindRule, senderRule] = r.slice(HEAD_VALUES);
  const evidence: Record<string, unknown> = { prints: (prints as Row).map(printOf), reasons, kindRule };
  if (senderRule !== null && senderRule !== undefined) evidence.senderRule = senderRule;
  flow.evidence = evidence;
  return flow as unknown as Flow;
}

/** SQL reading one field of a stored row's `data` in `column`, whichever way the row was written. */
export function flowDataFieldSql(column: string, key: keyof typeof FLOW_DATA_AT): string {
  return `CASE WHEN substr(${column}, 1, 1) = '[' THEN json_extract(${column}, '$[${FLOW_DATA_AT[key]}]') ELSE json_extract(${column}, '$.${key}') END`;
}
