// Picks contracts from an option chain: the N strikes around the money of the nearest
// expiries, calls and puts. Used by `record --chain SPY:10` and the watchlist's "around" mode.
import type { SchwabChainContract, SchwabChainResponse } from './rest-types.ts';

export interface PickOptions {
  strikes: number;
  expiries: number;
  /** Spot to centre on; defaults to the chain's underlying price. */
  spot?: number;
}

export function pickAroundTheMoney(chain: SchwabChainResponse, options: PickOptions): string[] {
  const spot = options.spot ?? chain.underlyingPrice;
  const expiryKeys = [...new Set([...Object.keys(chain.callExpDateMap ?? {}), ...Object.keys(chain.putExpDateMap ?? {})])]
    .sort((a, b) => expiryDays(a) - expiryDays(b) || a.localeCompare(b))
    .slice(0, options.expiries);
  const symbols: string[] = [];
  for (const key of expiryKeys) {
    const strikes = new Map<number, SchwabChainContract[]>();
    for (const map of [chain.callExpDateMap?.[key], chain.putExpDateMap?.[key]]) {
      for (const [strike, contracts] of Object.entries(map ?? {})) {
        const list = strikes.get(Number(strike)) ?? [];
        list.push(...contracts);
        strikes.set(Number(strike), list);
      }
    }
    const nearest = [...strikes.keys()].sort((a, b) => Math.abs(a - spot) - Math.abs(b - spot) || a - b).slice(0, options.strikes);
    for (const strike of nearest.sort((a, b) => a - b)) {
      for (const contract of strikes.get(strike) ?? []) symbols.push(contract.symbol);
    }
  }
  return symbols;
}

/** Chain map keys are "<yyyy-MM-dd>:<days to expiration>". */
function expiryDays(key: string): number {
  const days = Number(key.split(':')[1]);
  return Number.isFinite(days) ? days : Number.MAX_SAFE_INTEGER;
}
