import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OptionSymbolError } from './option-symbol.ts';
import {
  SymbolError,
  SymbolListError,
  classifySymbol,
  parseSymbolList,
  symbolKey,
} from './symbol-list.ts';

function listError(text: string): SymbolListError {
  try {
    parseSymbolList(text);
  } catch (error) {
    if (error instanceof SymbolListError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('classifySymbol', () => {
  it('reads equity tickers, class shares and indexes, upper-cased', () => {
    expect(classifySymbol('SPY')).toEqual({ kind: 'equity', symbol: 'SPY' });
    expect(classifySymbol(' brk.b ')).toEqual({ kind: 'equity', symbol: 'BRK.B' });
    expect(classifySymbol('$spx')).toEqual({ kind: 'equity', symbol: '$SPX' });
    expect(classifySymbol('A')).toEqual({ kind: 'equity', symbol: 'A' });
  });

  it('reads option symbols in all three spellings', () => {
    const expected = { kind: 'option', contract: { symbol: 'SPY   241129C00450000', strike: 450 } };
    expect(classifySymbol('SPY   241129C00450000')).toMatchObject(expected);
    expect(classifySymbol('SPY241129C00450000')).toMatchObject(expected);
    expect(classifySymbol('spy_112924c450')).toMatchObject(expected);
  });

  it('passes on the option parser’s precise complaint for option-shaped text', () => {
    let caught: unknown;
    try {
      classifySymbol('SPY   241329C00450000');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SymbolError);
    const error = caught as SymbolError;
    expect(error.code).toBe('BAD_OPTION');
    expect(error.message).toBe('Bad option symbol "SPY   241329C00450000": no month 13');
    expect(error.cause).toBeInstanceOf(OptionSymbolError);
    expect(() => classifySymbol('SPY 450C')).toThrow(SymbolError);
    expect(() => classifySymbol('SPY241129C450')).toThrow(/8 digits/);
  });

  it('rejects text that is neither', () => {
    expect(() => classifySymbol('')).toThrow(expect.objectContaining({ code: 'EMPTY' }));
    for (const junk of ['SP Y!', '1SPY', 'SPY!', '$', 'BRK.BBBB', 'ABCDEFGHIJK', '.B', '-SPY']) {
      expect(() => classifySymbol(junk), junk).toThrow(SymbolError);
    }
    expect(() => classifySymbol('SPY!')).toThrow(
      'Bad symbol "SPY!": not a ticker (like SPY, BRK.B, $SPX) or an option symbol',
    );
  });
});

describe('parseSymbolList', () => {
  it('splits on commas only, trims and keeps padded option symbols whole', () => {
    const list = parseSymbolList('SPY   241129C00450000, QQQ   240621P00404780 ,SPY');
    expect(list.map(symbolKey)).toEqual(['SPY   241129C00450000', 'QQQ   240621P00404780', 'SPY']);
  });

  it('drops empty entries', () => {
    expect(parseSymbolList('')).toEqual([]);
    expect(parseSymbolList(' , ,,')).toEqual([]);
    expect(parseSymbolList(',SPY,,\tQQQ ,').map(symbolKey)).toEqual(['SPY', 'QQQ']);
  });

  it('dedupes by normalized symbol, first occurrence first', () => {
    const list = parseSymbolList(
      'SPY   241129C00450000,SPY_112924C450,SPY,spy,SPY241129C00450000,$SPX',
    );
    expect(list).toEqual([
      { kind: 'option', contract: expect.objectContaining({ symbol: 'SPY   241129C00450000' }) },
      { kind: 'equity', symbol: 'SPY' },
      { kind: 'equity', symbol: '$SPX' },
    ]);
  });

  it('reports every bad entry in one error', () => {
    const error = listError('SPY,SPY   241329C00450000, BAD!,QQQ,SPY_112924X450');
    expect(error.problems.map((p) => p.input.trim())).toEqual([
      'SPY   241329C00450000',
      'BAD!',
      'SPY_112924X450',
    ]);
    expect(error.problems.map((p) => p.code)).toEqual(['BAD_OPTION', 'BAD_TICKER', 'BAD_OPTION']);
    expect(error.message).toMatch(/^Bad symbol list, 3 bad entries: /);
    expect(error.message).toContain('"SPY   241329C00450000" (no month 13)');
    expect(error.message).toContain('"BAD!" (not a ticker');
    expect(error.message).toContain('"SPY_112924X450" (right "X" must be C or P)');
    expect(listError('OK,NOT OK').message).toMatch(/^Bad symbol list, 1 bad entry: "NOT OK"/);
  });

  it('is order-preserving, duplicate-free and stable under re-joining its output', () => {
    const entry = fc.constantFrom(
      'SPY',
      'qqq',
      '$SPX',
      'BRK.B',
      'SPY   241129C00450000',
      'SPY_112924C450',
      'SPY241129C00450000',
      'IGC_082021P3.5',
      ' ',
      '',
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
        const list = parseSymbolList(entries.join(','));
        const keys = list.map(symbolKey);
        expect(new Set(keys).size).toBe(keys.length);
        expect(parseSymbolList(keys.join(',')).map(symbolKey)).toEqual(keys);
        const expectedKeys = [
          ...new Set(
            entries.filter((e) => e.trim() !== '').map((e) => symbolKey(classifySymbol(e))),
          ),
        ];
        expect(keys).toEqual(expectedKeys);
      }),
    );
  });
});
