// Schwab's REST calls the streaming client needs (docs/schwab-streaming.md §1–2): token exchange
// and refresh, userPreference for streamerInfo, chains and quotes. Errors are typed so callers can
// tell a refused grant (sign in again) from everything else (retry): only the token service's
// own JSON refusal counts as one (classifyTokenAnswer). Secrets go only over https (and the
// access token only to a wss streamer), except to a loopback simulator.
import { redact, registerBasicPair } from '../util/log.ts';
import type { ChainQuery, SchwabChainResponse, StreamerInfo, TokenResponse, UserPreference } from './rest-types.ts';

export const DEFAULT_API_BASE = 'https://api.schwabapi.com';

export interface AppCredentials {
  appKey: string;
  appSecret: string;
}

export type RestErrorKind =
  | 'network'
  | 'invalid-grant'
  | 'invalid-client'
  | 'unauthorized'
  | 'rate-limited'
  | 'not-found'
  | 'server'
  | 'bad-response'
  | 'insecure-url';

export class SchwabRestError extends Error {
  readonly kind: RestErrorKind;
  readonly status: number | null;

  constructor(kind: RestErrorKind, message: string, status: number | null) {
    // Messages reach statuses, windows and logs: no secret in any form.
    super(redact(message));
    this.name = 'SchwabRestError';
    this.kind = kind;
    this.status = status;
  }

  /** The token service refused the grant or the app: retrying cannot help, a sign-in can. */
  get refused(): boolean {
    return this.kind === 'invalid-grant' || this.kind === 'invalid-client';
  }

  /** Worth retrying later: anything but a refusal or a URL Fathom will not send secrets to. */
  get transient(): boolean {
    return !this.refused && this.kind !== 'insecure-url';
  }
}

export interface SchwabRestOptions {
  apiBase?: string;
  timeoutMs?: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * `url` parsed, if it may carry secrets: `secure` (https:, wss:) anywhere, the plain scheme only
 * to a loopback host (the simulator). Anything else is a SchwabRestError naming the address.
 */
export function requireSecureUrl(text: string, secure: 'https:' | 'wss:', what: string): URL {
  const plain = secure === 'https:' ? 'http:' : 'ws:';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SchwabRestError('insecure-url', `${what} is not an address: "${redact(text).slice(0, 80)}"`, null);
  }
  if (url.protocol === secure || (url.protocol === plain && LOOPBACK_HOSTS.has(url.hostname))) return url;
  throw new SchwabRestError(
    'insecure-url',
    `${what} ${url.protocol}//${url.host} is not ${secure.slice(0, -1)}: Fathom sends the app secret and tokens only over ${secure.slice(0, -1)}` +
      ` (plain ${plain.slice(0, -1)} only to a loopback simulator on 127.0.0.1, ::1 or localhost)`,
    null,
  );
}

export class SchwabRest {
  readonly apiBase: string;
  private readonly timeoutMs: number;

  constructor(options: SchwabRestOptions = {}) {
    const apiBase = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '');
    requireSecureUrl(apiBase, 'https:', 'the Schwab API base (SCHWAB_API_BASE)');
    this.apiBase = apiBase;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  authorizeUrl(appKey: string, callbackUrl: string, state?: string): string {
    const url = new URL(`${this.apiBase}/v1/oauth/authorize`);
    url.searchParams.set('client_id', appKey);
    url.searchParams.set('redirect_uri', callbackUrl);
    if (state) {
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('state', state);
    }
    return url.toString();
  }

  /** The code must already be URL-decoded (Schwab's end in %40, an encoded '@'). */
  exchangeCode(app: AppCredentials, code: string, redirectUri: string): Promise<TokenResponse> {
    return this.token(app, { grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  }

  refresh(app: AppCredentials, refreshToken: string): Promise<TokenResponse> {
    return this.token(app, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** streamerInfo[0]; its socket URL must be wss (docs/schwab-streaming.md §2.1) before a token goes there. */
  async streamerInfo(accessToken: string): Promise<StreamerInfo> {
    const pref = await this.getJson<UserPreference>('/trader/v1/userPreference', accessToken);
    const info = pref?.streamerInfo?.[0];
    if (!info || typeof info.streamerSocketUrl !== 'string' || typeof info.schwabClientCustomerId !== 'string') {
      throw new SchwabRestError('bad-response', 'userPreference has no streamerInfo[0]', 200);
    }
    requireSecureUrl(info.streamerSocketUrl, 'wss:', 'the streamer address in userPreference');
    return info;
  }

  chains(accessToken: string, symbol: string, query: ChainQuery = {}): Promise<SchwabChainResponse> {
    const params = new URLSearchParams({ symbol });
    if (query.strikeCount !== undefined) params.set('strikeCount', String(query.strikeCount));
    if (query.fromDate) params.set('fromDate', query.fromDate);
    if (query.toDate) params.set('toDate', query.toDate);
    if (query.contractType) params.set('contractType', query.contractType);
    return this.getJson<SchwabChainResponse>(`/marketdata/v1/chains?${params}`, accessToken);
  }

  quotes(accessToken: string, symbols: readonly string[]): Promise<Record<string, unknown>> {
    const params = new URLSearchParams({ symbols: symbols.join(','), fields: 'quote,reference' });
    return this.getJson<Record<string, unknown>>(`/marketdata/v1/quotes?${params}`, accessToken);
  }

  private async token(app: AppCredentials, form: Record<string, string>): Promise<TokenResponse> {
    registerBasicPair(app.appKey, app.appSecret);
    const basic = Buffer.from(`${app.appKey}:${app.appSecret}`).toString('base64');
    let answer: TokenAnswer;
    try {
      const response = await this.fetch(`${this.apiBase}/v1/oauth/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      answer = { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
    } catch (error) {
      throw new SchwabRestError('network', `Schwab's token service ${describeFailure(error, this.timeoutMs)}`, null);
    }
    const verdict = classifyTokenAnswer(answer);
    if (verdict.kind === 'tokens') return verdict.tokens;
    throw new SchwabRestError(verdict.error, `Schwab's token service ${verdict.what}`, answer.status);
  }

  private async getJson<T>(path: string, accessToken: string): Promise<T> {
    const url = `${this.apiBase}${path}`;
    let status: number;
    let body: unknown;
    try {
      const response = await this.fetch(url, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } });
      status = response.status;
      body = parseJson(await response.text());
    } catch (error) {
      throw new SchwabRestError('network', `cannot reach ${new URL(url).origin}: ${describeFailure(error, this.timeoutMs)}`, null);
    }
    const name = path.split('?')[0] ?? path;
    if (status < 200 || status > 299) throw httpError(status, name);
    if (body === undefined) throw new SchwabRestError('bad-response', `Schwab ${name}: answered ${status} with a body that is not JSON`, status);
    return body as T;
  }

  private fetch(url: string, init: RequestInit): Promise<Response> {
    // Redirects are never followed: a 3xx could send the Basic header or a token elsewhere.
    return fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'manual' });
  }
}

/** What the token endpoint answered, as read off the wire. */
export interface TokenAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

export type TokenVerdict =
  | { kind: 'tokens'; tokens: TokenResponse }
  | { kind: 'refused' | 'transient'; error: RestErrorKind; what: string };

/**
 * Which answers mean Schwab refused the grant (docs/schwab-streaming.md §1.5): a 400 or 401 with
 * a JSON body whose `error` is invalid_grant or invalid_client, or whose description carries
 * Schwab's refresh_token_authentication_error. Anything else (an HTML "Access Denied" page, a
 * redirect, a 404, a 5xx, a 200 that is not tokens) says nothing about the token: transient.
 */
export function classifyTokenAnswer(answer: TokenAnswer): TokenVerdict {
  const { status } = answer;
  const json = parseJson(answer.body);
  const object = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  const code = typeof object?.error === 'string' ? object.error : '';
  const description = typeof object?.error_description === 'string' ? object.error_description : '';
  const shown = /^[a-z_]{1,40}$/.test(code) ? code : '';
  if (status >= 200 && status <= 299) {
    const tokens = object as Partial<TokenResponse> | null;
    if (tokens && typeof tokens.access_token === 'string' && tokens.access_token !== '' && typeof tokens.expires_in === 'number') {
      return { kind: 'tokens', tokens: tokens as TokenResponse };
    }
    const what = object ? 'without an access token' : `with a body that is not JSON (${bodyKind(answer, json)})`;
    return { kind: 'transient', error: 'bad-response', what: `answered ${status} ${what}` };
  }
  if ((status === 400 || status === 401) && object) {
    if (code === 'invalid_client') return { kind: 'refused', error: 'invalid-client', what: 'refused the app key or secret: invalid_client' };
    if (code === 'invalid_grant') return { kind: 'refused', error: 'invalid-grant', what: 'refused the grant: invalid_grant' };
    if (`${code} ${description}`.includes('refresh_token_authentication_error')) {
      return { kind: 'refused', error: 'invalid-grant', what: 'refused the grant: refresh_token_authentication_error' };
    }
  }
  const detail = status >= 300 && status <= 399 ? 'a redirect' : `${bodyKind(answer, json)}${shown ? ` ${shown}` : ''}`;
  return { kind: 'transient', error: statusKind(status), what: `answered ${status} (${detail})` };
}

/** A request that got no answer: timed out, refused, reset. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return `did not answer within ${Math.round(timeoutMs / 100) / 10} s`;
  const cause = error instanceof Error ? (error as { cause?: { code?: unknown; message?: unknown } }).cause : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (code === 'ECONNREFUSED') return 'could not be reached (connection refused)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'could not be reached (host not found)';
  const reason = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return `could not be reached (${reason.slice(0, 120)})`;
}

function parseJson(text: string): unknown {
  if (!text.trim()) return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function bodyKind(answer: TokenAnswer, json: unknown): string {
  if (!answer.body.trim()) return 'empty';
  if (json !== undefined) return 'JSON';
  if (/html/i.test(answer.contentType ?? '') || /^\s*</.test(answer.body)) return 'HTML';
  return 'text';
}

function statusKind(status: number): RestErrorKind {
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  if (status === 401 || status === 403) return 'unauthorized';
  return 'bad-response';
}

function httpError(status: number, path: string): SchwabRestError {
  if (status === 401 || status === 403) return new SchwabRestError('unauthorized', `Schwab ${path}: not authorized (${status})`, status);
  if (status === 404) return new SchwabRestError('not-found', `Schwab ${path}: not found`, status);
  if (status === 429) return new SchwabRestError('rate-limited', `Schwab ${path}: rate limit reached (120 requests/min)`, status);
  if (status >= 500) return new SchwabRestError('server', `Schwab ${path}: server error ${status}`, status);
  return new SchwabRestError('bad-response', `Schwab ${path}: unexpected status ${status}`, status);
}
