// Keeps a valid access token: refreshed ahead of expiry, one refresh at a time, retried on
// network errors, never retried on a refused refresh token (that needs a new sign-in).
import type { Clock } from '../util/clock.ts';
import { registerSecret, silentLogger, type Logger } from '../util/log.ts';
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

export class NeedsSignInError extends Error {
  constructor(message: string) {
    super(message);
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
  retryDelayMs?: number;
  logger?: Logger;
}

export class AccessTokenManager implements AccessTokenSource {
  private accessToken: string | null = null;
  private expiresAt = 0;
  private inflight: Promise<string> | null = null;
  private readonly leewayMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly log: Logger;
  private readonly options: TokenManagerOptions;

  constructor(options: TokenManagerOptions) {
    this.options = options;
    this.leewayMs = options.leewayMs ?? 300_000;
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 2_000;
    this.log = (options.logger ?? silentLogger).child('tokens');
    registerSecret(options.app.appSecret);
  }

  /** Seeds a still-valid access token (e.g. from the keychain) so start-up needs no refresh. */
  seed(accessToken: string, expiresAt: number): void {
    registerSecret(accessToken);
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
    registerSecret(refreshToken);
    for (let attempt = 1; ; attempt++) {
      try {
        const tokens = await this.options.rest.refresh(this.options.app, refreshToken);
        return await this.accept(tokens, refreshToken);
      } catch (error) {
        if (error instanceof SchwabRestError && !error.transient) {
          this.accessToken = null;
          this.log.warn('refresh refused', { reason: error.message });
          throw new NeedsSignInError(`Schwab refused the refresh token (${error.message}): sign in again`);
        }
        if (attempt > this.retries) throw error;
        const delay = this.retryDelayMs * 2 ** (attempt - 1);
        this.log.warn('refresh failed, retrying', { attempt, delayMs: delay, reason: (error as Error).message });
        await wait(this.options.clock, delay);
      }
    }
  }

  private async accept(tokens: TokenResponse, usedRefreshToken: string): Promise<string> {
    registerSecret(tokens.access_token);
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
