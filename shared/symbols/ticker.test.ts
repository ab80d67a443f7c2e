import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TICKER_MAX_LENGTH, tryParseTicker } from './ticker.ts';

describe('the ticker grammar', () => {
  it('accepts tickers, indexes and class shares, upper-cased', () => {
    for (const [input, ticker] of [
      ['spy', 'SPY'],
      [' $spx ', '$SPX'],
      ['BRK.B', 'BRK.B'],
      ['BF/B', 'BF/B'],
      ['A', 'A'],
      ['ABCDEFGHIJ', 'ABCDEFGHIJ'],
      ['$ABCDEFGHIJ', '$ABCDEFGHIJ'],
    ]) {
      expect(tryParseTicker(input as string)).toEqual({ ok: true, ticker });
    }
  });

  it('refuses what the streamer could not subscribe, saying why', () => {
    for (const input of ['', '1ABC', 'ABCDEFGHIJK', '$ABCDEFGHIJK', 'SPY.', 'A..B', 'BRK.BBBB', 'S P Y', 'SPY$', '$', '.A', 'SPY   261218C00600000']) {
      const parsed = tryParseTicker(input);
      expect(parsed.ok, input).toBe(false);
    }
    expect(tryParseTicker('ABCDEFGHIJK')).toMatchObject({ ok: false, error: expect.stringMatching(/longer than a ticker/) });
  });

  it('never accepts more than the streamer takes: at most 10 characters after an optional $', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (input) => {
        const parsed = tryParseTicker(input);
        if (!parsed.ok) return;
        const body = parsed.ticker.replace(/^\$/, '');
        expect(body.length).toBeLessThanOrEqual(TICKER_MAX_LENGTH);
        expect(body).toMatch(/^[A-Z][A-Z0-9./]*$/);
      }),
      { numRuns: 2000 },
    );
  });
});
