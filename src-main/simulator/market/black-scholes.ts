// Black-Scholes price and greeks for European options, the way Schwab quotes greeks:
// theta per calendar day, vega per volatility point (1%).
import type { Right } from '../../../shared/domain/market.ts';

export interface BlackScholesInput {
  spot: number;
  strike: number;
  /** Time to expiry in years (365-day). */
  years: number;
  /** Volatility as a fraction (0.2 is 20%). */
  vol: number;
  /** Continuously compounded risk-free rate as a fraction. */
  rate: number;
  right: Right;
}

export interface OptionValue {
  price: number;
  delta: number;
  gamma: number;
  /** Value lost per calendar day (negative for a long option). */
  theta: number;
  /** Value gained per volatility point. */
  vega: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * Standard normal CDF, Hart (1968) as given by West (2005): double precision, and computed so
 * that N(x) + N(-x) is 1 to the last bit, which keeps put-call parity exact.
 */
export function normCdf(x: number): number {
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) {
    tail = 0;
  } else if (z < 7.07106781186547) {
    const e = Math.exp((-z * z) / 2);
    let num = 3.52624965998911e-2 * z + 0.700383064443688;
    num = num * z + 6.37396220353165;
    num = num * z + 33.912866078383;
    num = num * z + 112.079291497871;
    num = num * z + 221.213596169931;
    num = num * z + 220.206867912376;
    let den = 8.83883476483184e-2 * z + 1.75566716318264;
    den = den * z + 16.064177579207;
    den = den * z + 86.7807322029461;
    den = den * z + 296.564248779674;
    den = den * z + 637.333633378831;
    den = den * z + 793.826512519948;
    den = den * z + 440.413735824752;
    tail = (e * num) / den;
  } else {
    let b = z + 0.65;
    b = z + 4 / b;
    b = z + 3 / b;
    b = z + 2 / b;
    b = z + 1 / b;
    tail = Math.exp((-z * z) / 2) / b / SQRT_2PI;
  }
  return x > 0 ? 1 - tail : tail;
}

export function normPdf(x: number): number {
  return Math.exp((-x * x) / 2) / SQRT_2PI;
}

/** At expiry (or with no volatility) an option is worth its intrinsic value and has no greeks. */
function atExpiry(input: BlackScholesInput): OptionValue {
  const { spot, strike, right } = input;
  const intrinsic = right === 'C' ? Math.max(0, spot - strike) : Math.max(0, strike - spot);
  const itm = intrinsic > 0;
  return { price: intrinsic, delta: itm ? (right === 'C' ? 1 : -1) : 0, gamma: 0, theta: 0, vega: 0 };
}

export function blackScholes(input: BlackScholesInput): OptionValue {
  const { spot, strike, years, vol, rate, right } = input;
  if (!(years > 0) || !(vol > 0) || !(spot > 0) || !(strike > 0)) return atExpiry(input);
  const sqrtT = Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate + (vol * vol) / 2) * years) / (vol * sqrtT);
  const d2 = d1 - vol * sqrtT;
  const discount = Math.exp(-rate * years);
  const pdf = normPdf(d1);
  const gamma = pdf / (spot * vol * sqrtT);
  const vega = (spot * pdf * sqrtT) / 100;
  const decay = (-spot * pdf * vol) / (2 * sqrtT);
  if (right === 'C') {
    const nd1 = normCdf(d1);
    const nd2 = normCdf(d2);
    return {
      price: Math.max(0, spot * nd1 - strike * discount * nd2),
      delta: nd1,
      gamma,
      theta: (decay - rate * strike * discount * nd2) / 365,
      vega,
    };
  }
  const nmd1 = normCdf(-d1);
  const nmd2 = normCdf(-d2);
  return {
    price: Math.max(0, strike * discount * nmd2 - spot * nmd1),
    delta: -nmd1,
    gamma,
    theta: (decay + rate * strike * discount * nmd2) / 365,
    vega,
  };
}
