// What the simulated underlyings look like: 2026-ish prices and volatilities, how their option
// chains are listed, and how much of the market's option flow each one draws.
import { hashString, unitOf } from './keyed-random.ts';

export interface UnderlyingProfile {
  symbol: string;
  description: string;
  /** Price the simulated day starts near. */
  price: number;
  /** Annualised volatility as a fraction; drives both the path and the option smile. */
  vol: number;
  /** Listed every weekday (SPY, QQQ, IWM); otherwise Friday weeklies and monthlies. */
  dailyExpiries: boolean;
  /** Strike spacing near the money for near-term expiries. */
  strikeStep: number;
  /** Relative share of option parent orders. */
  flowWeight: number;
  /** Stock quote spread in cents. */
  spreadCents: number;
  /** Shares traded in a full regular session. */
  dailyShares: number;
  /** 1 for the most liquid option chain (SPY); sets venue count, displayed size and spreads. */
  optionLiquidity: number;
  /** Open interest of a near-term at-the-money contract. */
  atmOpenInterest: number;
  /** Listing exchange code, LEVELONE_EQUITIES field 13. */
  exchange: string;
}

export const DEFAULT_UNDERLYINGS: readonly string[] = ['SPY', 'QQQ', 'IWM', 'AAPL', 'NVDA', 'TSLA', 'AMZN', 'META'];

const KNOWN: readonly UnderlyingProfile[] = [
  { symbol: 'SPY', description: 'SPDR S&P 500 ETF', price: 685, vol: 0.14, dailyExpiries: true, strikeStep: 1, flowWeight: 30, spreadCents: 1, dailyShares: 60e6, optionLiquidity: 1, atmOpenInterest: 25_000, exchange: 'P' },
  { symbol: 'QQQ', description: 'Invesco QQQ Trust', price: 615, vol: 0.19, dailyExpiries: true, strikeStep: 1, flowWeight: 16, spreadCents: 1, dailyShares: 40e6, optionLiquidity: 0.85, atmOpenInterest: 15_000, exchange: 'Q' },
  { symbol: 'IWM', description: 'iShares Russell 2000 ETF', price: 248, vol: 0.22, dailyExpiries: true, strikeStep: 1, flowWeight: 6, spreadCents: 1, dailyShares: 30e6, optionLiquidity: 0.6, atmOpenInterest: 12_000, exchange: 'P' },
  { symbol: 'AAPL', description: 'Apple Inc', price: 262, vol: 0.26, dailyExpiries: false, strikeStep: 2.5, flowWeight: 9, spreadCents: 1, dailyShares: 50e6, optionLiquidity: 0.6, atmOpenInterest: 10_000, exchange: 'Q' },
  { symbol: 'NVDA', description: 'NVIDIA Corp', price: 188, vol: 0.45, dailyExpiries: false, strikeStep: 2.5, flowWeight: 14, spreadCents: 1, dailyShares: 180e6, optionLiquidity: 0.8, atmOpenInterest: 20_000, exchange: 'Q' },
  { symbol: 'TSLA', description: 'Tesla Inc', price: 435, vol: 0.58, dailyExpiries: false, strikeStep: 2.5, flowWeight: 12, spreadCents: 2, dailyShares: 90e6, optionLiquidity: 0.7, atmOpenInterest: 12_000, exchange: 'Q' },
  { symbol: 'AMZN', description: 'Amazon.com Inc', price: 232, vol: 0.32, dailyExpiries: false, strikeStep: 2.5, flowWeight: 6, spreadCents: 1, dailyShares: 40e6, optionLiquidity: 0.5, atmOpenInterest: 8_000, exchange: 'Q' },
  { symbol: 'META', description: 'Meta Platforms Inc', price: 715, vol: 0.35, dailyExpiries: false, strikeStep: 5, flowWeight: 7, spreadCents: 3, dailyShares: 12e6, optionLiquidity: 0.5, atmOpenInterest: 6_000, exchange: 'Q' },
];

/** A plausible mid-cap profile for a ticker the table does not know, stable per ticker. */
function inventedProfile(symbol: string): UnderlyingProfile {
  const key = hashString(symbol);
  const price = Math.round(30 + 270 * unitOf(key, 1));
  return {
    symbol,
    description: `${symbol} (simulated)`,
    price,
    vol: 0.25 + 0.35 * unitOf(key, 2),
    dailyExpiries: false,
    strikeStep: price < 50 ? 0.5 : price < 200 ? 1 : 2.5,
    flowWeight: 3,
    spreadCents: 1,
    dailyShares: 10e6,
    optionLiquidity: 0.4,
    atmOpenInterest: 3_000,
    exchange: 'N',
  };
}

export function profileOf(symbol: string): UnderlyingProfile {
  return KNOWN.find((p) => p.symbol === symbol) ?? inventedProfile(symbol);
}
