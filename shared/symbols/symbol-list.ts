// What users type into a watchlist or CLI: a comma-separated mix of equity tickers and option
// symbols in any of the spellings option-symbol.ts reads.
import type { OptionContract } from '../domain/market.ts';
import { OptionSymbolError, parseOptionSymbol } from './option-symbol.ts';
import { tryParseTicker } from './ticker.ts';

export type ClassifiedSymbol =
  { kind: 'option'; contract: OptionContract } | { kind: 'equity'; symbol: string };

export type SymbolErrorCode = 'EMPTY' | 'BAD_TICKER' | 'BAD_OPTION';

export class SymbolError extends Error {
  readonly code: SymbolErrorCode;
  /** The text as given, before trimming. */
  readonly input: string;
  /** What is wrong, without the input. */
  readonly problem: string;

  constructor(code: SymbolErrorCode, input: string, problem: string, cause?: OptionSymbolError) {
    // An option symbol's own message is already the most specific one available.
    super(
      cause ? cause.message : `Bad symbol "${input}": ${problem}`,
      cause ? { cause } : undefined,
    );
    this.name = 'SymbolError';
    this.code = code;
    this.input = input;
    this.problem = problem;
  }
}

export class SymbolListError extends Error {
  /** Every bad entry, in list order. */
  readonly problems: readonly SymbolError[];

  constructor(problems: readonly SymbolError[]) {
    const count = problems.length === 1 ? '1 bad entry' : `${problems.length} bad entries`;
    super(
      `Bad symbol list, ${count}: ${problems.map((p) => `"${p.input.trim()}" (${p.problem})`).join('; ')}`,
    );
    this.name = 'SymbolListError';
    this.problems = problems;
  }
}

// No ticker has an underscore, an inner space or six digits + letter + digits at the end, so such
// text goes to the option parser, whose errors say precisely what is wrong with it.
const OPTION_HINT = /[_ ]|\d{6}[A-Z]\d+$/;

export function classifySymbol(input: string): ClassifiedSymbol {
  const text = input.trim().toUpperCase();
  if (text === '') throw new SymbolError('EMPTY', input, 'empty');
  if (OPTION_HINT.test(text)) {
    try {
      return { kind: 'option', contract: parseOptionSymbol(input) };
    } catch (error) {
      if (error instanceof OptionSymbolError)
        throw new SymbolError('BAD_OPTION', input, error.problem, error);
      throw error;
    }
  }
  const ticker = tryParseTicker(text);
  if (!ticker.ok) {
    throw new SymbolError('BAD_TICKER', input, 'not a ticker (like SPY, BRK.B, $SPX) or an option symbol');
  }
  return { kind: 'equity', symbol: ticker.ticker };
}

/** The key a symbol is deduplicated by: the padded Schwab form for options, else the ticker. */
export function symbolKey(symbol: ClassifiedSymbol): string {
  return symbol.kind === 'option' ? symbol.contract.symbol : symbol.symbol;
}

/**
 * Splits on commas only (padded option symbols contain spaces), trims, drops empty entries and
 * duplicates (first one wins, order kept). Throws one SymbolListError naming every bad entry.
 */
export function parseSymbolList(text: string): ClassifiedSymbol[] {
  const seen = new Set<string>();
  const symbols: ClassifiedSymbol[] = [];
  const problems: SymbolError[] = [];
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    try {
      const symbol = classifySymbol(entry);
      const key = symbolKey(symbol);
      if (!seen.has(key)) {
        seen.add(key);
        symbols.push(symbol);
      }
    } catch (error) {
      if (!(error instanceof SymbolError)) throw error;
      problems.push(error);
    }
  }
  if (problems.length > 0) throw new SymbolListError(problems);
  return symbols;
}
