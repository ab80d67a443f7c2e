// Sign in with Schwab, for every host: the authorize URL with a fresh state, the redirect read
// back (captured by the Electron window or pasted by the user), the code exchanged at once,
// tokens into the keychain, and the session's lifecycle. Callers only ever get a status.
import { randomBytes } from 'node:crypto';
import type { AuthStatus, AuthWarning } from '../../shared/ipc/auth.ts';
import { DEFAULT_API_BASE, SchwabRest } from '../schwab/rest.ts';
import { NeedsSignInError, type AccessTokenSource, type TokenManagerOptions } from '../schwab/token-manager.ts';
import type { Clock } from '../util/clock.ts';
import { Emitter } from '../util/emitter.ts';
import { registerSecret, silentLogger, type Logger } from '../util/log.ts';
import { REFRESH_TOKEN_LIFETIME_MS, type CredentialStore, type StoredAccessToken, type StoredApp, type StoredRefreshToken } from './credential-store.ts';
import { KeychainUnavailableError } from './keychain.ts';
import { TokenLifecycle } from './lifecycle.ts';
import { codeFromRedirect, SignInError } from './redirect.ts';
import { SessionTokens } from './session-tokens.ts';
import { checkAppInput, exchangeError, type AppInput } from './sign-in-input.ts';

export type { AppInput } from './sign-in-input.ts';

/** How long a started sign-in waits for its redirect (the user may be doing two-factor). */
export const SIGN_IN_TTL_MS = 15 * 60_000;

export interface AuthServiceOptions {
  credentials: CredentialStore;
  clock: Clock;
  /** Where new sign-ins go (Schwab unless SCHWAB_API_BASE or a test says otherwise). */
  apiBase?: string;
  logger?: Logger;
  /** Token manager tuning: leeway before expiry, retries and their delay on network errors. */
  tokens?: Pick<TokenManagerOptions, 'leewayMs' | 'retries' | 'retryDelayMs'>;
  /** Retry delay once the token manager's own retries are spent. */
  lifecycleRetryMs?: number;
}

export interface AuthEvents {
  status: AuthStatus;
  warning: AuthWarning;
}

interface Session {
  app: StoredApp;
  tokens: SessionTokens;
  refreshTokenExpiresAt: number;
}

const SIGNED_OUT: AuthStatus = { state: 'signed-out', accessTokenExpiresAt: null, refreshTokenExpiresAt: null, reason: null };

export class AuthService {
  readonly events: Emitter<AuthEvents>;
  /** A stable token source for streams: always the current session's tokens. */
  readonly tokenSource: AccessTokenSource;
  private readonly options: AuthServiceOptions;
  private readonly credentials: CredentialStore;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly lifecycle: TokenLifecycle;
  private pending: { app: StoredApp; state: string; expiresAt: number } | null = null;
  private session: Session | null = null;
  private loading: Promise<Session> | null = null;
  /** Why a sign-in is needed, when we know better than the keychain does. */
  private problem: string | null = null;
  /** Deleting a refused refresh token; a reload waits for it so it cannot pick that token up. */
  private forgetting: Promise<void> = Promise.resolve();
  private tracked: Session | null = null;
  private active = false;

  constructor(options: AuthServiceOptions) {
    this.options = options;
    this.credentials = options.credentials;
    this.clock = options.clock;
    this.log = (options.logger ?? silentLogger).child('auth');
    this.events = new Emitter<AuthEvents>((event, error) => this.log.error('auth listener failed', { event, error }));
    this.lifecycle = new TokenLifecycle({
      clock: this.clock,
      leewayMs: options.tokens?.leewayMs,
      retryMs: options.lifecycleRetryMs,
      logger: this.log,
      refresh: async () => {
        const session = await this.liveSession();
        await session.tokens.getAccessToken();
        return session.tokens.accessTokenExpiresAt ?? this.clock.now();
      },
      warn: (warning) => this.events.emit('warning', warning),
      expired: () => this.endSession("Schwab's 7-day sign-in has ended: sign in again"),
    });
    this.tokenSource = { getAccessToken: async (o) => (await this.liveSession()).tokens.getAccessToken(o) };
  }

  /** The app's start: loads a stored sign-in and runs its timers. Never throws. */
  async start(): Promise<AuthStatus> {
    this.active = true;
    try {
      this.track(await this.liveSession());
    } catch (error) {
      if (!(error instanceof NeedsSignInError || error instanceof KeychainUnavailableError)) throw error;
    }
    return this.publishStatus();
  }

  stop(): void {
    this.active = false;
    this.tracked = null;
    this.lifecycle.stop();
  }

  /** What the renderer, the tray and `fathom status` may know: no secret, ever. */
  async status(): Promise<AuthStatus> {
    let stored;
    try {
      stored = await this.credentials.load();
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error;
      return { ...SIGNED_OUT, state: 'keychain-unavailable', reason: error.message };
    }
    const { app, refresh, access } = stored;
    if (!app && !refresh) return { ...SIGNED_OUT, reason: this.problem };
    if (!app || !refresh) return { ...SIGNED_OUT, state: 'needs-sign-in', reason: this.problem ?? 'sign in to Schwab again' };
    const now = this.clock.now();
    const refreshTokenExpiresAt = refresh.issuedAt + REFRESH_TOKEN_LIFETIME_MS;
    if (now >= refreshTokenExpiresAt) {
      return { state: 'needs-sign-in', accessTokenExpiresAt: null, refreshTokenExpiresAt, reason: "Schwab's 7-day sign-in has ended: sign in again" };
    }
    const accessTokenExpiresAt = access && access.expiresAt > now ? access.expiresAt : null;
    return { state: 'signed-in', accessTokenExpiresAt, refreshTokenExpiresAt, reason: null };
  }

  /**
   * Starts a sign-in: the URL to open at Schwab. Without app details it signs in again with
   * the app stored in the keychain. Checks the keychain takes writes before sending anyone off.
   */
  async begin(input: Partial<AppInput> = {}): Promise<{ authorizeUrl: string; callbackUrl: string }> {
    const app = await this.appFor(input);
    await this.credentials.checkWritable();
    const state = randomBytes(18).toString('base64url');
    this.pending = { app, state, expiresAt: this.clock.now() + SIGN_IN_TTL_MS };
    const authorizeUrl = new SchwabRest({ apiBase: app.apiBase }).authorizeUrl(app.appKey, app.callbackUrl, state);
    this.log.info('sign-in started', { apiBase: app.apiBase, callbackUrl: app.callbackUrl });
    return { authorizeUrl, callbackUrl: app.callbackUrl };
  }

  /** Finishes a sign-in with the redirect's address; the code is exchanged at once (~30 s life). */
  async complete(redirectUrl: string): Promise<AuthStatus> {
    const pending = this.pending;
    if (!pending || this.clock.now() > pending.expiresAt) {
      this.pending = null;
      throw new SignInError('no sign-in is in progress (or it started more than 15 minutes ago): start it again');
    }
    const code = codeFromRedirect(redirectUrl, pending.app.callbackUrl, pending.state);
    registerSecret(code);
    let answer;
    try {
      answer = await new SchwabRest({ apiBase: pending.app.apiBase }).exchangeCode(pending.app, code, pending.app.callbackUrl);
    } catch (error) {
      throw exchangeError(error);
    }
    registerSecret(answer.access_token);
    registerSecret(answer.refresh_token);
    if (!answer.refresh_token) throw new SignInError('Schwab answered without a refresh token: sign in again');
    const now = this.clock.now();
    const refresh: StoredRefreshToken = { token: answer.refresh_token, issuedAt: now };
    const access: StoredAccessToken = { token: answer.access_token, expiresAt: now + answer.expires_in * 1000 };
    // If the keychain refuses now, the tokens die with this call: there is no other place for them.
    await this.credentials.saveSignIn(pending.app, refresh, access);
    this.pending = null;
    this.problem = null;
    this.dropSession('a new sign-in replaced this session');
    this.adopt(pending.app, refresh, access);
    this.log.info('signed in', { refreshTokenExpiresAt: new Date(refresh.issuedAt + REFRESH_TOKEN_LIFETIME_MS).toISOString() });
    return this.publishStatus();
  }

  /** Deletes every keychain item; a running stream gets NeedsSignInError at its next token. */
  async signOut(): Promise<AuthStatus> {
    this.pending = null;
    this.problem = null;
    this.dropSession('signed out of Schwab');
    await this.credentials.clear();
    this.log.info('signed out');
    return this.publishStatus();
  }

  /** The signed-in session's token manager, loaded from the keychain on first use. */
  async liveSession(): Promise<{ app: StoredApp; tokens: SessionTokens; refreshTokenExpiresAt: number }> {
    if (this.session) return this.session;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Is a Schwab app stored, so that `begin({})` can sign in again with it? */
  async hasStoredApp(): Promise<boolean> {
    return (await this.credentials.loadApp()) !== null;
  }

  /** Reports a background sign-in (the Electron window) that failed, where the user looks. */
  signInFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.events.emit('warning', { kind: 'sign-in-failed', at: this.clock.now(), refreshTokenExpiresAt: this.session?.refreshTokenExpiresAt ?? null, message });
  }

  private async load(): Promise<Session> {
    await this.forgetting;
    const { app, refresh, access } = await this.credentials.load();
    if (!app || !refresh) throw new NeedsSignInError(this.problem ?? 'not signed in to Schwab: sign in first');
    if (this.clock.now() >= refresh.issuedAt + REFRESH_TOKEN_LIFETIME_MS) throw new NeedsSignInError("Schwab's 7-day sign-in has ended: sign in again");
    return this.adopt(app, refresh, access);
  }

  private adopt(app: StoredApp, refresh: StoredRefreshToken, access: StoredAccessToken | null): Session {
    const tokens: SessionTokens = new SessionTokens({
      rest: new SchwabRest({ apiBase: app.apiBase }),
      app,
      credentials: this.credentials,
      refreshIssuedAt: refresh.issuedAt,
      clock: this.clock,
      logger: this.log,
      ...this.options.tokens,
      refused: (refusedBy, error) => this.refused(refusedBy, error),
      accessTokenIssued: (expiresAt) => {
        if (this.session?.tokens !== tokens) return;
        this.lifecycle.accessTokenIssued(expiresAt);
        void this.publishStatus();
      },
    });
    if (access && access.expiresAt > this.clock.now()) tokens.seed(access.token, access.expiresAt);
    const session = { app, tokens, refreshTokenExpiresAt: refresh.issuedAt + REFRESH_TOKEN_LIFETIME_MS };
    this.session = session;
    this.track(session);
    return session;
  }

  /** The timers run for the current session, once, while the app runs (not in a CLI status). */
  private track(session: Session): void {
    if (!this.active || this.tracked === session) return;
    this.tracked = session;
    this.lifecycle.track(session.refreshTokenExpiresAt, session.tokens.accessTokenExpiresAt);
  }

  /** Schwab refused the refresh token: stop, forget the tokens (not the app), ask for a sign-in. */
  private refused(tokens: SessionTokens, error: NeedsSignInError): void {
    const session = this.session;
    if (!session || session.tokens !== tokens) return;
    this.problem = error.message;
    this.dropSession(error.message);
    this.events.emit('warning', { kind: 'refresh-failed', at: this.clock.now(), refreshTokenExpiresAt: session.refreshTokenExpiresAt, message: error.message });
    // The status goes out once the keychain agrees with it.
    this.forgetting = this.credentials
      .forgetTokens(tokens.lastRefreshToken)
      .catch((reason: unknown) => this.log.error('could not delete the refused tokens', { reason: (reason as Error).message }))
      .then(() => void this.publishStatus());
  }

  private endSession(reason: string): void {
    this.problem = reason;
    this.dropSession(reason);
    void this.publishStatus();
  }

  private dropSession(reason: string): void {
    this.lifecycle.stop();
    this.tracked = null;
    this.session?.tokens.revoke(reason);
    this.session = null;
  }

  private async publishStatus(): Promise<AuthStatus> {
    const status = await this.status();
    this.events.emit('status', status);
    return status;
  }

  private async appFor(input: Partial<AppInput>): Promise<StoredApp> {
    const given = [input.appKey, input.appSecret, input.callbackUrl].filter((v) => v !== undefined && v.trim() !== '').length;
    if (given === 0) {
      const stored = await this.credentials.loadApp();
      if (!stored) throw new SignInError('no Schwab app is stored yet: give the app key, app secret and callback URL');
      return stored;
    }
    if (given !== 3) throw new SignInError('give all three of the app key, app secret and callback URL (or none, to use the stored app)');
    return checkAppInput(input as AppInput, this.options.apiBase ?? DEFAULT_API_BASE);
  }
}
