// The fault endpoint's scripted book events (server/fault-route.ts: book-refill, book-pull), for
// end-to-end tests of the book window's event detection: one venue on one side's touch, now.
// - refill: a trade prints against the venue's whole size at the touch (Level 1 shows it: last
//   price, last size, volume, trade time), and REFILL_DELAY_MS later the venue shows the same size
//   at the same price again with a new quote time, held against its own re-posts long enough for
//   the next conflated book to show it: an iceberg's refill.
// - pull: the venue's size at the touch leaves with no print and it posts nothing on that side for
//   PULL_AWAY_MS.
// - hold: no event; the contract's prices and the venues' sizes on the side asked hold still
//   (re-posts wait) and no new order starts on it for HOLD_MS. A client sees its book only about once a second, so a test that holds first and
//   waits for a book stamped after the hold knows the touch the refill or pull will act on is the
//   one it has seen (without it the book it last saw can be up to a second older than the print).
// Meanwhile the contract's prices hold still and no new simulated order starts on it, so the next
// conflated book shows the event at the touch price the answer names.
// Deterministic: the venue is a function of the book at the request's market time.
import type { BookTruthTracker } from './book-truth.ts';
import type { BookScriptDone, BookScriptRefused, BookScriptRequest } from './market.ts';
import type { OptionContractState } from './option-contract.ts';
import { dollars } from './ticks.ts';
import type { VenueSize } from './venue-book.ts';

/** The refilled size shows this long after the print. */
export const REFILL_DELAY_MS = 300;
/** The refilled size stands against the venue's re-posts this long (two conflated book intervals). */
export const REFILL_HOLD_MS = 2_000;
/** A pulled venue posts nothing new on that side for this long. */
export const PULL_AWAY_MS = 6_000;
/** No new order of the simulated flow starts on the contract for this long, so nothing else prints. */
export const SCRIPT_QUIET_MS = 5_000;
/**
 * The contract's prices hold still this long (theo does not follow the underlying), so the next
 * conflated book (at most a second and a bit later) shows the event at the same touch price.
 */
export const SCRIPT_PRICE_HOLD_MS = REFILL_DELAY_MS + REFILL_HOLD_MS;
/** book-hold: long enough for a book to reach the client and the refill or pull to follow. */
export const HOLD_MS = 6_000;

/**
 * The venue to script: the one asked for, else the largest at the touch. When the touch has more
 * than one venue, taking or pulling one leaves the touch price where it is.
 */
function pickVenue(venues: readonly VenueSize[], wanted: string | undefined): VenueSize | null {
  if (wanted !== undefined) return venues.find((v) => v.venue === wanted) ?? null;
  return venues[0] ?? null;
}

export function scriptBookEvent(
  contract: OptionContractState,
  request: BookScriptRequest,
  t: number,
  tracker: BookTruthTracker | null,
): BookScriptDone | BookScriptRefused {
  const { side } = request;
  contract.refresh(t);
  const touch = contract.isExpired(t) ? undefined : contract.offsetLevels(side, 1)[0];
  if (!touch || touch.venues.length === 0)
    return { ok: false, reason: 'not-at-touch', message: `${contract.symbol} has no ${side} at the touch now.` };
  const chosen = pickVenue(touch.venues, request.venue);
  const price = dollars(contract.priceAt(side, touch.offset));
  if (!chosen) {
    const there = touch.venues.map((v) => v.venue).join(', ');
    return {
      ok: false,
      reason: 'not-at-touch',
      message: `Venue "${request.venue ?? ''}" is not at the ${side} touch of ${contract.symbol} (${price.toFixed(2)}: ${there}).`,
    };
  }
  const size = chosen.size;
  if (request.kind === 'hold') {
    contract.busyUntil = Math.max(contract.busyUntil, t + HOLD_MS);
    contract.pricesHeldUntil = Math.max(contract.pricesHeldUntil, t + HOLD_MS);
    // The side's venues hold their sizes too, so the venue and size a test reads in the next book
    // are the ones a refill or pull then acts on; the other side moves on, so books keep coming.
    contract.book.holdQuotes(side, t + HOLD_MS);
    return { ok: true, symbol: contract.symbol, side, venue: chosen.venue, price, size, time: t };
  }
  contract.busyUntil = Math.max(contract.busyUntil, t + SCRIPT_QUIET_MS);
  contract.pricesHeldUntil = Math.max(contract.pricesHeldUntil, t + SCRIPT_PRICE_HOLD_MS);
  tracker?.markScripted(side, chosen.venueIndex);
  if (request.kind === 'pull') {
    contract.book.pull(side, chosen.venueIndex, touch.offset, t, t + PULL_AWAY_MS);
  } else {
    contract.take(side, chosen.venueIndex, touch.offset, size, t, REFILL_DELAY_MS);
    contract.book.planExactRefill(side, chosen.venueIndex, t + REFILL_DELAY_MS, touch.offset, size, t + REFILL_DELAY_MS + REFILL_HOLD_MS);
    contract.applyPrint(t, contract.priceAt(side, touch.offset), size);
  }
  return { ok: true, symbol: contract.symbol, side, venue: chosen.venue, price, size, time: t };
}
