// Field maps for the services Fathom uses (docs/schwab-streaming.md §4), both ways: the client
// decodes numeric-string keys into typed objects, the simulator encodes them. Numbers follow live
// data, including CHART_EQUITY's live numbering where the GUIDE is wrong. The Level 1 tables are
// here; books and bars are in book-bar-fields.ts (re-exported); the hot path's decode of an option
// update straight into its contract's state is option-update-decode.ts.
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
