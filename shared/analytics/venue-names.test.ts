import { describe, expect, it } from 'vitest';
import { UNCERTAIN_VENUE_CODES, VENUE_NAMES, venueName, venueTitle } from './venue-names.ts';

// The 16 codes of the live GOOGL book (docs/schwab-streaming.md §9).
const LIVE_CODES = ['S', 'PACX', 'MEMX', 'MIAX', 'AMEX', 'BATS', 'PHLX', 'BOSX', 'EDGX', 'ISEX', 'XBXO', 'MERC', 'CBOE', 'NYSE', 'GMNI', 'NSDQ'];

describe('venueName', () => {
  it('gives the names traders know for the codes whose exchange is certain', () => {
    expect(LIVE_CODES.map(venueName)).toEqual(['S', 'ARCA', 'MEMX', 'MIAX', 'AMEX', 'BZX', 'PHLX', 'BOX', 'EDGX', 'ISE', 'BX', 'MRX', 'CBOE', 'NYSE', 'GEMX', 'NOM']);
  });

  it('shows uncertain and unknown codes as sent, never a guess', () => {
    for (const code of [...UNCERTAIN_VENUE_CODES, 'XYZ', 'toString', '']) expect(venueName(code)).toBe(code);
    expect(Object.keys(VENUE_NAMES)).toHaveLength(14);
    for (const code of UNCERTAIN_VENUE_CODES) expect(VENUE_NAMES).not.toHaveProperty(code);
  });
});

describe('venueTitle', () => {
  it('names the exchange with the code', () => {
    expect(venueTitle('ISEX')).toBe('Nasdaq ISE (ISEX)');
    expect(venueTitle('PACX')).toBe('NYSE Arca Options (PACX)');
  });

  it('says when the exchange is not known', () => {
    expect(venueTitle('S')).toBe('S (exchange not known)');
    expect(venueTitle('constructor')).toBe('constructor (exchange not known)');
  });
});
