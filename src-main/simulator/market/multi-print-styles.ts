// Orders that print several times: sweeps (every venue at the touch within a few ms, often
// walking to the next levels) and splits (the same price a few hundred ms apart).
import { WHALE_MIN_PREMIUM } from './order-kind.ts';
import type { OrderPlan, PlannedPrint, StyleContext } from './order-plan.ts';
import { bookSideOf, canTrade, drawDirection, offBookPrint, touchCents } from './order-plan.ts';
import { insidePrice } from './ticks.ts';
import type { VenueSize } from './venue-book.ts';

const SWEEP_LEVELS = 16;
const SPLIT_MIN_GAP_MS = 350;
const SPLIT_MAX_GAP_MS = 950;

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/**
 * Takes everything shown at the touch, venue by venue a millisecond or two apart, then walks
 * one or more levels further; a whale keeps walking until its premium passes $100k.
 */
export function planSweep(ctx: StyleContext, whale: boolean): OrderPlan | null {
  const direction = drawDirection(ctx.random, 0.6);
  if (!canTrade(ctx.nbbo, direction)) return null;
  const side = bookSideOf(direction);
  const levels = ctx.contract.offsetLevels(side, SWEEP_LEVELS);
  const touch = levels[0];
  // A sweep takes more than the touch showed, so it needs a level behind the touch to walk into.
  if (!touch || levels.length < 2) return null;
  if (whale && touchCents(ctx.nbbo, direction) < 100) return null;
  const target = whale ? WHALE_MIN_PREMIUM * (1 + 2 * ctx.random()) : 0;
  const u = ctx.random();
  const walk = whale ? SWEEP_LEVELS : u < 0.55 ? 1 : u < 0.85 ? 2 : 3;
  const prints: PlannedPrint[] = [];
  let time = ctx.t;
  /** Dollars: price in cents x contracts x multiplier 100 / 100 cents. */
  let premium = 0;
  const add = (venue: VenueSize, offset: number, size: number, atTouch: boolean) => {
    const priceCents = ctx.contract.priceAt(side, offset);
    prints.push({ time, venue: venue.venue, venueIndex: venue.venueIndex, priceCents, size, take: { side, offset, atTouch }, refill: null });
    premium += priceCents * size;
    time += Math.floor(ctx.random() * 3);
  };
  for (const venue of shuffled(touch.venues, ctx.random)) add(venue, touch.offset, venue.size, true);
  // An ordinary sweep stops short of whale size; whales are drawn on purpose, at a known rate.
  const cap = whale ? Infinity : 0.9 * WHALE_MIN_PREMIUM;
  let done = false;
  for (let i = 1; i <= walk && i < levels.length && !done; i++) {
    const level = levels[i];
    if (!level) break;
    const lastLevel = i === walk || i === levels.length - 1;
    const price = ctx.contract.priceAt(side, level.offset);
    for (const venue of shuffled(level.venues, ctx.random)) {
      const room = Math.floor((cap - premium) / price);
      const partial = room < venue.size || (!whale && lastLevel && ctx.random() < 0.5);
      const size = partial ? Math.min(room, 1 + Math.floor(ctx.random() * venue.size)) : venue.size;
      if (size >= 1) add(venue, level.offset, size, false);
      done = whale ? premium >= target : partial || size < 1;
      if (done) break;
    }
  }
  // Taking more than the touch showed is what makes it a sweep, even when the touch alone was big.
  const next = levels[1]?.venues[0];
  if (prints.length === touch.venues.length && next && levels[1]) {
    add(next, levels[1].offset, 1 + Math.floor(ctx.random() * Math.min(5, next.size)), false);
  }
  return { contract: ctx.contract, style: 'sweep', direction, prints, repeaterGroup: null, spreadId: null };
}

/**
 * Two or three prints at one price a few hundred ms apart. At the touch, one venue is taken,
 * refills at the same price and is taken again, never more in total than the touch showed
 * (so it is no sweep); inside the spread, a midpoint cross fills in pieces.
 */
export function planSplit(ctx: StyleContext): OrderPlan | null {
  const direction = drawDirection(ctx.random);
  const pieces = ctx.random() < 0.7 ? 2 : 3;
  const gap = () => SPLIT_MIN_GAP_MS + Math.floor(ctx.random() * (SPLIT_MAX_GAP_MS - SPLIT_MIN_GAP_MS));
  const prints: PlannedPrint[] = [];
  const plan: OrderPlan = { contract: ctx.contract, style: 'split', direction, prints, repeaterGroup: null, spreadId: null };
  const side = bookSideOf(direction);
  const touch = ctx.contract.offsetLevels(side, 1)[0];
  if (ctx.random() < 0.55 && touch && touch.venues.length >= 2 && canTrade(ctx.nbbo, direction)) {
    // The smallest venue at the touch: refilling it keeps the total well under what was shown.
    const venue = touch.venues[touch.venues.length - 1] as VenueSize;
    const priceCents = ctx.contract.priceAt(side, touch.offset);
    let budget = touch.size - venue.size;
    let time = ctx.t;
    let size = venue.size;
    for (let k = 0; k < pieces; k++) {
      const next = time + gap();
      const nextSize = Math.min(budget, Math.max(1, Math.round(venue.size * (0.5 + 0.7 * ctx.random()))));
      const more = k + 1 < pieces && nextSize >= 1;
      const refill = more ? { at: next - 30 - Math.floor(ctx.random() * 150), offset: touch.offset, minSize: nextSize } : null;
      const take = { side, offset: touch.offset, atTouch: true };
      prints.push({ time, venue: venue.venue, venueIndex: venue.venueIndex, priceCents, size, take, refill });
      if (!more) break;
      budget -= nextSize;
      time = next;
      size = nextSize;
    }
    return prints.length >= 2 ? plan : null;
  }
  const { bidCents, askCents } = ctx.nbbo;
  const mid = bidCents > 0 ? insidePrice(bidCents, askCents, direction === 'BUY') : null;
  if (mid === null) return null;
  let time = ctx.t;
  const count = pieces + (ctx.random() < 0.3 ? 1 : 0);
  for (let k = 0; k < count; k++) {
    prints.push(offBookPrint(ctx, time, mid, 5 + Math.floor(ctx.random() * 60)));
    time += gap();
  }
  return plan;
}

/**
 * `conflated-block` (evaluation case): one order filled inside the spread in two or three large
 * pieces (100-250 contracts each) at one price, 100-400 ms apart, so they usually share one
 * conflated update whose last print alone looks like a block. Its truth is a SPLIT.
 */
export function planLargePieces(ctx: StyleContext): OrderPlan | null {
  const direction = drawDirection(ctx.random);
  const { bidCents, askCents } = ctx.nbbo;
  const price = bidCents > 0 ? insidePrice(bidCents, askCents, direction === 'BUY') : null;
  if (price === null) return null;
  const pieces = ctx.random() < 0.6 ? 2 : 3;
  const prints: PlannedPrint[] = [];
  let time = ctx.t;
  let premium = 0;
  for (let k = 0; k < pieces; k++) {
    const size = 100 + Math.floor(ctx.random() * 151);
    premium += price * size;
    // Never a whale: whales come from blocks and sweeps.
    if (premium >= WHALE_MIN_PREMIUM) break;
    prints.push(offBookPrint(ctx, time, price, size));
    time += 100 + Math.floor(ctx.random() * 300);
  }
  return prints.length >= 2 ? { contract: ctx.contract, style: 'split', direction, prints, repeaterGroup: null, spreadId: null } : null;
}
