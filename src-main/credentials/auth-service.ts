// Sign in with Schwab, for every host: the authorize URL with a fresh state, the redirect read
// back (captured by the Electron window or pasted by the user), the code exchanged at once,
// tokens into the keychain, and the session's lifecycle. Callers only ever get a status, whose
// reason (and every warning) says which it is when a refresh fails: Schwab refused the sign-in
// (sign in again), or its token service gave an unclear answer (retrying, and when).
import { randomBytes } from 'node:crypto';
import type { AuthStatus, AuthWarning } from '../../shared/ipc/auth.ts';
import { DEFAULT_API_BASE, SchwabRest, SchwabRestError } from '../schwab/rest.ts';
import { ACCESS_TOKEN_REDACTION_MS, NeedsSignInError, type AccessTokenSource, type TokenManagerOptions } from '../schwab/token-manager.ts';
import type { Clock } from '../util/clock.ts';
import { Emitter } from '../util/emitter.ts';
import { redact, redactedMessage, registerSecret, silentLogger, type Logger } from '../util/log.ts';
import { REFRESH_TOKEN_LIFETIME_MS, type CredentialStore, type StoredAccessToken, type StoredApp, type StoredRefreshToken } from './credential-store.ts';
import { KeychainUnavailableError } from './keychain.ts';
import { TokenLifecycle } from './lifecycle.ts';
import { codeFromRedirect, SignInError } from './redirect.ts';
import { SessionTokens } from './session-tokens.ts';
import { apiBaseProblem, appFor, checkApiBase, exchangeError, type AppInput } from './sign-in-input.ts';

export type { AppInput } from './sign-in-input.ts';

/** How long a started sign-in waits for its redirect (the user may be doing two-factor). */
export const SIGN_IN_TTL_MS = 15 * 60_000;

export interface AuthServiceOptions {
  credentials: CredentialStore;
  clock: Clock;
  /** Where new sign-ins go (Schwab unless SCHWAB_API_BASE or a test says otherwise). */
  apiBase?: string;
  logger?: Logger;
  /** Token manager tuning: leeway before expiry, retries and their capped backoff. */
  tokens?: Pick<TokenManagerOptions, 'leewayMs' | 'retries' | 'retryDelayMs' | 'maxRetryDelayMs'>;
  /** Retry delay once the token manager's own retries are spent; it doubles up to the max. */
  lifecycleRetryMs?: number;
  lifecycleRetryMaxMs?: number;
  /** How long a request to Schwab may take (15 s by default). */
  restTimeoutMs?: number;
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
  /** While signed in: why the last refresh failed and when it is tried again (null once one works). */
  private retryNote: string | null = null;
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
      retryMaxMs: options.lifecycleRetryMaxMs,
      logger: this.log,
      refresh: async () => {
        const session = await this.liveSession();
        await session.tokens.getAccessToken();
        return session.tokens.accessTokenExpiresAt ?? this.clock.now();
      },
      warn: (warning) => this.warn(warning),
      retrying: (error, delayMs) => this.retrying(this.session?.tokens ?? null, error, delayMs),
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
      return { ...SIGNED_OUT, state: 'keychain-unavailable', reason: redactedMessage(error) };
    }
    const { app, refresh, access } = stored;
    const problem = this.problem === null ? null : redact(this.problem);
    if (!app && !refresh) return { ...SIGNED_OUT, reason: problem };
    if (!app || !refresh) return { ...SIGNED_OUT, state: 'needs-sign-in', reason: problem ?? 'sign in to Schwab again' };
    const insecure = apiBaseProblem(app.apiBase);
    if (insecure !== null) return { ...SIGNED_OUT, state: 'needs-sign-in', reason: `the stored sign-in cannot be used: ${insecure}. Sign in again` };
    const now = this.clock.now();
    const refreshTokenExpiresAt = refresh.issuedAt + REFRESH_TOKEN_LIFETIME_MS;
    if (now >= refreshTokenExpiresAt) {
      return { state: 'needs-sign-in', accessTokenExpiresAt: null, refreshTokenExpiresAt, reason: "Schwab's 7-day sign-in has ended: sign in again" };
    }
    const accessTokenExpiresAt = access && access.expiresAt > now ? access.expiresAt : null;
    const reason = this.session && this.retryNote !== null ? redact(this.retryNote) : null;
    return { state: 'signed-in', accessTokenExpiresAt, refreshTokenExpiresAt, reason };
  }

  /**
   * Starts a sign-in: the URL to open at Schwab. Without app details it signs in again with
   * the app stored in the keychain. Checks the keychain takes writes before sending anyone off.
   */
  async begin(input: Partial<AppInput> = {}): Promise<{ authorizeUrl: string; callbackUrl: string }> {
    const app = await appFor(input, this.credentials, this.options.apiBase ?? DEFAULT_API_BASE);
    await this.credentials.checkWritable();
    const state = randomBytes(18).toString('base64url');
    this.pending = { app, state, expiresAt: this.clock.now() + SIGN_IN_TTL_MS };
    const authorizeUrl = this.rest(app.apiBase).authorizeUrl(app.appKey, app.callbackUrl, state);
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
      answer = await this.rest(pending.app.apiBase).exchangeCode(pending.app, code, pending.app.callbackUrl);
    } catch (error) {
      throw exchangeError(error);
    }
    registerSecret(answer.access_token, { forgetAfterMs: ACCESS_TOKEN_REDACTION_MS });
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
    this.warn({ kind: 'sign-in-failed', at: this.clock.now(), refreshTokenExpiresAt: this.session?.refreshTokenExpiresAt ?? null, message: redactedMessage(error) });
  }

  private async load(): Promise<Session> {
    await this.forgetting;
    const { app, refresh, access } = await this.credentials.load();
    if (!app || !refresh) throw new NeedsSignInError(this.problem ?? 'not signed in to Schwab: sign in first');
    if (this.clock.now() >= refresh.issuedAt + REFRESH_TOKEN_LIFETIME_MS) throw new NeedsSignInError("Schwab's 7-day sign-in has ended: sign in again");
    // Stored before https was required: never used, a new sign-in replaces it.
    checkApiBase(app.apiBase, (message) => new NeedsSignInError(`the stored sign-in cannot be used: ${message}. Sign in again`));
    return this.adopt(app, refresh, access);
  }

  private rest(apiBase: string): SchwabRest {
    return new SchwabRest({ apiBase, ...(this.options.restTimeoutMs === undefined ? {} : { timeoutMs: this.options.restTimeoutMs }) });
  }

  private adopt(app: StoredApp, refresh: StoredRefreshToken, access: StoredAccessToken | null): Session {
    const tokens: SessionTokens = new SessionTokens({
      rest: this.rest(app.apiBase),
      app,
      credentials: this.credentials,
      refreshIssuedAt: refresh.issuedAt,
      clock: this.clock,
      logger: this.log,
      ...this.options.tokens,
      refused: (refusedBy, error) => this.refused(refusedBy, error),
      retrying: (error, delayMs) => this.retrying(tokens, error, delayMs),
      accessTokenIssued: (expiresAt) => {
        if (this.session?.tokens !== tokens) return;
        this.retryNote = null;
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
    this.warn({ kind: 'refresh-failed', at: this.clock.now(), refreshTokenExpiresAt: session.refreshTokenExpiresAt, message: error.message });
    // The status goes out once the keychain agrees with it.
    this.forgetting = this.credentials
      .forgetTokens(tokens.lastRefreshToken)
      .catch((reason: unknown) => this.log.error('could not delete the refused tokens', { reason: (reason as Error).message }))
      .then(() => void this.publishStatus());
  }

  /**
   * A refresh failed for a reason that says nothing about the token (an HTML page, a redirect,
   * a 5xx, a timeout): the sign-in stands, and the status says why and when it is tried again.
   */
  private retrying(tokens: SessionTokens | null, error: Error, delayMs: number): void {
    if (!tokens || this.session?.tokens !== tokens) return;
    const why = error instanceof SchwabRestError ? error.message : `the refresh failed (${error.message})`;
    this.retryNote = `${why}, retrying in ${Math.ceil(delayMs / 1000)} s`;
    void this.publishStatus().catch((reason: unknown) => this.log.warn('could not publish the status', { reason: redactedMessage(reason) }));
  }

  private warn(warning: AuthWarning): void {
    this.events.emit('warning', { ...warning, message: redact(warning.message) });
  }

  private endSession(reason: string): void {
    this.problem = reason;
    this.dropSession(reason);
    void this.publishStatus();
  }

  private dropSession(reason: string): void {
    this.retryNote = null;
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
}
