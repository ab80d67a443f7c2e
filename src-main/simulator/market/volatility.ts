// Implied volatility surface and option theo. The smile is centred on the day's reference spot
// (sticky strike), so a contract's IV does not jitter with every tick of the underlying.
import type { OptionContract } from '../../../shared/domain/market.ts';
import { blackScholes } from './black-scholes.ts';
import type { OptionValue } from './black-scholes.ts';

export const RISK_FREE_RATE = 0.039;
export const YEAR_MS = 365 * 86_400_000;
/** Pricing never uses less than a minute to expiry, so 0DTE greeks stay finite near the close. */
const MIN_YEARS = 60_000 / YEAR_MS;
const SKEW = -0.1;
const CURVATURE = 0.025;

/** IV as a fraction for a strike and time to expiry. */
export function smileVol(baseVol: number, referenceSpot: number, strike: number, years: number): number {
  const t = Math.max(years, 2 / 365);
  // Short expiries carry event and gamma premium: 0DTE trades about a quarter over the base.
  const atm = baseVol * (1 + 0.25 * Math.exp((-years * 365) / 5));
  const x = Math.max(-4, Math.min(4, Math.log(strike / referenceSpot) / (baseVol * Math.sqrt(t))));
  const iv = atm * (1 + SKEW * x + CURVATURE * x * x);
  return Math.max(0.05, Math.min(3, iv));
}

export interface Theo extends OptionValue {
  /** IV in percent units, as Schwab sends it. */
  ivPercent: number;
}

export function theoOf(
  contract: Pick<OptionContract, 'strike' | 'right'>,
  spot: number,
  expiryClose: number,
  time: number,
  baseVol: number,
  referenceSpot: number,
  /** A contract's own small IV offset (relative), so neighbours differ a little. */
  ivTilt: number,
): Theo {
  const years = (expiryClose - time) / YEAR_MS;
  const vol = smileVol(baseVol, referenceSpot, contract.strike, Math.max(0, years)) * (1 + ivTilt);
  const value = blackScholes({
    spot,
    strike: contract.strike,
    years: years > 0 ? Math.max(years, MIN_YEARS) : 0,
    vol,
    rate: RISK_FREE_RATE,
    right: contract.right,
  });
  return { ...value, ivPercent: years > 0 ? vol * 100 : 0 };
}
