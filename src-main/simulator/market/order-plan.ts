// The shape of a parent order once decided: every print it will make, with where in the book
// each one takes its size from. Styles decide plans from the book at the order's start; the
// order flow executes each print at its own time.
import type { Random } from '../../util/random.ts';
import type { OptionContractState, Nbbo } from './option-contract.ts';
import type { ParentOrderTruth, SimCase } from './market.ts';
import type { BookSide, OffsetLevel, VenueSize } from './venue-book.ts';
import type { StrategyType } from '../../../shared/domain/strategy.ts';

export type Direction = 'BUY' | 'SELL';

/** Orders on one contract stay this far apart, so a 1 s conflated feed can tell them apart. */
export const BUSY_GAP_MS = 3_000;
/** Contracts an arriving order tries before it is dropped. */
export const ATTEMPTS = 8;

export interface PlannedTake {
  side: BookSide;
  offset: number;
  /** Taking at the touch the order saw: an emptied venue here counts toward "venues depleted". */
  atTouch: boolean;
}

export interface PlannedPrint {
  time: number;
  venue: string;
  venueIndex: number;
  priceCents: number;
  size: number;
  /** Off-book prints (mid crosses, blocks, spread legs) take nothing from the displayed book. */
  take: PlannedTake | null;
  /** After this print, the venue comes back at this time and ladder offset (a split's refill). */
  refill: { at: number; offset: number; minSize: number } | null;
}

export interface OrderPlan {
  contract: OptionContractState;
  style: ParentOrderTruth['style'];
  direction: Direction;
  prints: PlannedPrint[];
  repeaterGroup: string | null;
  spreadId: string | null;
  /** The strategy a multi-leg order's legs make (strategy-orders.ts). */
  strategyType?: StrategyType;
  /** Evaluation cases only (tools/eval): which case, its group, and when the trade is busted. */
  case?: SimCase;
  caseGroup?: string;
  bustAt?: number;
}

/** What a style sees when it decides: the contract refreshed to `t` and its NBBO. */
export interface StyleContext {
  t: number;
  random: Random;
  contract: OptionContractState;
  nbbo: Nbbo;
}

export function bookSideOf(direction: Direction): BookSide {
  return direction === 'BUY' ? 'ask' : 'bid';
}

export function touchCents(nbbo: Nbbo, direction: Direction): number {
  return direction === 'BUY' ? nbbo.askCents : nbbo.bidCents;
}

export function shownSize(nbbo: Nbbo, direction: Direction): number {
  return direction === 'BUY' ? nbbo.askSize : nbbo.bidSize;
}

/** A venue from a level, more likely the more it shows. */
export function venueBySize(level: OffsetLevel, random: Random): VenueSize | null {
  let target = random() * level.size;
  for (const venue of level.venues) {
    target -= venue.size;
    if (target < 0) return venue;
  }
  return level.venues[level.venues.length - 1] ?? null;
}

/** Any venue the contract lists, for prints that do not come from the displayed book. */
export function anyVenue(ctx: StyleContext): { venue: string; venueIndex: number } {
  const venues = ctx.contract.book.venues;
  const venueIndex = Math.floor(ctx.random() * venues.length);
  return { venue: venues[venueIndex] as string, venueIndex };
}

export function offBookPrint(ctx: StyleContext, time: number, priceCents: number, size: number): PlannedPrint {
  return { time, ...anyVenue(ctx), priceCents, size, take: null, refill: null };
}

/** Buyers lean on calls a little more than sellers. */
export function drawDirection(random: Random, buyShare = 0.58): Direction {
  return random() < buyShare ? 'BUY' : 'SELL';
}

/** A side is tradable when it has a price; selling needs a bid. */
export function canTrade(nbbo: Nbbo, direction: Direction): boolean {
  return direction === 'BUY' ? nbbo.askOffset !== null : nbbo.bidOffset !== null && nbbo.bidCents > 0;
}
