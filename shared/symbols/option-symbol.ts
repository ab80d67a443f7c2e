// Option symbols in the three spellings users paste: Schwab's padded OCC form (the canonical
// one, `SPY   241129C00450000`), the compact OCC form (`SPY241129C00450000`) and the legacy TD
// Ameritrade form (`SPY_112924C450`). See docs/schwab-streaming.md §5.
import type { OptionContract, Right } from '../domain/market.ts';
import { calendarDateProblem } from '../time/eastern.ts';

export type OptionSymbolErrorCode =
  'EMPTY' | 'BAD_FORMAT' | 'BAD_ROOT' | 'BAD_DATE' | 'BAD_RIGHT' | 'BAD_STRIKE';

export class OptionSymbolError extends Error {
  readonly code: OptionSymbolErrorCode;
  /** The text as given, before trimming. */
  readonly input: string;
  /** What is wrong, without the input (e.g. "no month 13"). */
  readonly problem: string;

  constructor(code: OptionSymbolErrorCode, input: string, problem: string) {
    super(`Bad option symbol "${input}": ${problem}`);
    this.name = 'OptionSymbolError';
    this.code = code;
    this.input = input;
    this.problem = problem;
  }
}

/** What it takes to spell a contract; an OptionContract qualifies. */
export interface OptionSymbolParts {
  root: string;
  /** YYYY-MM-DD */
  expiry: string;
  right: Right;
  /** Dollars; must be a whole number of mills (0.001). */
  strike: number;
}

export type ParseOptionSymbolResult =
  { ok: true; contract: OptionContract } | { ok: false; error: OptionSymbolError };

const ROOT_PATTERN = /^[A-Z][A-Z0-9]{0,5}$/;
/** Eight strike digits: 5 whole + 3 decimal. */
const MAX_STRIKE_MILLI = 99_999_999;
const FORMAT_HINT = 'expected ROOT + YYMMDD + C/P + 8-digit strike, or ROOT_MMDDYY + C/P + strike';
// Lenient on purpose: the right letter and strike length are checked afterwards so the error can
// say which part is wrong instead of a generic "bad format".
const OCC_PATTERN = /^(.*?)(\d{6})([A-Z])(\d+)$/;
const LEGACY_STRIKE_PATTERN = /^(\d*)(?:\.(\d*))?$/;

function fail(code: OptionSymbolErrorCode, input: string, problem: string): never {
  throw new OptionSymbolError(code, input, problem);
}

function checkRoot(root: string, input: string): string {
  if (root === '') fail('BAD_ROOT', input, 'missing root');
  if (!ROOT_PATTERN.test(root)) {
    fail('BAD_ROOT', input, `root "${root}" must be 1-6 letters or digits, starting with a letter`);
  }
  return root;
}

function checkRight(letter: string, input: string): Right {
  if (letter !== 'C' && letter !== 'P')
    fail('BAD_RIGHT', input, `right "${letter}" must be C or P`);
  return letter;
}

function checkStrikeMilli(milli: number, input: string): number {
  if (milli <= 0) fail('BAD_STRIKE', input, 'strike must be greater than 0');
  if (milli > MAX_STRIKE_MILLI) fail('BAD_STRIKE', input, 'strike must be at most 99999.999');
  return milli;
}

/** Two-digit years are 20YY; the problem says why the digits are no real date. */
function expiryFrom(
  yy: string,
  mm: string,
  dd: string,
): { expiry: string; problem: null } | { expiry: null; problem: string } {
  const year = 2000 + Number(yy);
  const problem = calendarDateProblem(year, Number(mm), Number(dd));
  return problem === null
    ? { expiry: `${year}-${mm}-${dd}`, problem: null }
    : { expiry: null, problem };
}

/** Strike text without trailing zeros: 450000 -> "450", 5040500 -> "5040.5", 3050 -> "3.05". */
export function formatStrikeMilli(strikeMilli: number): string {
  const whole = Math.floor(strikeMilli / 1000);
  const fraction = String(strikeMilli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

function contractOf(
  root: string,
  expiry: string,
  right: Right,
  strikeMilli: number,
): OptionContract {
  const yymmdd = expiry.slice(2, 4) + expiry.slice(5, 7) + expiry.slice(8, 10);
  return {
    symbol: root.padEnd(6, ' ') + yymmdd + right + String(strikeMilli).padStart(8, '0'),
    root,
    expiry,
    right,
    strike: strikeMilli / 1000,
    strikeMilli,
  };
}

function parseOcc(text: string, input: string): OptionContract {
  const match = OCC_PATTERN.exec(text);
  if (!match) fail('BAD_FORMAT', input, FORMAT_HINT);
  const [, rootPart = '', date = '', letter = '', strikeDigits = ''] = match;
  const root = checkRoot(rootPart.trim(), input);
  const { expiry, problem } = expiryFrom(date.slice(0, 2), date.slice(2, 4), date.slice(4, 6));
  if (expiry === null) fail('BAD_DATE', input, problem);
  const right = checkRight(letter, input);
  if (strikeDigits.length !== 8) {
    fail(
      'BAD_STRIKE',
      input,
      `strike must be 8 digits (strike x 1000), got ${strikeDigits.length}`,
    );
  }
  return contractOf(root, expiry, right, checkStrikeMilli(Number(strikeDigits), input));
}

/** Exact decimal to mills, without going through a double. */
function legacyStrikeMilli(text: string, input: string): number {
  const match = LEGACY_STRIKE_PATTERN.exec(text);
  const whole = match?.[1] ?? '';
  const fraction = (match?.[2] ?? '').replace(/0+$/, '');
  if (!match || (whole === '' && (match[2] ?? '') === '')) {
    fail('BAD_STRIKE', input, `strike "${text}" must be a plain decimal number`);
  }
  if (fraction.length > 3) fail('BAD_STRIKE', input, `strike "${text}" has more than 3 decimals`);
  const digits = whole.replace(/^0+/, '');
  if (digits.length > 5) fail('BAD_STRIKE', input, 'strike must be at most 99999.999');
  return checkStrikeMilli(Number(digits || '0') * 1000 + Number(fraction.padEnd(3, '0')), input);
}

function parseLegacy(text: string, input: string): OptionContract {
  const underscore = text.indexOf('_');
  const root = checkRoot(text.slice(0, underscore), input);
  const rest = text.slice(underscore + 1);
  const date = rest.slice(0, 6);
  if (!/^\d{6}$/.test(date)) fail('BAD_DATE', input, 'expected 6 date digits (MMDDYY) after "_"');
  if (rest.length < 8) fail('BAD_FORMAT', input, FORMAT_HINT);
  // TDA wrote MMDDYY; people often paste YYMMDD by mistake, so fall back when MMDDYY is no date.
  const asMmddyy = expiryFrom(date.slice(4, 6), date.slice(0, 2), date.slice(2, 4));
  const asYymmdd = expiryFrom(date.slice(0, 2), date.slice(2, 4), date.slice(4, 6));
  const expiry = asMmddyy.expiry ?? asYymmdd.expiry;
  if (expiry === null) {
    fail(
      'BAD_DATE',
      input,
      `date ${date} is neither MMDDYY (${asMmddyy.problem}) nor YYMMDD (${asYymmdd.problem})`,
    );
  }
  const right = checkRight(rest.charAt(6), input);
  return contractOf(root, expiry, right, legacyStrikeMilli(rest.slice(7), input));
}

/** Parses any of the three spellings; `symbol` in the result is always the padded Schwab form. */
export function parseOptionSymbol(input: string): OptionContract {
  const text = input.trim().toUpperCase();
  if (text === '') fail('EMPTY', input, 'empty');
  return text.includes('_') ? parseLegacy(text, input) : parseOcc(text, input);
}

export function tryParseOptionSymbol(input: string): ParseOptionSymbolResult {
  try {
    return { ok: true, contract: parseOptionSymbol(input) };
  } catch (error) {
    if (error instanceof OptionSymbolError) return { ok: false, error };
    throw error;
  }
}

/** Validates parts for formatting; throws OptionSymbolError quoting the parts. */
function contractFromParts(parts: OptionSymbolParts): OptionContract {
  const description = `${parts.root} ${parts.expiry} ${parts.right} ${parts.strike}`;
  const root = checkRoot(parts.root, description);
  const date = /^20(\d{2})-(\d{2})-(\d{2})$/.exec(parts.expiry);
  if (!date)
    fail('BAD_DATE', description, `expiry "${parts.expiry}" must be YYYY-MM-DD in 2000-2099`);
  const { expiry, problem } = expiryFrom(date[1] ?? '', date[2] ?? '', date[3] ?? '');
  if (expiry === null) fail('BAD_DATE', description, problem);
  const right = checkRight(parts.right, description);
  if (!Number.isFinite(parts.strike))
    fail('BAD_STRIKE', description, 'strike must be a finite number');
  // Always round: 8.05 * 1000 is 8050.000000000001 in doubles.
  const milli = Math.round(parts.strike * 1000);
  if (Math.abs(parts.strike * 1000 - milli) > 1e-6) {
    fail(
      'BAD_STRIKE',
      description,
      `strike ${parts.strike} is not a whole number of mills (0.001)`,
    );
  }
  return contractOf(root, expiry, right, checkStrikeMilli(milli, description));
}

/** `SPY   241129C00450000`: root padded to 6, YYMMDD, right, strike x 1000 in 8 digits. */
export function formatSchwabSymbol(parts: OptionSymbolParts): string {
  return contractFromParts(parts).symbol;
}

/** `SPY241129C00450000`: the Schwab form without the root padding. */
export function formatOccCompact(parts: OptionSymbolParts): string {
  const { symbol, root } = contractFromParts(parts);
  return root + symbol.slice(6);
}

/** `SPY_112924C450`: TD Ameritrade's MMDDYY date and plain strike. */
export function formatLegacyUnderscore(parts: OptionSymbolParts): string {
  const { root, expiry, right, strikeMilli } = contractFromParts(parts);
  const mmddyy = expiry.slice(5, 7) + expiry.slice(8, 10) + expiry.slice(2, 4);
  return `${root}_${mmddyy}${right}${formatStrikeMilli(strikeMilli)}`;
}
