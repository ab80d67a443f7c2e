// Gamma exposure by strike from the chain's open interest and gamma (shared/analytics/FLOW-RULES.md
// §12, "Gamma exposure"): the dollars of underlying dealers would trade for a 1% move, under the
// published sign convention. Schwab's Level 1 option quote carries both figures (fields 9 and 29,
// src-main/schwab/fields.ts).
import type { Right } from '../domain/market.ts';

/** Shares per contract. */
export const GEX_MULTIPLIER = 100;
/** The move GEX is quoted for: 1% of the underlying. */
export const GEX_MOVE = 0.01;

/** One contract of the chain as its latest quote has it; a figure never received is absent. */
export interface ChainGreeks {
  strike: number;
  expiry: string;
  right: Right;
  openInterest?: number | undefined;
  /** Per share, per dollar of the underlying, as Schwab sends it. */
  gamma?: number | undefined;
}

export interface GexRow {
  strike: number;
  /** Calls' exposure: positive. */
  call: number;
  /** Puts' exposure: negative. */
  put: number;
  /** call + put. */
  net: number;
  /** Contracts that entered the sum at this strike. */
  contracts: number;
}

export interface GammaExposure {
  /** The underlying price the exposure is computed at; null when none is known. */
  spot: number | null;
  /** Ascending strike; empty without a spot. */
  rows: GexRow[];
  total: number;
  callTotal: number;
  putTotal: number;
  /** Contracts of the chain summed. */
  used: number;
  /** Contracts left out: no gamma received (or not a finite number). */
  noGamma: number;
  /** Contracts left out: gamma received but no open interest. */
  noOpenInterest: number;
  /** Why there is no exposure to show, or null. */
  missing: string | null;
}

/**
 * One contract's exposure in dollars per 1% move: gamma x OI x 100 x spot^2 x 0.01, positive for a
 * call and negative for a put (dealers assumed long the calls and short the puts customers trade).
 */
export function contractGex(right: Right, gamma: number, openInterest: number, spot: number): number {
  const size = gamma * openInterest * GEX_MULTIPLIER * spot * spot * GEX_MOVE;
  return right === 'C' ? size : -size;
}

const usable = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

export function gammaExposure(chain: readonly ChainGreeks[], spot: number | null): GammaExposure {
  const byStrike = new Map<number, GexRow>();
  let used = 0;
  let noGamma = 0;
  let noOpenInterest = 0;
  const known = spot !== null && Number.isFinite(spot) && spot > 0;
  for (const c of chain) {
    if (!usable(c.gamma)) {
      noGamma++;
      continue;
    }
    if (!usable(c.openInterest)) {
      noOpenInterest++;
      continue;
    }
    if (!known) continue;
    const value = contractGex(c.right, c.gamma, c.openInterest, spot);
    let row = byStrike.get(c.strike);
    if (!row) byStrike.set(c.strike, (row = { strike: c.strike, call: 0, put: 0, net: 0, contracts: 0 }));
    if (c.right === 'C') row.call += value;
    else row.put += value;
    row.net += value;
    row.contracts++;
    used++;
  }
  const rows = [...byStrike.values()].sort((a, b) => a.strike - b.strike);
  const callTotal = rows.reduce((s, r) => s + r.call, 0);
  const putTotal = rows.reduce((s, r) => s + r.put, 0);
  const missing = !known
    ? 'no underlying price received yet'
    : chain.length === 0
      ? 'no quotes of this underlying\'s contracts are held'
      : used === 0
        ? `none of the ${chain.length} contracts held has both gamma and open interest`
        : null;
  return { spot: known ? spot : null, rows, total: callTotal + putTotal, callTotal, putTotal, used, noGamma, noOpenInterest, missing };
}
