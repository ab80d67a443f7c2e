// The token manager of one signed-in session: the shared AccessTokenManager (refresh ahead of
// expiry, one at a time, retries on network errors) reading and writing the keychain, and
// telling the auth service when Schwab refuses the refresh token or the user signs out.
import { AccessTokenManager, NeedsSignInError, type RefreshTokenStore, type TokenManagerOptions } from '../schwab/token-manager.ts';
import type { Logger } from '../util/log.ts';
import { REFRESH_TOKEN_LIFETIME_MS, type CredentialStore } from './credential-store.ts';

export interface SessionTokensOptions extends Omit<TokenManagerOptions, 'store'> {
  credentials: CredentialStore;
  /** When the refresh token of this session was issued (its 7-day clock). */
  refreshIssuedAt: number;
  refused: (tokens: SessionTokens, error: NeedsSignInError) => void;
  accessTokenIssued: (expiresAt: number) => void;
  logger: Logger;
}

export class SessionTokens extends AccessTokenManager {
  private revokedReason: string | null = null;
  private readonly onRefused: SessionTokensOptions['refused'];
  private readonly keychainStore: KeychainRefreshTokens;

  constructor(options: SessionTokensOptions) {
    const store = new KeychainRefreshTokens(options);
    super({ ...options, store });
    this.keychainStore = store;
    this.onRefused = options.refused;
  }

  /** The refresh token the last refresh used (to forget exactly that one when it is refused). */
  get lastRefreshToken(): string | null {
    return this.keychainStore.lastLoaded;
  }

  /** After sign-out or the end of the 7 days: every later call asks for a sign-in. */
  revoke(reason: string): void {
    this.revokedReason = reason;
  }

  override getAccessToken(options: { force?: boolean } = {}): Promise<string> {
    if (this.revokedReason) return Promise.reject(new NeedsSignInError(this.revokedReason));
    return super.getAccessToken(options).catch((error: unknown) => {
      if (error instanceof NeedsSignInError) this.onRefused(this, error);
      throw error;
    });
  }
}

/**
 * The refresh token as the token manager sees it: read from the keychain at every refresh (so a
 * sign-in by the CLI next to the app is picked up), never used past its 7 days.
 */
class KeychainRefreshTokens implements RefreshTokenStore {
  lastLoaded: string | null = null;
  private rotatedTo: string | null = null;
  private readonly options: SessionTokensOptions;

  constructor(options: SessionTokensOptions) {
    this.options = options;
  }

  async load(): Promise<string | null> {
    const stored = await this.options.credentials.loadRefreshToken();
    const issuedAt = stored?.issuedAt ?? this.options.refreshIssuedAt;
    if (this.options.clock.now() >= issuedAt + REFRESH_TOKEN_LIFETIME_MS) {
      throw new NeedsSignInError("Schwab's 7-day sign-in has ended: sign in again");
    }
    // A rotated token the keychain would not take is still the one Schwab expects now.
    this.lastLoaded = this.rotatedTo ?? stored?.token ?? null;
    return this.lastLoaded;
  }

  async rotated(refreshToken: string): Promise<void> {
    this.rotatedTo = refreshToken;
    // The original issue time stays: whether a rotated token gets a fresh 7 days is not
    // documented (docs/schwab-streaming.md §1.3), and counting from the first never
    // promises too much.
    const issuedAt = this.options.refreshIssuedAt;
    await this.options.credentials.saveRefreshToken({ token: refreshToken, issuedAt }).then(
      () => {
        this.rotatedTo = null;
      },
      (error: unknown) => this.options.logger.error('could not store the rotated refresh token', { reason: (error as Error).message }),
    );
  }

  async accessTokenIssued(accessToken: string, expiresAt: number): Promise<void> {
    // Kept so the next start needs no refresh; failing to keep it costs one refresh, no more.
    await this.options.credentials.saveAccessToken({ token: accessToken, expiresAt }).catch((error: unknown) => {
      this.options.logger.warn('could not store the access token', { reason: (error as Error).message });
    });
    this.options.accessTokenIssued(expiresAt);
  }
}
