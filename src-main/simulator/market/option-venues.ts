// The venues that quote option books in the simulator: the live set of codes, and the draw of
// which of them quote a contract (venue-book.ts), by their share of volume.

/**
 * The venue codes of a live OPTIONS_BOOK frame (GOOGL 251212C00315000, Dec 2025), with a rough
 * share of option volume each, which sets how likely a contract is to be quoted there.
 */
const VENUE_SHARES: readonly (readonly [string, number])[] = [
  ['CBOE', 12], ['PHLX', 9], ['ISEX', 7], ['AMEX', 7], ['PACX', 7], ['MIAX', 6], ['EDGX', 5], ['BATS', 5],
  ['NSDQ', 5], ['BOSX', 4], ['XBXO', 4], ['MEMX', 4], ['GMNI', 3], ['MERC', 2], ['NYSE', 2], ['S', 2],
];

export const OPTION_VENUES: readonly string[] = VENUE_SHARES.map(([code]) => code);
/** A book never has more venues than the live set: 16. */
export const MAX_VENUES = OPTION_VENUES.length;

/** `count` distinct venues, drawn by their share of volume. */
export function pickVenues(count: number, random: () => number): string[] {
  const pool = [...VENUE_SHARES];
  const venues: string[] = [];
  while (venues.length < count && pool.length > 0) {
    let target = random() * pool.reduce((sum, [, share]) => sum + share, 0);
    let i = 0;
    while (i < pool.length - 1 && (target -= (pool[i] as readonly [string, number])[1]) >= 0) i++;
    venues.push((pool.splice(i, 1)[0] as readonly [string, number])[0]);
  }
  return venues;
}
