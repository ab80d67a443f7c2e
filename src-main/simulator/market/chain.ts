// The REST option chain (GET /marketdata/v1/chains) in Schwab's shape: "<yyyy-MM-dd>:<days>"
// expiry keys, strike-string keys ("450.0"), padded symbols usable verbatim as stream keys.
import { dte } from '../../../shared/time/eastern.ts';
import { formatSchwabSymbol } from '../../../shared/symbols/option-symbol.ts';
import { etDateString } from '../../../shared/time/eastern.ts';
import type { Right } from '../../../shared/domain/market.ts';
import { expiryCloseMs, listedExpiries } from './expiries.ts';
import type { ChainQuery, SchwabChainContract, SchwabChainResponse } from './market.ts';
import type { OptionContractState } from './option-contract.ts';
import type { UnderlyingProfile } from './profiles.ts';
import type { UnderlyingSim } from './underlying.ts';

/** Strikes listed for an expiry `days` out: wider spacing and range the further out it is. */
export function strikeGrid(profile: UnderlyingProfile, spot: number, days: number): number[] {
  const step = days > 60 ? (profile.dailyExpiries ? 5 : profile.strikeStep * 2) : profile.strikeStep;
  const range = spot * Math.min(0.5, 0.06 + 2 * profile.vol * Math.sqrt(Math.max(days, 1) / 365));
  const strikes: number[] = [];
  const first = Math.max(step, Math.ceil((spot - range) / step) * step);
  for (let k = first; k <= spot + range + 1e-9; k += step) strikes.push(Math.round(k * 1000) / 1000);
  return strikes;
}

/** Schwab's strike keys always carry a decimal point: 450 is "450.0", 2.5 is "2.5". */
export function strikeKey(strike: number): string {
  return Number.isInteger(strike) ? strike.toFixed(1) : String(strike);
}

/** `strikeCount` strikes nearest the money, as many below as above (one more above when odd). */
function nearest(strikes: number[], spot: number, count: number | undefined): number[] {
  if (count === undefined || count >= strikes.length) return strikes;
  if (count <= 0) return [];
  let atm = 0;
  for (let i = 1; i < strikes.length; i++) {
    if (Math.abs((strikes[i] as number) - spot) < Math.abs((strikes[atm] as number) - spot)) atm = i;
  }
  const from = Math.max(0, Math.min(strikes.length - count, atm - Math.floor((count - 1) / 2)));
  return strikes.slice(from, from + count);
}

function chainContract(state: OptionContractState, now: number, spot: number): SchwabChainContract {
  const q = state.quote(now);
  const c = state.contract;
  return {
    putCall: c.right === 'C' ? 'CALL' : 'PUT',
    symbol: c.symbol,
    description: q.description ?? '',
    exchangeName: 'OPR',
    bid: q.bid ?? 0,
    ask: q.ask ?? 0,
    last: q.last ?? 0,
    mark: q.mark ?? 0,
    bidSize: q.bidSize ?? 0,
    askSize: q.askSize ?? 0,
    lastSize: q.lastSize ?? 0,
    totalVolume: q.volume ?? 0,
    openInterest: q.openInterest ?? 0,
    volatility: q.iv ?? 0,
    delta: q.delta ?? 0,
    gamma: q.gamma ?? 0,
    theta: q.theta ?? 0,
    vega: q.vega ?? 0,
    strikePrice: c.strike,
    expirationDate: new Date(state.expiryClose).toISOString().replace('Z', '+00:00'),
    daysToExpiration: dte(now, c.expiry),
    multiplier: 100,
    quoteTimeInLong: q.quoteTime ?? now,
    tradeTimeInLong: q.tradeTime ?? now,
    inTheMoney: c.right === 'C' ? c.strike < spot : c.strike > spot,
  };
}

export function buildChain(
  underlying: UnderlyingSim,
  now: number,
  query: ChainQuery,
  /** The contract for a symbol; need not be kept when nothing has traded it yet. */
  contractFor: (symbol: string) => OptionContractState | null,
): SchwabChainResponse {
  const calls: SchwabChainResponse['callExpDateMap'] = {};
  const puts: SchwabChainResponse['putExpDateMap'] = {};
  const type = query.contractType ?? 'ALL';
  const rights: Right[] = type === 'CALL' ? ['C'] : type === 'PUT' ? ['P'] : ['C', 'P'];
  const spot = underlying.spot;
  let count = 0;
  for (const expiry of listedExpiries(underlying.profile, etDateString(now))) {
    if (expiryCloseMs(expiry) <= now) continue;
    if (query.fromDate !== undefined && expiry < query.fromDate) continue;
    if (query.toDate !== undefined && expiry > query.toDate) continue;
    const days = dte(now, expiry);
    const key = `${expiry}:${days}`;
    for (const strike of nearest(strikeGrid(underlying.profile, spot, days), spot, query.strikeCount)) {
      for (const right of rights) {
        const state = contractFor(formatSchwabSymbol({ root: underlying.symbol, expiry, right, strike }));
        if (!state) continue;
        const map = right === 'C' ? calls : puts;
        (map[key] ??= {})[strikeKey(strike)] = [chainContract(state, now, underlying.last)];
        count++;
      }
    }
  }
  return {
    symbol: underlying.symbol,
    status: 'SUCCESS',
    underlyingPrice: underlying.last,
    isDelayed: false,
    numberOfContracts: count,
    callExpDateMap: calls,
    putExpDateMap: puts,
  };
}
