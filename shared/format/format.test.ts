import { describe, expect, it } from 'vitest';
import { parseOptionSymbol } from '../symbols/option-symbol.ts';
import * as format from './format.ts';
import { formatContract } from './format.ts';

describe('formatContract', () => {
  it('writes root, short expiry, strike without trailing zeros and the right', () => {
    expect(formatContract(parseOptionSymbol('SPY   241129C00450000'))).toBe("SPY Nov 29 '24 450C");
    expect(formatContract(parseOptionSymbol('SPXW  240422C05040500'))).toBe(
      "SPXW Apr 22 '24 5040.5C",
    );
    expect(formatContract(parseOptionSymbol('QQQ   240621P00404780'))).toBe(
      "QQQ Jun 21 '24 404.78P",
    );
    expect(formatContract(parseOptionSymbol('IGC_082021P3.5'))).toBe("IGC Aug 20 '21 3.5P");
    expect(formatContract({ root: 'X', expiry: '2025-01-03', right: 'C', strikeMilli: 8050 })).toBe(
      "X Jan 3 '25 8.05C",
    );
  });
});

describe('format.ts', () => {
  it('is the one import for every formatter', () => {
    const names = [
      'formatPremium',
      'tickSizeFor',
      'roundToTick',
      'formatPrice',
      'formatSize',
      'formatPercent',
      'formatSignedPercent',
      'formatRatio',
      'formatNumber',
      'formatTimeEt',
      'formatDateTimeEt',
      'formatExpiryShort',
      'formatDte',
      'formatDuration',
      'formatContract',
    ];
    for (const name of names)
      expect(typeof (format as Record<string, unknown>)[name], name).toBe('function');
  });
});
