// The simulator's OAuth authority (docs/schwab-streaming.md §1): authorization codes, access and
// refresh tokens, their lifetimes on the injected clock, and the error bodies Schwab answers with.
// Everything minted here is registered as a secret so no log line can carry it.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../util/clock.ts';
import { registerSecret } from '../../util/log.ts';

export const AUTH_CODE_TTL_MS = 30_000;
export const ACCESS_TOKEN_TTL_S = 1800;
export const REFRESH_TOKEN_TTL_MS = 7 * 24 * 3_600_000;

export interface RegisteredApp {
  appKey: string;
  appSecret: string;
  /** One callback URL, or several separated by commas (Schwab allows several). */
  callbackUrl: string;
}

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  id_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: 'api';
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

export type OAuthResult<T> =
  { ok: true; value: T } | { ok: false; status: number; body: OAuthErrorBody };

interface IssuedCode {
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}

/**
 * Schwab's wording for a refresh token it no longer accepts (docs/schwab-streaming.md §1.5,
 * Schwabdev#40).
 */
export function refreshRefusedBody(): OAuthErrorBody {
  const inner = JSON.stringify({
    error_description:
      'Exception while authenticating refresh token [...], refresh_token_authentication_error',
  });
  return {
    error: 'unsupported_token_type',
    error_description: `400 Bad Request: ${JSON.stringify(inner)}`,
  };
}

function fail<T>(status: number, error: string, description: string): OAuthResult<T> {
  return { ok: false, status, body: { error, error_description: description } };
}

/** Base64url of random bytes; Schwab's codes and tokens end in '@', which callers must encode. */
function opaque(prefix: string, bytes: number): string {
  const value = `${prefix}${randomBytes(bytes).toString('base64url')}@`;
  registerSecret(value);
  return value;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class OAuthAuthority {
  readonly app: RegisteredApp;
  private readonly clock: Clock;
  private readonly codes = new Map<string, IssuedCode>();
  /** token → expiry (epoch ms on the injected clock) */
  private readonly accessTokens = new Map<string, number>();
  private readonly refreshTokens = new Map<string, number>();
  private refusalsLeft = 0;

  constructor(app: RegisteredApp, clock: Clock) {
    this.app = app;
    this.clock = clock;
    registerSecret(app.appSecret);
  }

  callbacks(): string[] {
    return this.app.callbackUrl
      .split(',')
      .map((url) => url.trim())
      .filter((url) => url !== '');
  }

  /** The authorize step without the login pages: checks the app and callback, mints a code. */
  authorize(
    clientId: string | null,
    redirectUri: string,
    responseType: string | null,
  ): OAuthResult<string> {
    if (clientId === null || !sameText(clientId, this.app.appKey))
      return fail(401, 'invalid_client', 'Unknown client_id');
    if (!this.callbacks().includes(redirectUri)) {
      return fail(400, 'invalid_request', 'redirect_uri does not match a registered callback URL');
    }
    if (responseType !== null && responseType !== 'code')
      return fail(400, 'unsupported_response_type', 'Only response_type=code');
    const code = opaque('C0.', 48);
    this.codes.set(code, {
      redirectUri,
      expiresAt: this.clock.now() + AUTH_CODE_TTL_MS,
      used: false,
    });
    this.prune();
    return { ok: true, value: code };
  }

  /** POST /v1/oauth/token: HTTP Basic client authentication, then the grant. */
  grant(authorization: string | undefined, form: URLSearchParams): OAuthResult<TokenSet> {
    if (!this.clientAuthenticated(authorization))
      return fail(401, 'invalid_client', 'Client authentication failed');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code')
      return this.exchangeCode(form.get('code'), form.get('redirect_uri'));
    if (grantType === 'refresh_token') return this.refresh(form.get('refresh_token'));
    return fail(
      400,
      'unsupported_grant_type',
      'grant_type must be authorization_code or refresh_token',
    );
  }

  /** A valid refresh token without the browser step (demo mode and tests). */
  issueRefreshToken(): string {
    const token = opaque('', 64);
    this.refreshTokens.set(token, this.clock.now() + REFRESH_TOKEN_TTL_MS);
    return token;
  }

  accessTokenValid(token: string | undefined): boolean {
    if (!token) return false;
    const expiresAt = this.accessTokens.get(token);
    return expiresAt !== undefined && this.clock.now() < expiresAt;
  }

  /** Fault: every access token issued so far stops working (REST 401, LOGIN code 3). */
  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, now);
  }

  /** Fault: the next `count` refresh grants fail as if the refresh token were invalid. */
  refuseRefreshes(count: number): void {
    this.refusalsLeft = Math.max(0, Math.floor(count));
  }

  private clientAuthenticated(authorization: string | undefined): boolean {
    const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    return (
      sameText(decoded.slice(0, colon), this.app.appKey) &&
      sameText(decoded.slice(colon + 1), this.app.appSecret)
    );
  }

  private exchangeCode(code: string | null, redirectUri: string | null): OAuthResult<TokenSet> {
    const issued = code === null ? undefined : this.codes.get(code);
    if (!issued || issued.used)
      return fail(400, 'invalid_grant', 'Authorization code is invalid or was already used');
    // Single use: a second exchange fails even if the first one was refused for a bad redirect.
    issued.used = true;
    if (this.clock.now() >= issued.expiresAt)
      return fail(400, 'invalid_grant', 'Authorization code has expired');
    if (redirectUri !== issued.redirectUri)
      return fail(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    return { ok: true, value: this.tokens(this.issueRefreshToken()) };
  }

  private refresh(refreshToken: string | null): OAuthResult<TokenSet> {
    if (refreshToken === null || refreshToken === '')
      return fail(400, 'invalid_request', 'refresh_token is required');
    const expiresAt = this.refreshTokens.get(refreshToken);
    if (this.refusalsLeft > 0) {
      this.refusalsLeft--;
      return { ok: false, status: 400, body: refreshRefusedBody() };
    }
    if (expiresAt === undefined || this.clock.now() >= expiresAt)
      return { ok: false, status: 400, body: refreshRefusedBody() };
    // Refreshing does not extend the refresh token: the same token comes back with its old expiry.
    return { ok: true, value: this.tokens(refreshToken) };
  }

  private tokens(refreshToken: string): TokenSet {
    const now = this.clock.now();
    const accessToken = opaque('I0.', 48);
    this.accessTokens.set(accessToken, now + ACCESS_TOKEN_TTL_S * 1000);
    this.prune();
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: this.idToken(now),
      expires_in: ACCESS_TOKEN_TTL_S,
      token_type: 'Bearer',
      scope: 'api',
    };
  }

  /** JWT-shaped; nothing verifies it, but it should look like what Schwab returns. */
  private idToken(now: number): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = part({ alg: 'RS256', typ: 'JWT' });
    const payload = part({
      sub: randomUUID(),
      aud: this.app.appKey,
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + ACCESS_TOKEN_TTL_S,
    });
    const token = `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
    registerSecret(token);
    return token;
  }

  /** Drops long-dead codes and tokens so a long demo session does not grow without bound. */
  private prune(): void {
    const now = this.clock.now();
    if (this.codes.size > 256) {
      for (const [code, issued] of this.codes)
        if (issued.used || issued.expiresAt <= now) this.codes.delete(code);
    }
    if (this.accessTokens.size > 1024) {
      for (const [token, expiresAt] of this.accessTokens)
        if (expiresAt <= now) this.accessTokens.delete(token);
    }
  }
}
