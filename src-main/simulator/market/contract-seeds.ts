// The per-contract constants a new contract starts from: liquidity, book shape, open interest,
// yesterday's close and today's volume so far. They are keyed by (market seed, symbol) and
// computed from the market's start, never from the moment the contract was first read.
import type { OptionContract } from '../../../shared/domain/market.ts';
import { etMsSinceMidnight } from '../../../shared/time/eastern.ts';
import { gaussian } from '../../util/random.ts';
import { hashKey, hashString, randomFor } from './keyed-random.ts';
import { floorToTick } from './ticks.ts';
import type { UnderlyingSim } from './underlying.ts';
import type { BookShape } from './venue-book.ts';
import { theoOf, YEAR_MS } from './volatility.ts';

const DAY_MS = 86_400_000;
const OPEN_MS = 9.5 * 3_600_000;
const SESSION_MS = 6.5 * 3_600_000;

export interface ContractSeeds {
  seed: number;
  /** 0..1: 1 is a near-term at-the-money SPY contract. */
  liquidity: number;
  ivTilt: number;
  /** Quoted spread as a fraction of theo. */
  spreadFraction: number;
  book: BookShape;
  openInterest: number;
  close: number;
  volume: number;
  last: number;
  high: number;
  low: number;
  tradeTime: number;
}

/** Standard deviations out of the money over the life of the contract, from the reference spot. */
function moneynessZ(contract: OptionContract, underlying: UnderlyingSim, years: number): number {
  const spread = underlying.profile.vol * Math.sqrt(Math.max(years, 1 / 365) + 1 / 365);
  return Math.abs(Math.log(contract.strike / underlying.referenceSpot)) / spread;
}

function isThirdFriday(expiry: string): boolean {
  const day = Number(expiry.slice(8, 10));
  return new Date(`${expiry}T12:00:00Z`).getUTCDay() === 5 && day >= 15 && day <= 21;
}

export function contractSeeds(
  contract: OptionContract,
  underlying: UnderlyingSim,
  expiryClose: number,
  marketSeed: number,
  marketStart: number,
): ContractSeeds {
  const seed = hashKey(marketSeed, hashString(contract.symbol));
  const random = randomFor(seed, 0x5eed);
  const profile = underlying.profile;
  const years = Math.max(0, (expiryClose - marketStart) / YEAR_MS);
  const z = moneynessZ(contract, underlying, years);
  const days = years * 365;
  const liquidity = profile.optionLiquidity * Math.exp((-z * z) / 3) / (1 + days / 20);
  const ivTilt = (random() - 0.5) * 0.04;
  const spreadFraction = (0.012 + 0.03 * (1 - Math.min(1, liquidity))) * (0.7 + 0.8 * random());
  const monthly = isThirdFriday(contract.expiry) ? 2.5 : 1;
  const openInterest = Math.round(
    profile.atmOpenInterest * monthly * Math.exp((-z * z) / 4) * Math.exp(0.5 * gaussian(random)) * (days < 1 ? 0.6 : 1),
  );
  const elapsed = Math.min(1, Math.max(0.03, (etMsSinceMidnight(marketStart) - OPEN_MS) / SESSION_MS));
  const volume = Math.max(1, Math.round(
    (openInterest * (0.1 + 1.2 * Math.min(1, liquidity)) + 20 * random()) * elapsed * Math.exp(0.4 * gaussian(random)),
  ));
  const vol = profile.vol;
  const ref = underlying.referenceSpot;
  const yesterday = theoOf(contract, underlying.previousClose, expiryClose, marketStart - DAY_MS, vol, ref, ivTilt).price;
  const today = theoOf(contract, ref, expiryClose, marketStart, vol, ref, ivTilt).price;
  // Displayed size shrinks as the price grows: market makers quote risk, not contract counts.
  const priceScale = Math.min(1.5, Math.sqrt(1.5 / Math.max(today, 0.05)));
  const book: BookShape = {
    seed,
    venueCount: Math.round(5 + 10 * Math.sqrt(Math.min(1, liquidity)) + random()),
    touchSize: Math.max(2, Math.round(22 * Math.pow(Math.max(liquidity, 0.01), 0.5) * priceScale * (0.7 + 0.6 * random()))),
    depth: 2 + Math.floor(4 * Math.min(1, liquidity) + 2 * random()),
  };
  const cents = (value: number) => Math.max(1, floorToTick(value * 100 * Math.exp(0.03 * gaussian(random))));
  const closeCents = cents(yesterday);
  const lastCents = cents(today);
  return {
    seed,
    liquidity,
    ivTilt,
    spreadFraction,
    book,
    openInterest,
    close: closeCents / 100,
    volume,
    last: lastCents / 100,
    high: Math.round(Math.max(lastCents, closeCents) * (1 + 0.08 * random())) / 100,
    low: Math.round(Math.min(lastCents, closeCents) * (1 - 0.08 * random())) / 100,
    tradeTime: marketStart - Math.floor(random() * 20 * 60_000),
  };
}
