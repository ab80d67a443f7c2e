// Positioning of one underlying (shared/analytics/FLOW-RULES.md §12): premium and contracts by
// strike and expiry, net premium by strike, strike clusters and gamma exposure, for the session on
// screen or the recorded flows of a date range.
import { z } from 'zod';
import type { Positioning } from '../analytics/positioning.ts';
import type { SessionId, SessionSource } from '../domain/session.ts';
import { defineDomain, request } from './define.ts';
import { epochMsSchema, underlyingSchema } from './common.ts';

/** The longest date range one request may read: a year of sessions. */
export const POSITIONING_MAX_RANGE_MS = 366 * 24 * 60 * 60 * 1000;

export const positioningScopeSchema = z.discriminatedUnion('kind', [
  /** The session the windows show: the live one, or the replay on screen. */
  z.strictObject({ kind: z.literal('session') }),
  /** Every recorded flow first seen in [from, to). */
  z
    .strictObject({ kind: z.literal('range'), from: epochMsSchema, to: epochMsSchema })
    .refine((r) => r.to > r.from, 'the range must end after it starts')
    .refine((r) => r.to - r.from <= POSITIONING_MAX_RANGE_MS, 'a range is at most 366 days'),
]);

export type PositioningScope = z.infer<typeof positioningScopeSchema>;

export interface PositioningAnswer extends Positioning {
  scope: PositioningScope;
  /** The session the flows came from (scope `session`); null for a range. */
  sessionId: SessionId | null;
  /** What the session on screen is; its quotes supplied open interest and gamma. */
  source: SessionSource;
  /** Recorded sessions the flows came from. */
  sessions: number;
  /** When the worker computed the answer (epoch ms). */
  at: number;
  /** Receive time of the newest quote the gamma exposure read; null with none held. */
  quotesAt: number | null;
  /** Anything the trader should know about where the figures come from, or null. */
  note: string | null;
}

const domain = defineDomain(
  'positioning',
  {
    get: request<PositioningAnswer>()(z.strictObject({ underlying: underlyingSchema, scope: positioningScopeSchema }), ['feed']),
  },
  {},
);

export const positioning = domain.requests;
export const positioningEvents = domain.events;
