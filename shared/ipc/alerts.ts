// Alert history (searchable, across sessions and restarts), mute, and back-tests of a rule over
// recorded sessions; the rules themselves live in settings.
import { z } from 'zod';
import type { BacktestResult } from '../domain/alert-backtest.ts';
import type { Alert } from '../domain/session.ts';
import { parseCalendarDate } from '../time/eastern.ts';
import { epochMsSchema, idSchema } from './common.ts';
import { defineDomain, event, request } from './define.ts';
import { alertRuleSchema } from './settings.ts';

export const alertQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(1000),
  /** Words to find in the title, body, contract or rule id, all of them. */
  text: z.string().max(200).optional(),
  sessionId: idSchema.optional(),
  ruleId: idSchema.optional(),
  from: epochMsSchema.optional(),
  to: epochMsSchema.optional(),
});
export type AlertQuery = z.infer<typeof alertQuerySchema>;

const dateSchema = z
  .string()
  .max(10)
  .refine((text) => {
    try {
      parseCalendarDate(text);
      return true;
    } catch {
      return false;
    }
  }, 'a date is YYYY-MM-DD');

/** Hits sent back at most; the counts per day cover them all. */
export const BACKTEST_MAX_HITS = 5000;

export const backtestSchema = z
  .strictObject({
    rule: alertRuleSchema,
    /** One session, or every session started from `from` to `to` (Eastern days, inclusive). */
    sessionId: idSchema.optional(),
    from: dateSchema.optional(),
    to: dateSchema.optional(),
    limit: z.number().int().min(1).max(BACKTEST_MAX_HITS).default(BACKTEST_MAX_HITS),
  })
  .refine((q) => (q.sessionId !== undefined) !== (q.from !== undefined && q.to !== undefined), 'name one session, or a date range with both from and to')
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, 'from is after to');
export type BacktestQuery = z.infer<typeof backtestSchema>;

const domain = defineDomain(
  'alerts',
  {
    history: request<Alert[]>()(alertQuerySchema),
    mute: request<{ muted: boolean }>()(z.strictObject({ muted: z.boolean() })),
    backtest: request<BacktestResult>()(backtestSchema),
  },
  {
    fired: event<Alert>('every'),
  },
);

export const alerts = domain.requests;
export const alertEvents = domain.events;
