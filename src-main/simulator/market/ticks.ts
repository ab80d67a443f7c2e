// Option prices on the penny-pilot grid, held as integer cents so that stepping and comparing
// prices never meets floating-point noise: under $3 the tick is $0.01, from $3 up it is $0.05.

/** The first price quoted in nickels. */
export const NICKEL_FROM_CENTS = 300;

/** The next valid price above a valid price. */
export function tickUp(cents: number): number {
  return cents >= NICKEL_FROM_CENTS ? cents + 5 : cents + 1;
}

/** The next valid price below a valid price (3.00 steps down to 2.99). */
export function tickDown(cents: number): number {
  return cents > NICKEL_FROM_CENTS ? cents - 5 : cents - 1;
}

/** The highest valid price at or below `cents`. */
export function floorToTick(cents: number): number {
  const whole = Math.floor(cents + 1e-9);
  return whole < NICKEL_FROM_CENTS ? whole : Math.floor(whole / 5) * 5;
}

/** The lowest valid price at or above `cents`. */
export function ceilToTick(cents: number): number {
  const whole = Math.ceil(cents - 1e-9);
  return whole <= NICKEL_FROM_CENTS ? whole : Math.ceil(whole / 5) * 5;
}

export function isOnTick(cents: number): boolean {
  return Number.isInteger(cents) && (cents < NICKEL_FROM_CENTS || cents % 5 === 0);
}

/** Dollars from cents: 115 gives the same double as the literal 1.15. */
export function dollars(cents: number): number {
  return cents / 100;
}

/**
 * A price strictly inside bid..ask near the mid, leaning up for buyers and down for sellers,
 * or null when the spread has no cent inside it. Prints inside the spread (price improvement,
 * crosses) may use any cent, not just the quoting tick.
 */
export function insidePrice(bidCents: number, askCents: number, leanUp: boolean): number | null {
  const mid = (bidCents + askCents) / 2;
  const price = leanUp ? Math.ceil(mid) : Math.floor(mid);
  return price > bidCents && price < askCents ? price : null;
}
