import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OptionContract } from '../domain/market.ts';
import {
  OptionSymbolError,
  formatLegacyUnderscore,
  formatOccCompact,
  formatSchwabSymbol,
  formatStrikeMilli,
  parseOptionSymbol,
  tryParseOptionSymbol,
} from './option-symbol.ts';
import type { OptionSymbolErrorCode, OptionSymbolParts } from './option-symbol.ts';

function errorOf(input: string): OptionSymbolError {
  const result = tryParseOptionSymbol(input);
  if (result.ok) throw new Error(`expected "${input}" to be rejected`);
  return result.error;
}

function expectRejected(input: string, code: OptionSymbolErrorCode, message?: RegExp): void {
  const error = errorOf(input);
  expect(error).toBeInstanceOf(OptionSymbolError);
  expect(error.code).toBe(code);
  expect(error.input).toBe(input);
  expect(error.message).toContain(`"${input}"`);
  if (message) expect(error.message).toMatch(message);
}

describe('parseOptionSymbol: Schwab padded form', () => {
  it('reads the examples of docs/schwab-streaming.md §5.1', () => {
    expect(parseOptionSymbol('SPY   241129C00450000')).toEqual({
      symbol: 'SPY   241129C00450000',
      root: 'SPY',
      expiry: '2024-11-29',
      right: 'C',
      strike: 450,
      strikeMilli: 450_000,
    });
    expect(parseOptionSymbol('SPXW  240422C05040500')).toMatchObject({
      root: 'SPXW',
      expiry: '2024-04-22',
      strike: 5040.5,
      strikeMilli: 5_040_500,
    });
    expect(parseOptionSymbol('QQQ   240621P00404780')).toMatchObject({
      root: 'QQQ',
      right: 'P',
      strike: 404.78,
      strikeMilli: 404_780,
    });
    expect(parseOptionSymbol('AAPL  251219C00200000')).toMatchObject({
      root: 'AAPL',
      expiry: '2025-12-19',
      strike: 200,
    });
    expect(parseOptionSymbol('GOOGL 251212C00315000')).toMatchObject({
      root: 'GOOGL',
      strike: 315,
    });
  });

  it('takes six-letter and digit-bearing roots', () => {
    expect(parseOptionSymbol('ABCDEF240119P00000500')).toMatchObject({
      root: 'ABCDEF',
      strike: 0.5,
      strikeMilli: 500,
    });
    expect(parseOptionSymbol('AAPL1 240119C00150000')).toMatchObject({
      root: 'AAPL1',
      symbol: 'AAPL1 240119C00150000',
    });
  });

  it('trims, upper-cases and keeps the smallest and largest strikes', () => {
    expect(parseOptionSymbol('  spy   241129c00450000\n')).toMatchObject({
      symbol: 'SPY   241129C00450000',
      right: 'C',
    });
    expect(parseOptionSymbol('SPY   241129C00000001')).toMatchObject({
      strike: 0.001,
      strikeMilli: 1,
    });
    expect(parseOptionSymbol('SPY   241129C99999999')).toMatchObject({
      strike: 99_999.999,
      strikeMilli: 99_999_999,
    });
  });

  it('accepts leap days and 20YY years at both ends', () => {
    expect(parseOptionSymbol('SPY   240229C00450000').expiry).toBe('2024-02-29');
    expect(parseOptionSymbol('SPY   000229C00450000').expiry).toBe('2000-02-29');
    expect(parseOptionSymbol('SPY   991231C00450000').expiry).toBe('2099-12-31');
  });
});

describe('parseOptionSymbol: compact OCC form', () => {
  it('reads the root from everything before the last 15 characters', () => {
    expect(parseOptionSymbol('SPY241129C00450000')).toEqual(
      parseOptionSymbol('SPY   241129C00450000'),
    );
    expect(parseOptionSymbol('AAPL1240119C00150000')).toMatchObject({
      root: 'AAPL1',
      expiry: '2024-01-19',
    });
    expect(parseOptionSymbol('X240119P00008050')).toMatchObject({
      root: 'X',
      strike: 8.05,
      strikeMilli: 8050,
    });
  });
});

describe('parseOptionSymbol: legacy underscore form', () => {
  it('reads MMDDYY with a plain decimal strike', () => {
    expect(parseOptionSymbol('SPY_112924C450')).toEqual(parseOptionSymbol('SPY   241129C00450000'));
    expect(parseOptionSymbol('IGC_082021P3.5')).toMatchObject({
      symbol: 'IGC   210820P00003500',
      expiry: '2021-08-20',
      right: 'P',
      strike: 3.5,
    });
    expect(parseOptionSymbol('AAPL_011725C265')).toMatchObject({
      expiry: '2025-01-17',
      strike: 265,
    });
    expect(parseOptionSymbol('spxw_042224c5040.50')).toMatchObject({
      symbol: 'SPXW  240422C05040500',
    });
    expect(parseOptionSymbol('X_011725C8.05')).toMatchObject({ strikeMilli: 8050 });
    expect(parseOptionSymbol('X_011725C.5')).toMatchObject({ strikeMilli: 500 });
    expect(parseOptionSymbol('X_011725C2.')).toMatchObject({ strikeMilli: 2000 });
    expect(parseOptionSymbol('X_011725C99999.999')).toMatchObject({ strikeMilli: 99_999_999 });
  });

  it('prefers MMDDYY when both readings are dates', () => {
    expect(parseOptionSymbol('SPY_121124C450').expiry).toBe('2024-12-11');
  });

  it('falls back to YYMMDD when MMDDYY is no date', () => {
    expect(parseOptionSymbol('SPY_241129C450').expiry).toBe('2024-11-29');
    expect(parseOptionSymbol('SPY_240229C450').expiry).toBe('2024-02-29');
  });

  it('rejects a date that is neither', () => {
    expectRejected(
      'SPY_241329C450',
      'BAD_DATE',
      /neither MMDDYY \(no month 24\) nor YYMMDD \(no month 13\)/,
    );
    expectRejected('SPY_023023C450', 'BAD_DATE', /no day 30 in February 2023/);
    expectRejected('SPY_250229C450', 'BAD_DATE', /no month 25.*2025 is not a leap year/);
  });
});

describe('parseOptionSymbol errors', () => {
  it('says what is wrong and quotes the input', () => {
    expect(() => parseOptionSymbol('SPY   241329C00450000')).toThrow(
      'Bad option symbol "SPY   241329C00450000": no month 13',
    );
    expectRejected('', 'EMPTY');
    expectRejected('   ', 'EMPTY');
    expectRejected('SPY', 'BAD_FORMAT');
    expectRejected('SPY 241129C450', 'BAD_STRIKE', /8 digits/);
    expectRejected('SPY   241129C0045000', 'BAD_STRIKE', /got 7/);
    expectRejected('SPY   241129C000450000', 'BAD_STRIKE', /got 9/);
    expectRejected('SPY   241129C00000000', 'BAD_STRIKE', /greater than 0/);
    expectRejected('SPY   241129X00450000', 'BAD_RIGHT', /"X" must be C or P/);
    expectRejected('SPY   240230C00450000', 'BAD_DATE', /no day 30 in February 2024/);
    expectRejected('SPY   230229C00450000', 'BAD_DATE', /2023 is not a leap year/);
    expectRejected('SPY   241100C00450000', 'BAD_DATE', /no day 0/);
    expectRejected('SPY   240431C00450000', 'BAD_DATE', /no day 31 in April/);
    expectRejected('241129C00450000', 'BAD_ROOT', /missing root/);
    expectRejected('1SPY  241129C00450000', 'BAD_ROOT', /starting with a letter/);
    expectRejected('ABCDEFG241129C00450000', 'BAD_ROOT');
    expectRejected('S-PY  241129C00450000', 'BAD_ROOT');
    expectRejected('S PY  241129C00450000', 'BAD_ROOT');
  });

  it('rejects bad legacy parts', () => {
    expectRejected('_112924C450', 'BAD_ROOT');
    expectRejected('SPY_1129C450', 'BAD_DATE', /6 date digits/);
    expectRejected('SPY_112924', 'BAD_FORMAT');
    expectRejected('SPY_112924X450', 'BAD_RIGHT');
    expectRejected('SPY_112924C', 'BAD_FORMAT');
    expectRejected('SPY_112924C4.5.0', 'BAD_STRIKE');
    expectRejected('SPY_112924C.', 'BAD_STRIKE');
    expectRejected('SPY_112924C-5', 'BAD_STRIKE');
    expectRejected('SPY_112924C1.2345', 'BAD_STRIKE', /more than 3 decimals/);
    expectRejected('SPY_112924C100000', 'BAD_STRIKE', /at most 99999.999/);
    expectRejected('SPY_112924C0', 'BAD_STRIKE', /greater than 0/);
  });

  it('lets only OptionSymbolError out of tryParseOptionSymbol', () => {
    expect(tryParseOptionSymbol('SPY_112924C450')).toMatchObject({
      ok: true,
      contract: { strike: 450 },
    });
    expect(tryParseOptionSymbol('nope')).toMatchObject({
      ok: false,
      error: { code: 'BAD_FORMAT' },
    });
  });
});

describe('formatters', () => {
  const spy: OptionSymbolParts = { root: 'SPY', expiry: '2024-11-29', right: 'C', strike: 450 };

  it('spell the examples of docs/schwab-streaming.md §5.1–5.2', () => {
    expect(formatSchwabSymbol(spy)).toBe('SPY   241129C00450000');
    expect(formatOccCompact(spy)).toBe('SPY241129C00450000');
    expect(formatLegacyUnderscore(spy)).toBe('SPY_112924C450');
    const igc: OptionSymbolParts = { root: 'IGC', expiry: '2021-08-20', right: 'P', strike: 3.5 };
    expect(formatLegacyUnderscore(igc)).toBe('IGC_082021P3.5');
    expect(
      formatSchwabSymbol({ root: 'SPXW', expiry: '2024-04-22', right: 'C', strike: 5040.5 }),
    ).toBe('SPXW  240422C05040500');
  });

  it('round strikes that doubles cannot multiply exactly', () => {
    expect(8.05 * 1000).not.toBe(8050);
    expect(2.01 * 1000).not.toBe(2010);
    expect(formatSchwabSymbol({ ...spy, strike: 8.05 })).toBe('SPY   241129C00008050');
    expect(formatSchwabSymbol({ ...spy, strike: 2.01 })).toBe('SPY   241129C00002010');
    expect(formatLegacyUnderscore({ ...spy, strike: 0.001 })).toBe('SPY_112924C0.001');
  });

  it('accept a parsed contract as parts', () => {
    const contract: OptionContract = parseOptionSymbol('QQQ   240621P00404780');
    expect(formatLegacyUnderscore(contract)).toBe('QQQ_062124P404.78');
  });

  it('reject parts no symbol can carry', () => {
    const codeOf = (parts: OptionSymbolParts) => {
      try {
        formatSchwabSymbol(parts);
        return 'none';
      } catch (error) {
        return error instanceof OptionSymbolError ? error.code : 'other';
      }
    };
    expect(codeOf({ ...spy, root: 'spy' })).toBe('BAD_ROOT');
    expect(codeOf({ ...spy, root: 'TOOLONG' })).toBe('BAD_ROOT');
    expect(codeOf({ ...spy, expiry: '1999-12-31' })).toBe('BAD_DATE');
    expect(codeOf({ ...spy, expiry: '2100-01-01' })).toBe('BAD_DATE');
    expect(codeOf({ ...spy, expiry: '2023-02-29' })).toBe('BAD_DATE');
    expect(codeOf({ ...spy, expiry: '2024-11-29T00:00' })).toBe('BAD_DATE');
    expect(codeOf({ ...spy, strike: 0 })).toBe('BAD_STRIKE');
    expect(codeOf({ ...spy, strike: -5 })).toBe('BAD_STRIKE');
    expect(codeOf({ ...spy, strike: 100_000 })).toBe('BAD_STRIKE');
    expect(codeOf({ ...spy, strike: 1.2345 })).toBe('BAD_STRIKE');
    expect(codeOf({ ...spy, strike: Number.NaN })).toBe('BAD_STRIKE');
    expect(() => formatSchwabSymbol({ ...spy, expiry: '2023-02-29' })).toThrow(
      'Bad option symbol "SPY 2023-02-29 C 450": no day 29 in February 2023 (2023 is not a leap year)',
    );
  });

  it('write strikes without trailing zeros', () => {
    expect(formatStrikeMilli(450_000)).toBe('450');
    expect(formatStrikeMilli(5_040_500)).toBe('5040.5');
    expect(formatStrikeMilli(404_780)).toBe('404.78');
    expect(formatStrikeMilli(8050)).toBe('8.05');
    expect(formatStrikeMilli(1)).toBe('0.001');
  });
});

describe('properties', () => {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
  const alnum = [...letters, ...'0123456789'.split('')];
  const root = fc
    .tuple(fc.constantFrom(...letters), fc.array(fc.constantFrom(...alnum), { maxLength: 5 }))
    .map(([first, rest]) => first + rest.join(''));
  const expiry = fc
    .date({
      min: new Date(Date.UTC(2000, 0, 1)),
      max: new Date(Date.UTC(2099, 11, 31)),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const strikeMilli = fc.oneof(
    fc.integer({ min: 1, max: 9_999_999 }).map((cents) => cents * 10),
    fc.integer({ min: 1, max: 99_999_999 }),
  );
  const contract = fc.record({
    root,
    expiry,
    right: fc.constantFrom('C' as const, 'P' as const),
    strikeMilli,
  });
  const partsOf = (c: {
    root: string;
    expiry: string;
    right: 'C' | 'P';
    strikeMilli: number;
  }): OptionSymbolParts => ({
    root: c.root,
    expiry: c.expiry,
    right: c.right,
    strike: c.strikeMilli / 1000,
  });

  it('round-trips all three spellings to the same contract', () => {
    fc.assert(
      fc.property(contract, (c) => {
        const parts = partsOf(c);
        const expected: OptionContract = {
          symbol: `${c.root.padEnd(6)}${c.expiry.slice(2).replaceAll('-', '')}${c.right}${String(c.strikeMilli).padStart(8, '0')}`,
          root: c.root,
          expiry: c.expiry,
          right: c.right,
          strike: c.strikeMilli / 1000,
          strikeMilli: c.strikeMilli,
        };
        expect(expected.symbol).toHaveLength(21);
        expect(parseOptionSymbol(formatSchwabSymbol(parts))).toEqual(expected);
        expect(parseOptionSymbol(formatOccCompact(parts))).toEqual(expected);
        // A legacy date that also reads as MMDDYY is ambiguous, but we wrote MMDDYY, which wins.
        expect(parseOptionSymbol(formatLegacyUnderscore(parts))).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(contract, (c) => {
        const once = parseOptionSymbol(formatLegacyUnderscore(partsOf(c)));
        expect(parseOptionSymbol(once.symbol)).toEqual(once);
        expect(parseOptionSymbol(once.symbol.toLowerCase())).toEqual(once);
      }),
    );
  });

  it('throws nothing but OptionSymbolError on junk', () => {
    const symbolish = fc.stringMatching(/^[ A-Za-z0-9_.-]{0,30}$/);
    const mutated = fc
      .tuple(contract, fc.nat(), fc.string({ maxLength: 3 }))
      .map(([c, at, insert]) => {
        const s = formatSchwabSymbol(partsOf(c));
        const i = at % (s.length + 1);
        return s.slice(0, i) + insert + s.slice(i + 1);
      });
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), symbolish, mutated),
        (junk) => {
          try {
            const parsed = parseOptionSymbol(junk);
            expect(parsed.symbol).toHaveLength(21);
          } catch (error) {
            expect(error).toBeInstanceOf(OptionSymbolError);
            expect((error as OptionSymbolError).input).toBe(junk);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
