// History search over every recorded session: a request starts a search, its results arrive as
// pushed pages (newest first, no cap), and the window acknowledges pages to get more, so a search
// of millions of flows streams at the pace the window reads it.
import { z } from 'zod';
import { FLOW_KINDS, SIDES } from '../domain/flow.ts';
import { SENTIMENTS, type HistoryQuery } from '../domain/history-search.ts';
import { STRATEGY_TYPES } from '../domain/strategy.ts';
import { parseCalendarDate } from '../time/eastern.ts';
import { contractSchema, epochMsSchema, idSchema, underlyingSchema } from './common.ts';
import { defineDomain, event, LIMITS, request } from './define.ts';
import type { FlowBatchWire } from './flows.ts';

/** Rows per pushed page. */
export const HISTORY_PAGE_ROWS = 500;
/** Pages the worker pushes ahead of the last one the window acknowledged. */
export const HISTORY_PAGES_AHEAD = 4;

export interface HistoryPage {
  searchId: string;
  /** 0, 1, 2... in the order they were pushed. */
  page: number;
  rows: FlowBatchWire;
  /** For each row, when its first print reached Fathom (epoch ms): where its session's replay shows it. */
  seenAt: number[];
  /** Rows pushed so far, this page included. */
  matched: number;
  /** The last page: the search is over (or failed, or was closed: see error). */
  done: boolean;
  error: string | null;
}

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

const amount = z.number().finite().nonnegative();

export const historyQuerySchema = z.strictObject({
  underlyings: z.array(underlyingSchema).max(LIMITS.list).optional(),
  contract: contractSchema.optional(),
  strikeMin: amount.optional(),
  strikeMax: amount.optional(),
  expiryFrom: dateSchema.optional(),
  expiryTo: dateSchema.optional(),
  rights: z.array(z.enum(['C', 'P'])).max(2).optional(),
  kinds: z.array(z.enum(FLOW_KINDS)).max(FLOW_KINDS.length).optional(),
  sides: z.array(z.enum(SIDES)).max(SIDES.length).optional(),
  minPremium: amount.optional(),
  maxPremium: amount.optional(),
  sentiments: z.array(z.enum(SENTIMENTS)).max(SENTIMENTS.length).optional(),
  strategies: z.array(z.enum(STRATEGY_TYPES)).max(STRATEGY_TYPES.length).optional(),
  from: epochMsSchema.optional(),
  to: epochMsSchema.optional(),
  repeat: z.strictObject({ direction: z.enum(['BUY', 'SELL']), minDays: z.number().int().min(2).max(3650) }).optional(),
}) satisfies z.ZodType<HistoryQuery>;

const domain = defineDomain(
  'history',
  {
    /** Starts a search under an id the window chose (pages can arrive before this answer). */
    search: request<{ searchId: string }>()(z.strictObject({ searchId: idSchema, query: historyQuerySchema }), ['feed']),
    /** The window has received pages up to `page`: the worker may push HISTORY_PAGES_AHEAD more. */
    more: request<{ searchId: string; running: boolean }>()(z.strictObject({ searchId: idSchema, page: z.number().int().min(0) }), ['feed']),
    cancel: request<{ cancelled: boolean }>()(z.strictObject({ searchId: idSchema }), ['feed']),
  },
  {
    page: event<HistoryPage>('every'),
  },
);

export const history = domain.requests;
export const historyEvents = domain.events;
