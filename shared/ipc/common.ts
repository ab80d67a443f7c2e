// Schema pieces reused across the contract's domains.
import { z } from 'zod';
import { LIMITS } from './define.ts';

export const empty = z.strictObject({});

/** An option symbol in any accepted form, or an equity ticker; main parses it further. */
export const symbolSchema = z.string().trim().min(1).max(LIMITS.symbol);

export const idSchema = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'ids are letters, digits and _ . : -');

export const epochMsSchema = z.number().int().nonnegative();

export const underlyingSchema = z
  .string()
  .trim()
  .min(1)
  .max(12)
  .regex(/^\$?[A-Za-z][A-Za-z0-9./]*$/, 'an underlying ticker such as SPY or $SPX')
  .transform((s) => s.toUpperCase());
