// A chain laid out the way traders read it: one row per strike, calls on the left, puts on the
// right, for one expiry.
import type { ChainContract, ChainSummary } from '../../shared/domain/watchlist.ts';

export interface StrikeRow {
  strike: number;
  call: ChainContract | null;
  put: ChainContract | null;
}

export function strikeRows(chain: ChainSummary, expiry: string): StrikeRow[] {
  const byStrike = new Map<number, StrikeRow>();
  for (const c of chain.contracts) {
    if (c.expiry !== expiry) continue;
    let row = byStrike.get(c.strike);
    if (!row) {
      row = { strike: c.strike, call: null, put: null };
      byStrike.set(c.strike, row);
    }
    if (c.right === 'C') row.call = c;
    else row.put = c;
  }
  return [...byStrike.values()].sort((a, b) => a.strike - b.strike);
}

/** Index of the strike nearest the spot, to mark the money line; -1 without a spot. */
export function nearestStrikeIndex(rows: readonly StrikeRow[], spot: number | null): number {
  if (spot === null || rows.length === 0) return -1;
  let best = 0;
  for (let i = 1; i < rows.length; i++) {
    if (Math.abs((rows[i] as StrikeRow).strike - spot) < Math.abs((rows[best] as StrikeRow).strike - spot)) best = i;
  }
  return best;
}
