// Schwab's REST budget (docs/schwab-streaming.md §6.1): market-data and trader calls go through
// one limiter per clock (the app has one clock per thread), so every caller of SchwabRest
// (rest.ts) together stays under Schwab's ~120 requests a minute.
import { systemClock, type Clock, type TimerHandle } from '../util/clock.ts';

/** Schwab's REST budget (docs/schwab-streaming.md §6.1); beyond it, HTTP 429. */
export const REST_REQUESTS_PER_MINUTE = 120;
/** A request counts for a minute, plus a second's margin for the time it takes to arrive. */
export const REST_WINDOW_MS = 61_000;

/**
 * At most `perMinute` requests in any `REST_WINDOW_MS`: a request past the budget waits in line
 * (first come, first served) until the oldest one leaves the window. Nothing is dropped. Time
 * is the injected clock's.
 */
export class RestRateLimiter {
  readonly clock: Clock;
  readonly perMinute: number;
  /** When each request in the window left, oldest first. */
  private readonly sentAt: number[] = [];
  private readonly waiting: { since: number; go: () => void }[] = [];
  private timer: TimerHandle | null = null;
  private counters = { sent: 0, delayed: 0 };

  constructor(clock: Clock, perMinute: number = REST_REQUESTS_PER_MINUTE) {
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new Error(`a REST budget is a whole number of requests, at least 1, not ${perMinute}`);
    this.clock = clock;
    this.perMinute = perMinute;
  }

  /** Runs `task` once the budget allows it. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await new Promise<void>((go) => {
      this.waiting.push({ since: this.clock.now(), go });
      this.pump();
    });
    return task();
  }

  /** Requests let through so far, how many of them had to wait, and how many wait now. */
  stats(): { sent: number; delayed: number; waiting: number } {
    return { ...this.counters, waiting: this.waiting.length };
  }

  private pump(): void {
    if (this.timer !== null) return;
    while (this.waiting.length > 0) {
      const now = this.clock.now();
      while (this.sentAt.length > 0 && (this.sentAt[0] as number) <= now - REST_WINDOW_MS) this.sentAt.shift();
      if (this.sentAt.length >= this.perMinute) {
        const wait = (this.sentAt[0] as number) + REST_WINDOW_MS - now;
        this.timer = this.clock.setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
        return;
      }
      const next = this.waiting.shift() as { since: number; go: () => void };
      this.sentAt.push(now);
      this.counters.sent++;
      if (now > next.since) this.counters.delayed++;
      next.go();
    }
  }
}

const limitersByClock = new WeakMap<Clock, RestRateLimiter>();
let processLimiter: RestRateLimiter | null = null;

/**
 * The limiter every SchwabRest on this clock shares; without a clock, the process's own on the
 * system clock. The worker and the CLI each run on one clock, so all their REST callers (the
 * streamer's userPreference, chains for the watchlist and the picker, quotes) share one budget.
 */
export function restLimiterFor(clock?: Clock): RestRateLimiter {
  if (!clock) return (processLimiter ??= new RestRateLimiter(systemClock()));
  let limiter = limitersByClock.get(clock);
  if (!limiter) limitersByClock.set(clock, (limiter = new RestRateLimiter(clock)));
  return limiter;
}
