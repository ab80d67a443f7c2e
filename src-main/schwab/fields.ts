// Field maps for the services Fathom uses (docs/schwab-streaming.md §4), both ways: the client
// decodes numeric-string keys into typed objects, the simulator encodes them. Numbers follow live
// data, including CHART_EQUITY's live numbering where the GUIDE is wrong. The Level 1 tables are
// here; books and bars are in book-bar-fields.ts (re-exported).
import type { EquityQuote, OptionQuote } from '../../shared/domain/market.ts';
import type { DataItem } from './protocol.ts';

export { decodeBar, decodeBook, encodeBar, encodeBook } from './book-bar-fields.ts';

type FieldType = 'number' | 'string' | 'right';
type FieldSpec<K extends string> = readonly [number, K, FieldType];

const OPTION_FIELDS = [
  [1, 'description', 'string'],
  [2, 'bid', 'number'],
  [3, 'ask', 'number'],
  [4, 'last', 'number'],
  [5, 'high', 'number'],
  [6, 'low', 'number'],
  [7, 'close', 'number'],
  [8, 'volume', 'number'],
  [9, 'openInterest', 'number'],
  [10, 'iv', 'number'],
  [13, 'multiplier', 'number'],
  [15, 'open', 'number'],
  [16, 'bidSize', 'number'],
  [17, 'askSize', 'number'],
  [18, 'lastSize', 'number'],
  [19, 'netChange', 'number'],
  [20, 'strike', 'number'],
  [21, 'right', 'right'],
  [22, 'underlying', 'string'],
  [28, 'delta', 'number'],
  [29, 'gamma', 'number'],
  [30, 'theta', 'number'],
  [31, 'vega', 'number'],
  [33, 'securityStatus', 'string'],
  [35, 'underlyingPrice', 'number'],
  [37, 'mark', 'number'],
  [38, 'quoteTime', 'number'],
  [39, 'tradeTime', 'number'],
] as const satisfies readonly FieldSpec<Exclude<keyof OptionQuote, 'symbol' | 'delayed'>>[];

const EQUITY_FIELDS = [
  [1, 'bid', 'number'],
  [2, 'ask', 'number'],
  [3, 'last', 'number'],
  [4, 'bidSize', 'number'],
  [5, 'askSize', 'number'],
  [8, 'volume', 'number'],
  [9, 'lastSize', 'number'],
  [10, 'high', 'number'],
  [11, 'low', 'number'],
  [12, 'close', 'number'],
  [17, 'open', 'number'],
  [18, 'netChange', 'number'],
  [32, 'securityStatus', 'string'],
  [33, 'mark', 'number'],
  [34, 'quoteTime', 'number'],
  [35, 'tradeTime', 'number'],
] as const satisfies readonly FieldSpec<Exclude<keyof EquityQuote, 'symbol' | 'delayed'>>[];

/** Field lists Fathom subscribes with; field 0 is always included (SDEV docs require it). */
export const SUBSCRIBE_FIELDS = {
  LEVELONE_OPTIONS: ['0', ...OPTION_FIELDS.map(([n]) => String(n))].join(','),
  LEVELONE_EQUITIES: ['0', ...EQUITY_FIELDS.map(([n]) => String(n))].join(','),
  OPTIONS_BOOK: '0,1,2,3',
  CHART_EQUITY: '0,1,2,3,4,5,6,7,8',
} as const;

export interface DecodeProblems {
  /** Fields whose value had the wrong type; they are skipped, the rest of the item is kept. */
  badFields: number;
}

interface Table {
  /** Field numbers, names and types in ascending field order. */
  numbers: number[];
  names: string[];
  types: FieldType[];
}

function table(specs: readonly FieldSpec<string>[]): Table {
  const sorted = [...specs].sort((a, b) => a[0] - b[0]);
  return { numbers: sorted.map((s) => s[0]), names: sorted.map((s) => s[1]), types: sorted.map((s) => s[2]) };
}

const OPTION_TABLE = table(OPTION_FIELDS);
const EQUITY_TABLE = table(EQUITY_FIELDS);

/**
 * Looks up each known field number instead of walking the item's keys: JSON.parse keeps
 * integer-like keys ("2", "38") as indexed elements, so `item[2]` is a fast element load, while
 * enumerating keys builds a string per key and parses it back (twice as slow at max intensity).
 * Keys that are not canonical field numbers ("02", "key", "cusip") are ignored, as unknown
 * fields always were.
 */
function decodeFields(item: DataItem, t: Table, problems: DecodeProblems): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const { numbers, names, types } = t;
  for (let i = 0; i < numbers.length; i++) {
    const value = item[numbers[i] as number];
    if (value === undefined) continue;
    const name = names[i] as string;
    const type = types[i];
    if (type === 'number') {
      if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
      else problems.badFields++;
    } else if (type === 'string') {
      if (typeof value === 'string') out[name] = value;
      else problems.badFields++;
    } else if (value === 'C' || value === 'P') {
      out[name] = value;
    } else {
      problems.badFields++;
    }
  }
  if (typeof item.delayed === 'boolean') out.delayed = item.delayed;
  return out;
}

export function decodeOptionFields(item: DataItem, problems: DecodeProblems): Omit<OptionQuote, 'symbol'> {
  return decodeFields(item, OPTION_TABLE, problems) as Omit<OptionQuote, 'symbol'>;
}

/** What one option update carried: every field present, undefined when not carried. */
export type OptionChanges = { [K in Exclude<keyof OptionQuote, 'symbol'>]: OptionQuote[K] | undefined };

/** An OptionChanges with nothing carried, its fields in OPTION_FIELDS's order (one shape for all). */
export function emptyOptionChanges(): OptionChanges {
  return {
    description: undefined,
    bid: undefined,
    ask: undefined,
    last: undefined,
    high: undefined,
    low: undefined,
    close: undefined,
    volume: undefined,
    openInterest: undefined,
    iv: undefined,
    multiplier: undefined,
    open: undefined,
    bidSize: undefined,
    askSize: undefined,
    lastSize: undefined,
    netChange: undefined,
    strike: undefined,
    right: undefined,
    underlying: undefined,
    delta: undefined,
    gamma: undefined,
    theta: undefined,
    vega: undefined,
    securityStatus: undefined,
    underlyingPrice: undefined,
    mark: undefined,
    quoteTime: undefined,
    tradeTime: undefined,
    delayed: undefined,
  };
}

/** The fields an update carried as a plain object without the undefined ones: to keep or compare. */
export function carriedOptionFields(changed: Omit<OptionQuote, 'symbol'>): Omit<OptionQuote, 'symbol'> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(changed)) if (value !== undefined) out[name] = value;
  return out as Omit<OptionQuote, 'symbol'>;
}

/**
 * decodeOptionFields and the merge into the key's state in one pass, unrolled: stores to named
 * properties stay on V8's fast paths, where the table loop's `out[name] = value` and a following
 * Object.assign were a third of the parse stage at max intensity (every Level 1 option update
 * comes through here). The fields, their order and the checks are OPTION_FIELDS's exactly;
 * fields.test.ts holds the two to the same results.
 *
 * `out` is overwritten, not made: every field it has is set, to undefined when the item did not
 * carry it (or carried a bad value). A new object per update, growing in the item's order, was
 * most of the parse stage's allocation and gave the consumers' reads many shapes to meet.
 */
export function decodeOptionInto(item: DataItem, problems: DecodeProblems, quote: OptionQuote, out: OptionChanges): OptionChanges {
  let v: unknown;
  v = item[1];
  if (v === undefined) out.description = undefined;
  else if (typeof v === 'string') out.description = quote.description = v;
  else {
    out.description = undefined;
    problems.badFields++;
  }
  v = item[2];
  if (v === undefined) out.bid = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.bid = quote.bid = v;
  else {
    out.bid = undefined;
    problems.badFields++;
  }
  v = item[3];
  if (v === undefined) out.ask = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.ask = quote.ask = v;
  else {
    out.ask = undefined;
    problems.badFields++;
  }
  v = item[4];
  if (v === undefined) out.last = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.last = quote.last = v;
  else {
    out.last = undefined;
    problems.badFields++;
  }
  v = item[5];
  if (v === undefined) out.high = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.high = quote.high = v;
  else {
    out.high = undefined;
    problems.badFields++;
  }
  v = item[6];
  if (v === undefined) out.low = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.low = quote.low = v;
  else {
    out.low = undefined;
    problems.badFields++;
  }
  v = item[7];
  if (v === undefined) out.close = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.close = quote.close = v;
  else {
    out.close = undefined;
    problems.badFields++;
  }
  v = item[8];
  if (v === undefined) out.volume = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.volume = quote.volume = v;
  else {
    out.volume = undefined;
    problems.badFields++;
  }
  v = item[9];
  if (v === undefined) out.openInterest = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.openInterest = quote.openInterest = v;
  else {
    out.openInterest = undefined;
    problems.badFields++;
  }
  v = item[10];
  if (v === undefined) out.iv = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.iv = quote.iv = v;
  else {
    out.iv = undefined;
    problems.badFields++;
  }
  v = item[13];
  if (v === undefined) out.multiplier = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.multiplier = quote.multiplier = v;
  else {
    out.multiplier = undefined;
    problems.badFields++;
  }
  v = item[15];
  if (v === undefined) out.open = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.open = quote.open = v;
  else {
    out.open = undefined;
    problems.badFields++;
  }
  v = item[16];
  if (v === undefined) out.bidSize = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.bidSize = quote.bidSize = v;
  else {
    out.bidSize = undefined;
    problems.badFields++;
  }
  v = item[17];
  if (v === undefined) out.askSize = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.askSize = quote.askSize = v;
  else {
    out.askSize = undefined;
    problems.badFields++;
  }
  v = item[18];
  if (v === undefined) out.lastSize = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.lastSize = quote.lastSize = v;
  else {
    out.lastSize = undefined;
    problems.badFields++;
  }
  v = item[19];
  if (v === undefined) out.netChange = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.netChange = quote.netChange = v;
  else {
    out.netChange = undefined;
    problems.badFields++;
  }
  v = item[20];
  if (v === undefined) out.strike = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.strike = quote.strike = v;
  else {
    out.strike = undefined;
    problems.badFields++;
  }
  v = item[21];
  if (v === undefined) out.right = undefined;
  else if (v === 'C' || v === 'P') out.right = quote.right = v;
  else {
    out.right = undefined;
    problems.badFields++;
  }
  v = item[22];
  if (v === undefined) out.underlying = undefined;
  else if (typeof v === 'string') out.underlying = quote.underlying = v;
  else {
    out.underlying = undefined;
    problems.badFields++;
  }
  v = item[28];
  if (v === undefined) out.delta = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.delta = quote.delta = v;
  else {
    out.delta = undefined;
    problems.badFields++;
  }
  v = item[29];
  if (v === undefined) out.gamma = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.gamma = quote.gamma = v;
  else {
    out.gamma = undefined;
    problems.badFields++;
  }
  v = item[30];
  if (v === undefined) out.theta = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.theta = quote.theta = v;
  else {
    out.theta = undefined;
    problems.badFields++;
  }
  v = item[31];
  if (v === undefined) out.vega = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.vega = quote.vega = v;
  else {
    out.vega = undefined;
    problems.badFields++;
  }
  v = item[33];
  if (v === undefined) out.securityStatus = undefined;
  else if (typeof v === 'string') out.securityStatus = quote.securityStatus = v;
  else {
    out.securityStatus = undefined;
    problems.badFields++;
  }
  v = item[35];
  if (v === undefined) out.underlyingPrice = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.underlyingPrice = quote.underlyingPrice = v;
  else {
    out.underlyingPrice = undefined;
    problems.badFields++;
  }
  v = item[37];
  if (v === undefined) out.mark = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.mark = quote.mark = v;
  else {
    out.mark = undefined;
    problems.badFields++;
  }
  v = item[38];
  if (v === undefined) out.quoteTime = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.quoteTime = quote.quoteTime = v;
  else {
    out.quoteTime = undefined;
    problems.badFields++;
  }
  v = item[39];
  if (v === undefined) out.tradeTime = undefined;
  else if (typeof v === 'number' && Number.isFinite(v)) out.tradeTime = quote.tradeTime = v;
  else {
    out.tradeTime = undefined;
    problems.badFields++;
  }
  out.delayed = typeof item.delayed === 'boolean' ? (quote.delayed = item.delayed) : undefined;
  return out;
}

export function decodeEquityFields(item: DataItem, problems: DecodeProblems): Omit<EquityQuote, 'symbol'> {
  return decodeFields(item, EQUITY_TABLE, problems) as Omit<EquityQuote, 'symbol'>;
}

function encodeFields(values: Record<string, unknown>, specs: readonly FieldSpec<string>[], fields: ReadonlySet<number> | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [n, name] of specs) {
    if (fields && !fields.has(n)) continue;
    const value = values[name];
    if (value !== undefined) out[String(n)] = value;
  }
  return out;
}

/** For the simulator: only the requested fields that have a value. */
export function encodeOptionFields(values: Partial<OptionQuote>, fields: ReadonlySet<number> | null): Record<string, unknown> {
  return encodeFields(values, OPTION_FIELDS, fields);
}

export function encodeEquityFields(values: Partial<EquityQuote>, fields: ReadonlySet<number> | null): Record<string, unknown> {
  return encodeFields(values, EQUITY_FIELDS, fields);
}

export function parseFieldList(fields: string | undefined): Set<number> | null {
  if (fields === undefined) return null;
  const out = new Set<number>();
  for (const part of fields.split(',')) {
    const n = Number(part.trim());
    if (Number.isInteger(n) && n >= 0) out.add(n);
  }
  return out;
}
