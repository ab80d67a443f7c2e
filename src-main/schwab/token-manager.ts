// Keeps a valid access token: refreshed ahead of expiry, one refresh at a time. Only the token
// service's own refusal (rest.ts classifyTokenAnswer) ends the sign-in; anything else (an HTML
// page, a redirect, a 5xx, a timeout) is retried with capped backoff on the injected clock.
import type { Clock } from '../util/clock.ts';
import { redact, registerBasicPair, registerSecret, silentLogger, type Logger } from '../util/log.ts';
import type { TokenResponse } from './rest-types.ts';
import { SchwabRestError, type AppCredentials, type SchwabRest } from './rest.ts';

export interface AccessTokenSource {
  /** A valid access token. `force` refreshes even when the current one looks valid (after code 3). */
  getAccessToken(options?: { force?: boolean }): Promise<string>;
}

/** Where the refresh token comes from and where a rotated one goes (environment or keychain). */
export interface RefreshTokenStore {
  load(): Promise<string | null>;
  /** Called when Schwab returns a different refresh token (treated as authoritative). */
  rotated(refreshToken: string): Promise<void>;
  /** Called with every fresh access token, e.g. to keep it in the keychain. */
  accessTokenIssued?(accessToken: string, expiresAt: number): Promise<void>;
}

/**
 * How long an access token stays registered for redaction: it lives 30 minutes
 * (docs/schwab-streaming.md §1.3); once rotated and dead it need not hold a place in the bound.
 */
export const ACCESS_TOKEN_REDACTION_MS = 2 * 3_600_000;

/** What the windows read when Schwab refused the sign-in (the detail follows in brackets). */
export const REFUSED_SIGN_IN = 'Schwab refused the sign-in; sign in again';

export class NeedsSignInError extends Error {
  constructor(message: string) {
    super(redact(message));
    this.name = 'NeedsSignInError';
  }
}

export interface TokenManagerOptions {
  rest: SchwabRest;
  app: AppCredentials;
  store: RefreshTokenStore;
  clock: Clock;
  /** Refresh this long before expiry (schwab-py uses 300 s). */
  leewayMs?: number;
  retries?: number;
  /** The first retry's delay; each next one doubles, up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Told before each wait for a retry: why the refresh failed and when it is tried again. */
  retrying?: (error: Error, delayMs: number) => void;
  logger?: Logger;
}

export class AccessTokenManager implements AccessTokenSource {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private inflight: Promise<string> | null = null;
  private readonly leewayMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly log: Logger;
  private readonly options: TokenManagerOptions;

  constructor(options: TokenManagerOptions) {
    this.options = options;
    this.leewayMs = options.leewayMs ?? 300_000;
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 2_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    this.log = (options.logger ?? silentLogger).child('tokens');
    registerBasicPair(options.app.appKey, options.app.appSecret);
  }

  /** Seeds a still-valid access token (e.g. from the keychain) so start-up needs no refresh. */
  seed(accessToken: string, expiresAt: number): void {
    registerSecret(accessToken, { forgetAfterMs: ACCESS_TOKEN_REDACTION_MS });
    this.accessToken = accessToken;
    this.expiresAt = expiresAt;
  }

  get accessTokenExpiresAt(): number | null {
    return this.accessToken ? this.expiresAt : null;
  }

  getAccessToken(options: { force?: boolean } = {}): Promise<string> {
    const fresh = this.accessToken && this.options.clock.now() < this.expiresAt - this.leewayMs;
    if (fresh && !options.force && this.accessToken) return Promise.resolve(this.accessToken);
    // One refresh at a time: concurrent callers share it, and a forced refresh that arrives
    // while one is running takes that one's result (it is fresh by definition).
    this.inflight ??= this.refreshWithRetry().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async refreshWithRetry(): Promise<string> {
    const refreshToken = await this.options.store.load();
    if (!refreshToken) throw new NeedsSignInError('no refresh token stored: sign in to Schwab');
    // Touched at every refresh (the app's pair by rest.ts), so the bounded registry keeps what
    // is in use among the newest.
    registerSecret(refreshToken);
    for (let attempt = 1; ; attempt++) {
      try {
        const tokens = await this.options.rest.refresh(this.options.app, refreshToken);
        return await this.accept(tokens, refreshToken);
      } catch (error) {
        if (error instanceof SchwabRestError && error.refused) {
          this.accessToken = null;
          this.log.warn('refresh refused', { reason: error.message });
          throw new NeedsSignInError(`${REFUSED_SIGN_IN} (${error.message})`);
        }
        if (attempt > this.retries) throw error;
        const delay = Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** (attempt - 1));
        this.log.warn('refresh failed, retrying', { attempt, delayMs: delay, reason: (error as Error).message });
        this.options.retrying?.(error as Error, delay);
        await wait(this.options.clock, delay);
      }
    }
  }

  private async accept(tokens: TokenResponse, usedRefreshToken: string): Promise<string> {
    registerSecret(tokens.access_token, { forgetAfterMs: ACCESS_TOKEN_REDACTION_MS });
    registerSecret(tokens.refresh_token);
    this.accessToken = tokens.access_token;
    this.expiresAt = this.options.clock.now() + tokens.expires_in * 1000;
    if (tokens.refresh_token && tokens.refresh_token !== usedRefreshToken) {
      await this.options.store.rotated(tokens.refresh_token);
    }
    await this.options.store.accessTokenIssued?.(tokens.access_token, this.expiresAt);
    this.log.info('access token refreshed', { expiresAt: new Date(this.expiresAt).toISOString() });
    return tokens.access_token;
  }
}

export function wait(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
