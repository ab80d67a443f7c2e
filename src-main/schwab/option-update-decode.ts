// One Level 1 option update decoded and merged into its contract's state in a single unrolled
// pass (the parse stage's hot path: every option update comes through here), and the reused
// record of what the update carried. fields.ts holds the table this must agree with
// (OPTION_FIELDS, decodeOptionFields); fields.test.ts holds the two to the same results.
import type { OptionQuote } from '../../shared/domain/market.ts';
import type { DecodeProblems } from './fields.ts';
import type { DataItem } from './protocol.ts';

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
