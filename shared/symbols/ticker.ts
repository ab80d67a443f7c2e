// The one grammar for an equity or index ticker, used by the IPC contract, the windows' inputs,
// the CLI and the streamer alike, so that what one accepts the others can handle: an optional
// `$` (Schwab writes indexes so: `$SPX`), then at most 10 characters: a letter, letters and
// digits, and at most one class suffix (`BRK.B`, `BF/B`).

export const TICKER_MAX_LENGTH = 10;

const TICKER = /^\$?(?=[A-Z0-9./]{1,10}$)[A-Z][A-Z0-9]*(?:[./][A-Z0-9]{1,3})?$/;

export type ParseTickerResult = { ok: true; ticker: string } | { ok: false; error: string };

/** `spy` → `SPY`; anything else that is not a ticker, with why. */
export function tryParseTicker(input: string): ParseTickerResult {
  const text = input.trim().toUpperCase();
  if (text === '') return { ok: false, error: 'empty' };
  if (TICKER.test(text)) return { ok: true, ticker: text };
  const body = text.startsWith('$') ? text.slice(1) : text;
  if (body.length > TICKER_MAX_LENGTH) return { ok: false, error: `"${input.trim().slice(0, 40)}" is longer than a ticker (at most ${TICKER_MAX_LENGTH} characters after an optional $)` };
  return { ok: false, error: `"${input.trim().slice(0, 40)}" is not a ticker (like SPY, BRK.B or $SPX)` };
}

/** The ticker, or an Error saying why not. */
export function parseTicker(input: string): string {
  const parsed = tryParseTicker(input);
  if (!parsed.ok) throw new Error(`Bad ticker: ${parsed.error}`);
  return parsed.ticker;
}
