// Orders that print once: retail singles, blocks, one hit of a repeater and one spread leg.
// Sizes are chosen so the published rules give the intended kind: a single stays under the
// block thresholds, a block never takes displayed size, and no single aggressive print exceeds
// the size shown on its side (which would make it a sweep).
import { gaussian } from '../../util/random.ts';
import { BLOCK_MIN_CONTRACTS, BLOCK_MIN_PREMIUM, WHALE_MIN_PREMIUM } from './order-kind.ts';
import type { Direction, OrderPlan, PlannedPrint, StyleContext } from './order-plan.ts';
import { bookSideOf, canTrade, drawDirection, offBookPrint, shownSize, touchCents, venueBySize } from './order-plan.ts';
import { insidePrice, tickDown, tickUp } from './ticks.ts';

/** Premium in dollars of `size` contracts at `cents` is cents x size (multiplier 100). */
const maxSizeUnder = (premium: number, cents: number) => Math.floor((premium - 0.01) / cents);

function retailSize(ctx: StyleContext): number {
  const u = ctx.random();
  return 1 + Math.floor(19 * u * u * u);
}

/** One print at the touch, taken from one venue there, no bigger than that venue shows. */
export function touchPrint(ctx: StyleContext, direction: Direction, wanted: number): PlannedPrint | null {
  const side = bookSideOf(direction);
  const level = ctx.contract.offsetLevels(side, 1)[0];
  if (!level || !canTrade(ctx.nbbo, direction)) return null;
  const venue = venueBySize(level, ctx.random);
  if (!venue) return null;
  const size = Math.min(wanted, venue.size);
  return {
    time: ctx.t,
    venue: venue.venue,
    venueIndex: venue.venueIndex,
    priceCents: touchCents(ctx.nbbo, direction),
    size,
    take: { side, offset: level.offset, atTouch: true },
    refill: null,
  };
}

function single(ctx: StyleContext, style: OrderPlan['style'], direction: Direction, print: PlannedPrint): OrderPlan {
  return { contract: ctx.contract, style, direction, prints: [print], repeaterGroup: null, spreadId: null };
}

/** 1-20 contracts, mostly at the touch, sometimes at mid; always under the block thresholds. */
export function planRetail(ctx: StyleContext): OrderPlan | null {
  let direction = drawDirection(ctx.random);
  if (!canTrade(ctx.nbbo, direction)) direction = 'BUY';
  const atMid = ctx.random() < 0.18;
  const mid = insidePrice(ctx.nbbo.bidCents, ctx.nbbo.askCents, direction === 'BUY');
  const price = atMid && mid !== null && ctx.nbbo.bidCents > 0 ? mid : touchCents(ctx.nbbo, direction);
  const size = Math.min(retailSize(ctx), maxSizeUnder(BLOCK_MIN_PREMIUM, price));
  if (!(size >= 1) || size >= BLOCK_MIN_CONTRACTS) return null;
  const print = price === mid ? offBookPrint(ctx, ctx.t, price, size) : touchPrint(ctx, direction, size);
  return print ? single(ctx, 'retail', direction, print) : null;
}

/** One print inside the spread, near mid, leaning toward the initiator; nothing taken from the book. */
export function planBlock(ctx: StyleContext, whale: boolean): OrderPlan | null {
  const direction = drawDirection(ctx.random, 0.55);
  const { bidCents, askCents } = ctx.nbbo;
  let price = bidCents > 0 ? insidePrice(bidCents, askCents, direction === 'BUY') : null;
  if (price === null) return null;
  const leaned = price + (direction === 'BUY' ? 1 : -1);
  if (ctx.random() < 0.3 && leaned > bidCents && leaned < askCents) price = leaned;
  let size: number;
  if (whale) {
    const target = WHALE_MIN_PREMIUM * Math.exp(ctx.random() * Math.log(12));
    size = Math.max(BLOCK_MIN_CONTRACTS, Math.ceil(target / price));
    if (size > 20_000) return null;
  } else {
    const low = Math.min(BLOCK_MIN_CONTRACTS, Math.ceil(BLOCK_MIN_PREMIUM / price));
    const high = maxSizeUnder(WHALE_MIN_PREMIUM, price);
    if (high < low) return null;
    const drawn = Math.round(100 + 150 * Math.exp(0.6 * gaussian(ctx.random)));
    size = Math.max(low, Math.min(high, drawn));
  }
  return single(ctx, 'block', direction, offBookPrint(ctx, ctx.t, price, size));
}

/**
 * One hit of a repeater at the group's fixed price. At the current touch it takes from one venue;
 * when the quote has moved it prints off the book at the old price, never more than is shown.
 */
export function planRepeaterHit(ctx: StyleContext, direction: Direction, priceCents: number, size: number, group: string): OrderPlan | null {
  const n = ctx.nbbo;
  // Repeaters and spread legs are never whales: whales come from blocks and sweeps.
  const wanted = Math.min(size, maxSizeUnder(WHALE_MIN_PREMIUM, priceCents));
  let print: PlannedPrint | null;
  if (priceCents === touchCents(n, direction) && canTrade(n, direction)) {
    print = touchPrint(ctx, direction, wanted);
  } else {
    const crossing = direction === 'BUY' ? priceCents >= n.askCents : priceCents <= n.bidCents;
    const size = crossing ? Math.min(wanted, shownSize(n, direction)) : wanted;
    print = size >= 1 ? offBookPrint(ctx, ctx.t, priceCents, size) : null;
  }
  if (!print) return null;
  return { ...single(ctx, 'repeater', direction, print), repeaterGroup: group };
}

/** A spread leg prints outside its own quote (above the ask when bought), off the book. */
export function planSpreadLeg(ctx: StyleContext, direction: Direction, time: number, size: number, venue: string, spreadId: string): OrderPlan | null {
  const n = ctx.nbbo;
  if (!canTrade(n, direction)) return null;
  const ticks = 1 + Math.floor(ctx.random() * 3);
  let price = touchCents(n, direction);
  for (let i = 0; i < ticks; i++) price = direction === 'BUY' ? tickUp(price) : tickDown(price);
  if (price < 1) return null;
  const legSize = Math.min(size, shownSize(n, direction), maxSizeUnder(WHALE_MIN_PREMIUM, price));
  if (legSize < 1) return null;
  const venueIndex = Math.max(0, ctx.contract.book.venues.indexOf(venue));
  const print: PlannedPrint = { time, venue, venueIndex, priceCents: price, size: legSize, take: null, refill: null };
  return { contract: ctx.contract, style: 'spread-leg', direction, prints: [print], repeaterGroup: null, spreadId };
}

// Evaluation cases (tools/eval; see SimCase in market.ts).

/**
 * `quote-move`: one print against the quote that just moved, off the book (the venue's quote after
 * the fill comes later): 60% at the touch, crossing it; otherwise inside the spread leaning toward
 * the initiator. Retail sizes, never more than the touch shows.
 */
export function planQuoteMovePrint(ctx: StyleContext): OrderPlan | null {
  const n = ctx.nbbo;
  const direction = drawDirection(ctx.random);
  if (!canTrade(n, direction) || !(n.bidCents > 0)) return null;
  const atTouch = ctx.random() < 0.6;
  const inside = insidePrice(n.bidCents, n.askCents, direction === 'BUY');
  const price = atTouch || inside === null ? touchCents(n, direction) : inside;
  const size = Math.min(retailSize(ctx) + Math.floor(ctx.random() * 10), shownSize(n, direction), maxSizeUnder(BLOCK_MIN_PREMIUM, price));
  if (!(size >= 1)) return null;
  return single(ctx, 'retail', direction, offBookPrint(ctx, ctx.t, price, size));
}

/**
 * `limit-fill`: a customer's limit order resting alone at the touch, filled whole by a market
 * maker: a buy at the bid (or a sell at the ask) of exactly the size shown there. Small books
 * only (at most 60 contracts shown), as customer orders are.
 */
export function planLimitFill(ctx: StyleContext): OrderPlan | null {
  const n = ctx.nbbo;
  const direction = drawDirection(ctx.random);
  // The customer buys at the bid, so the bid must be there; a seller rests at the ask.
  const size = direction === 'BUY' ? n.bidSize : n.askSize;
  const price = direction === 'BUY' ? n.bidCents : n.askCents;
  if (!(price > 0) || !(size >= 1) || size > 60 || n.bidSize === n.askSize || price * size >= BLOCK_MIN_PREMIUM) return null;
  return { ...single(ctx, 'limit-fill', direction, offBookPrint(ctx, ctx.t, price, size)) };
}

/** `mid-spread`: one leg of a multi-leg order, at its own mid (leaning a cent its way), off the book. */
export function planMidLeg(ctx: StyleContext, direction: Direction, time: number, size: number, spreadId: string): OrderPlan | null {
  const n = ctx.nbbo;
  if (!(n.bidCents > 0) || n.askOffset === null) return null;
  const mid = (n.bidCents + n.askCents) / 2;
  const price = Number.isInteger(mid) && ctx.random() < 0.5 ? mid : insidePrice(n.bidCents, n.askCents, direction === 'BUY') ?? (Number.isInteger(mid) ? mid : null);
  if (price === null || size < 1 || price * size >= WHALE_MIN_PREMIUM) return null;
  return { contract: ctx.contract, style: 'mid-spread', direction, prints: [offBookPrint(ctx, time, price, size)], repeaterGroup: null, spreadId };
}
