// Schema pieces reused across the contract's domains.
import { z } from 'zod';
import { tryParseOptionSymbol } from '../symbols/option-symbol.ts';
import { tryParseTicker } from '../symbols/ticker.ts';
import { LIMITS } from './define.ts';

export const empty = z.strictObject({});

/**
 * An option contract in any form the product accepts (shared/symbols/option-symbol.ts), read by
 * the same parser main and the streamer use and handed on in Schwab's 21-character form.
 */
export const contractSchema = z
  .string()
  .max(LIMITS.symbol)
  .transform((text, ctx) => {
    const parsed = tryParseOptionSymbol(text);
    if (parsed.ok) return parsed.contract.symbol;
    ctx.addIssue({ code: 'custom', message: parsed.error.message });
    return z.NEVER;
  });

export const idSchema = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'ids are letters, digits and _ . : -');

export const epochMsSchema = z.number().int().nonnegative();

/** An equity or index ticker by the one grammar (shared/symbols/ticker.ts), upper-cased. */
export const underlyingSchema = z
  .string()
  .max(LIMITS.symbol)
  .transform((text, ctx) => {
    const parsed = tryParseTicker(text);
    if (parsed.ok) return parsed.ticker;
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  });
