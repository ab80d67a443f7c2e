// REST market data shapes (docs/schwab-streaming.md §2.2–2.3): query parsing for chains and the
// quote entries /marketdata/v1/quotes returns, built from the simulated market's Level 1 state.
import type { EquityQuote, OptionQuote } from '../../../shared/domain/market.ts';
import type { ChainQuery, SimulatorMarket } from '../market/market.ts';
import { equityAssetTypes } from './asset-types.ts';

export type QuoteBlock = 'quote' | 'reference';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type ChainQueryCheck = { ok: true; query: ChainQuery } | { ok: false; problem: string };

export function parseChainQuery(params: URLSearchParams): ChainQueryCheck {
  const query: ChainQuery = {};
  const strikeCount = params.get('strikeCount');
  if (strikeCount !== null) {
    const n = Number(strikeCount);
    if (!Number.isInteger(n) || n < 1)
      return { ok: false, problem: 'strikeCount must be a positive integer' };
    query.strikeCount = n;
  }
  for (const name of ['fromDate', 'toDate'] as const) {
    const value = params.get(name);
    if (value === null) continue;
    if (!DATE.test(value)) return { ok: false, problem: `${name} must be yyyy-MM-dd` };
    query[name] = value;
  }
  const contractType = params.get('contractType');
  if (contractType !== null) {
    if (contractType !== 'CALL' && contractType !== 'PUT' && contractType !== 'ALL')
      return { ok: false, problem: 'contractType must be CALL, PUT or ALL' };
    query.contractType = contractType;
  }
  return { ok: true, query };
}

/** `fields=quote,reference`; absent or `all` means every block the simulator has. */
export function parseQuoteBlocks(fields: string | null): Set<QuoteBlock> {
  const wanted = new Set((fields ?? 'all').split(',').map((f) => f.trim()));
  const out = new Set<QuoteBlock>();
  if (wanted.has('all') || wanted.has('quote')) out.add('quote');
  if (wanted.has('all') || wanted.has('reference')) out.add('reference');
  return out;
}

function percentOf(change: number | undefined, base: number | undefined): number | undefined {
  if (change === undefined || base === undefined || base === 0) return undefined;
  return Math.round((change / base) * 10_000) / 100;
}

/** Stable small number standing in for Schwab's `ssid`. */
function ssidOf(symbol: string): number {
  let hash = 7;
  for (let i = 0; i < symbol.length; i++) hash = (hash * 31 + symbol.charCodeAt(i)) % 2_000_000_000;
  return hash;
}

export function optionQuoteEntry(
  symbol: string,
  q: OptionQuote,
  blocks: ReadonlySet<QuoteBlock>,
): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    assetMainType: 'OPTION',
    symbol,
    quoteType: 'NBBO',
    realtime: true,
    ssid: ssidOf(symbol),
  };
  if (blocks.has('quote')) {
    entry.quote = {
      bidPrice: q.bid,
      askPrice: q.ask,
      lastPrice: q.last,
      bidSize: q.bidSize,
      askSize: q.askSize,
      lastSize: q.lastSize,
      mark: q.mark,
      totalVolume: q.volume,
      openInterest: q.openInterest,
      quoteTime: q.quoteTime,
      tradeTime: q.tradeTime,
      openPrice: q.open,
      highPrice: q.high,
      lowPrice: q.low,
      closePrice: q.close,
      netChange: q.netChange,
      netPercentChange: percentOf(q.netChange, q.close),
      volatility: q.iv,
      delta: q.delta,
      gamma: q.gamma,
      theta: q.theta,
      vega: q.vega,
      underlyingPrice: q.underlyingPrice,
      securityStatus: q.securityStatus,
    };
  }
  if (blocks.has('reference')) {
    entry.reference = {
      contractType: q.right,
      description: q.description,
      strikePrice: q.strike,
      underlying: q.underlying,
      multiplier: q.multiplier,
      exchange: 'o',
      exchangeName: 'OPR',
    };
  }
  return entry;
}

export function equityQuoteEntry(
  symbol: string,
  q: EquityQuote,
  blocks: ReadonlySet<QuoteBlock>,
): Record<string, unknown> {
  const types = equityAssetTypes(symbol);
  const isIndex = types.assetMainType === 'INDEX';
  const entry: Record<string, unknown> = {
    ...types,
    symbol,
    quoteType: 'NBBO',
    realtime: true,
    ssid: ssidOf(symbol),
  };
  if (blocks.has('quote')) {
    entry.quote = {
      bidPrice: q.bid,
      askPrice: q.ask,
      lastPrice: q.last,
      bidSize: q.bidSize,
      askSize: q.askSize,
      lastSize: q.lastSize,
      mark: q.mark,
      totalVolume: q.volume,
      quoteTime: q.quoteTime,
      tradeTime: q.tradeTime,
      openPrice: q.open,
      highPrice: q.high,
      lowPrice: q.low,
      closePrice: q.close,
      netChange: q.netChange,
      netPercentChange: percentOf(q.netChange, q.close),
      securityStatus: q.securityStatus,
    };
  }
  if (blocks.has('reference'))
    entry.reference = {
      cusip: '',
      description: symbol,
      exchange: isIndex ? '0' : 'Q',
      exchangeName: isIndex ? 'IND' : 'NASDAQ',
    };
  return entry;
}

/** One symbol's entry, or null when the market serves neither an option nor an equity by that name. */
export function quoteEntry(
  market: SimulatorMarket,
  symbol: string,
  blocks: ReadonlySet<QuoteBlock>,
): Record<string, unknown> | null {
  const option = market.optionQuote(symbol);
  if (option !== null) return optionQuoteEntry(symbol, option, blocks);
  const equity = market.equityQuote(symbol);
  return equity === null ? null : equityQuoteEntry(symbol, equity, blocks);
}
