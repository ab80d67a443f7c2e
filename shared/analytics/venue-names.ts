// Schwab's OPTIONS_BOOK venue codes as the names traders know them (FLOW-RULES.md §7). Schwab
// does not publish what its codes mean; each name below is the options exchange whose usual
// abbreviation or operator the code plainly matches. Two codes of the live book have no certain
// exchange and are shown as sent: `S` (no exchange is called S; it may be a consolidated or
// Schwab-side entry) and `NYSE` (NYSE itself lists no options; its options markets are Arca and
// American, which already have their own codes). Unknown codes are shown as sent too: a wrong
// exchange name on a venue would mislead more than its raw code.

interface VenueInfo {
  /** The short name on screen. */
  readonly name: string;
  /** The exchange's full name, for the hover text. */
  readonly title: string;
}

const VENUES: Readonly<Record<string, VenueInfo>> = {
  CBOE: { name: 'CBOE', title: 'Cboe Options Exchange' },
  PHLX: { name: 'PHLX', title: 'Nasdaq PHLX' },
  ISEX: { name: 'ISE', title: 'Nasdaq ISE' },
  AMEX: { name: 'AMEX', title: 'NYSE American Options' },
  PACX: { name: 'ARCA', title: 'NYSE Arca Options' },
  MIAX: { name: 'MIAX', title: 'MIAX Options' },
  EDGX: { name: 'EDGX', title: 'Cboe EDGX Options' },
  BATS: { name: 'BZX', title: 'Cboe BZX Options' },
  NSDQ: { name: 'NOM', title: 'Nasdaq Options Market' },
  BOSX: { name: 'BOX', title: 'BOX Options Exchange' },
  XBXO: { name: 'BX', title: 'Nasdaq BX Options' },
  MEMX: { name: 'MEMX', title: 'MEMX Options' },
  GMNI: { name: 'GEMX', title: 'Nasdaq GEMX' },
  MERC: { name: 'MRX', title: 'Nasdaq MRX' },
};

/** Schwab's venue code -> the short name traders use, for the codes whose exchange is certain. */
export const VENUE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(VENUES).map(([code, info]) => [code, info.name]),
);

/** Codes seen on live Schwab books whose exchange is not certain: shown as sent. */
export const UNCERTAIN_VENUE_CODES: readonly string[] = ['S', 'NYSE'];

const known = (code: string): VenueInfo | undefined =>
  Object.hasOwn(VENUES, code) ? VENUES[code] : undefined;

/** The name to show for a venue code: ISEX -> ISE, PACX -> ARCA; an uncertain or unknown code as sent. */
export function venueName(code: string): string {
  return known(code)?.name ?? code;
}

/** The hover text: "Nasdaq ISE (ISEX)"; for an uncertain or unknown code, says so. */
export function venueTitle(code: string): string {
  const info = known(code);
  return info === undefined ? `${code} (exchange not known)` : `${info.title} (${code})`;
}
