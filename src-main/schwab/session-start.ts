// The start of a streamer session: an access token and streamerInfo (Schwab's userPreference).
// userPreference fails now and then (docs/schwab-streaming.md §9), so it is tried again in
// place with backoff on the clock before the failure counts as a failed connection.
import type { Clock, TimerHandle } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';
import type { Random } from '../util/random.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import type { StreamerInfo } from './rest-types.ts';
import { SchwabRestError } from './rest.ts';
import type { AccessTokenSource } from './token-manager.ts';

export const PREFERENCE_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 8_000 };

/** Waits on the clock that a stop can end early. */
export class StoppableWait {
  private readonly clock: Clock;
  private endWait: (() => void) | null = null;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Resolves after `ms` of clock time, or at once when end() is called. */
  wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer: TimerHandle = this.clock.setTimeout(() => done(), ms);
      const done = () => {
        this.clock.clearTimeout(timer);
        if (this.endWait === done) this.endWait = null;
        resolve();
      };
      this.endWait = done;
    });
  }

  end(): void {
    this.endWait?.();
  }
}

export interface SessionStart {
  tokens: AccessTokenSource;
  streamerInfo: (accessToken: string) => Promise<StreamerInfo>;
  random: Random;
  log: Logger;
  /** A fresh token first (the last login was denied); tokenTaken() says it was had. */
  forceRefresh: boolean;
  tokenTaken(): void;
  /** Tries of userPreference (at least 1). */
  tries: number;
  backoff: BackoffPolicy;
  waits: StoppableWait;
  /** Read after every await: the streamer may stop meanwhile. */
  isStopped(): boolean;
  /** Said before each wait, for the status. */
  retrying(reason: string): void;
}

/**
 * An access token and streamerInfo; userPreference is tried `tries` times with backoff, the
 * status saying so, before its failure is thrown; a 401 gets a fresh token first.
 */
export async function startSession(start: SessionStart): Promise<{ token: string; info: StreamerInfo }> {
  const tries = Math.max(1, start.tries);
  let token = await start.tokens.getAccessToken({ force: start.forceRefresh });
  start.tokenTaken();
  for (let attempt = 1; ; attempt++) {
    try {
      return { token, info: await start.streamerInfo(token) };
    } catch (error) {
      const failure = error instanceof SchwabRestError ? error : null;
      if (!failure || !failure.transient || attempt >= tries || start.isStopped()) throw error;
      const delay = backoffDelay(attempt, start.backoff, start.random);
      start.log.warn('userPreference failed; trying again', { attempt, delayMs: delay, reason: failure.message });
      start.retrying(`userPreference failed (${failure.message}); trying again in ${Math.ceil(delay / 1000)} s`);
      await start.waits.wait(delay);
      if (start.isStopped()) throw error;
      if (failure.kind === 'unauthorized') token = await start.tokens.getAccessToken({ force: true });
    }
  }
}
