// Turns Schwab's chain response into the compact ChainSummary the watchlist picker shows.
import type { ChainContract, ChainSummary } from '../../shared/domain/watchlist.ts';
import type { SchwabChainResponse } from './rest-types.ts';

export function pickChainSummary(chain: SchwabChainResponse, expiries: number): ChainSummary {
  const keys = [...new Set([...Object.keys(chain.callExpDateMap ?? {}), ...Object.keys(chain.putExpDateMap ?? {})])]
    .sort((a, b) => daysOf(a) - daysOf(b) || a.localeCompare(b))
    .slice(0, expiries);
  const contracts: ChainContract[] = [];
  for (const key of keys) {
    for (const map of [chain.callExpDateMap?.[key], chain.putExpDateMap?.[key]]) {
      for (const list of Object.values(map ?? {})) {
        for (const c of list) {
          contracts.push({
            symbol: c.symbol,
            expiry: key.split(':')[0] ?? '',
            strike: c.strikePrice,
            right: c.putCall === 'CALL' ? 'C' : 'P',
            bid: numberOrNull(c.bid),
            ask: numberOrNull(c.ask),
            volume: numberOrNull(c.totalVolume),
            openInterest: numberOrNull(c.openInterest),
            delta: numberOrNull(c.delta),
            iv: numberOrNull(c.volatility),
          });
        }
      }
    }
  }
  contracts.sort((a, b) => a.expiry.localeCompare(b.expiry) || a.strike - b.strike || a.right.localeCompare(b.right));
  return {
    underlying: chain.symbol,
    underlyingPrice: numberOrNull(chain.underlyingPrice),
    expiries: keys.map((k) => k.split(':')[0] ?? k),
    contracts,
  };
}

function daysOf(key: string): number {
  const days = Number(key.split(':')[1]);
  return Number.isFinite(days) ? days : Number.MAX_SAFE_INTEGER;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
