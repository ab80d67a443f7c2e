// Capped exponential backoff with "equal jitter": half the delay fixed, half random, so a fleet
// of clients that lost the same server does not come back in lockstep.
import type { Random } from '../util/random.ts';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000 };

export function backoffDelay(attempt: number, policy: BackoffPolicy, random: Random): number {
  const exp = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}
