// When to try the host again after the socket closed: quick at first (a host restart takes a
// moment), then settling at a calm pace so a host that is gone is not hammered.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Fraction of the delay added at random so many windows do not retry in step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({ baseMs: 250, maxMs: 5_000, jitter: 0.2 });

/** Delay before attempt `attempt` (1 is the first retry); `random` is in [0, 1). */
export function backoffDelay(attempt: number, random: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 20));
  const plain = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(plain * (1 + options.jitter * random));
}
