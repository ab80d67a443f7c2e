// The schemas of the IV-history settings and the feed's delta and volatility filters (FLOW-RULES.md §11).
import { z } from 'zod';
import type { VolatilityFilter, VolatilitySettings } from '../domain/volatility.ts';

const bound = (min: number, max: number) => z.number().finite().min(min).max(max).nullable();

const ordered = (a: number | null, b: number | null): boolean => a === null || b === null || a <= b;

export const volatilityFilterSchema = z
  .strictObject({
    deltaMin: bound(-1, 1),
    deltaMax: bound(-1, 1),
    deltaAbsolute: z.boolean(),
    ivMin: bound(0, 1000),
    ivMax: bound(0, 1000),
    ivRankMin: bound(0, 100),
    ivRankMax: bound(0, 100),
    ivPercentileMin: bound(0, 100),
    ivPercentileMax: bound(0, 100),
  })
  .refine((f) => ordered(f.deltaMin, f.deltaMax), 'the delta range must run from low to high')
  .refine((f) => ordered(f.ivMin, f.ivMax), 'the IV range must run from low to high')
  .refine((f) => ordered(f.ivRankMin, f.ivRankMax), 'the IV rank range must run from low to high')
  .refine((f) => ordered(f.ivPercentileMin, f.ivPercentileMax), 'the IV percentile range must run from low to high') satisfies z.ZodType<VolatilityFilter>;

export const volatilitySettingsSchema = z.strictObject({
  sampleEveryMs: z.number().int().min(5_000).max(3_600_000),
  windowDays: z.number().int().min(5).max(2_520),
  minDays: z.number().int().min(2).max(2_520),
}) satisfies z.ZodType<VolatilitySettings>;
