// Schwab's REST calls the streaming client needs (docs/schwab-streaming.md §1–2): token exchange
// and refresh, userPreference for streamerInfo, chains and quotes. Errors are typed so callers can
// tell a refused grant (sign in again) from everything else (retry): only the token service's
// own JSON refusal counts as one (classifyTokenAnswer). Secrets go only over https (and the
// access token only to a wss streamer), except to a loopback simulator. Market-data and trader
// calls go through one rate limiter per clock (the app has one clock per thread), so every
// caller together stays under Schwab's ~120 requests a minute (docs/schwab-streaming.md §6.1;
// rest-rate-limiter.ts).
import type { Clock } from '../util/clock.ts';
import { redact, registerBasicPair } from '../util/log.ts';
import { restLimiterFor, type RestRateLimiter } from './rest-rate-limiter.ts';
import type { ChainRequest, SchwabCandle, SchwabChainResponse, SchwabExpiration, SchwabExpirationChain, SchwabPriceHistory, StreamerInfo, TokenResponse, UserPreference } from './rest-types.ts';

export { REST_REQUESTS_PER_MINUTE, REST_WINDOW_MS, RestRateLimiter, restLimiterFor } from './rest-rate-limiter.ts';

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
  | 'too-big'
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

  /**
   * Worth retrying later: anything but a refusal, a URL Fathom will not send secrets to, or an
   * answer too big for Schwab's buffer (the same request overflows again).
   */
  get transient(): boolean {
    return !this.refused && this.kind !== 'insecure-url' && this.kind !== 'too-big';
  }
}

/** Strikes a chain request asks for when its caller did not say. */
export const DEFAULT_CHAIN_STRIKES = 20;
/** Expiries a chain request covers when its caller gave neither a count nor dates. */
export const DEFAULT_CHAIN_EXPIRIES = 4;
/** How long a symbol's listed expiries are kept before they are asked again. */
const EXPIRATIONS_TTL_MS = 15 * 60_000;

export interface SchwabRestOptions {
  apiBase?: string;
  timeoutMs?: number;
  /** The clock whose limiter this client shares (restLimiterFor); the system clock's without. */
  clock?: Clock;
  /** A limiter of its own, instead of the clock's (tests). */
  limiter?: RestRateLimiter;
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
  /**
   * Shared by every market-data and trader call. Token requests do not wait in it: a refresh
   * must never queue behind a burst of chains while the access token runs out, it happens
   * about twice an hour, and it is the OAuth service's, not the API's, budget.
   */
  readonly limiter: RestRateLimiter;
  private readonly timeoutMs: number;
  private readonly expirationsCache = new Map<string, { at: number; list: SchwabExpiration[] }>();

  constructor(options: SchwabRestOptions = {}) {
    const apiBase = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '');
    requireSecureUrl(apiBase, 'https:', 'the Schwab API base (SCHWAB_API_BASE)');
    this.apiBase = apiBase;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.limiter = options.limiter ?? restLimiterFor(options.clock);
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

  /**
   * A chain limited by strikes and dates, always (docs/schwab-streaming.md §2.2: an unlimited
   * chain of a big root overflows Schwab's answer). Without dates it covers the nearest
   * `expiries` listed expiries (and one more, in case the nearest closed today).
   */
  async chains(accessToken: string, symbol: string, request: ChainRequest = {}): Promise<SchwabChainResponse> {
    const strikeCount = request.strikeCount ?? DEFAULT_CHAIN_STRIKES;
    if (!Number.isInteger(strikeCount) || strikeCount < 1) throw new Error(`a chain's strikeCount is a whole number, at least 1, not ${strikeCount}`);
    let { fromDate, toDate } = request;
    if (fromDate === undefined || toDate === undefined) {
      const expiries = request.expiries ?? DEFAULT_CHAIN_EXPIRIES;
      if (!Number.isInteger(expiries) || expiries < 1) throw new Error(`a chain covers a whole number of expiries, at least 1, not ${expiries}`);
      const listed = await this.expirations(accessToken, symbol);
      const covered = listed.slice(0, expiries + 1);
      if (covered.length === 0) throw new SchwabRestError('not-found', `Schwab lists no option expiries for ${symbol}`, 200);
      fromDate ??= (covered[0] as SchwabExpiration).expirationDate;
      toDate ??= (covered[covered.length - 1] as SchwabExpiration).expirationDate;
    }
    const params = new URLSearchParams({ symbol, strikeCount: String(strikeCount), fromDate, toDate });
    if (request.contractType) params.set('contractType', request.contractType);
    return this.getJson<SchwabChainResponse>(`/marketdata/v1/chains?${params}`, accessToken);
  }

  /** Daily candles of an underlying over the last `months` months, oldest first. */
  async dailyPriceHistory(accessToken: string, symbol: string, months = 2): Promise<SchwabCandle[]> {
    const params = new URLSearchParams({ symbol, periodType: 'month', period: String(months), frequencyType: 'daily', frequency: '1' });
    const answer = await this.getJson<SchwabPriceHistory>(`/marketdata/v1/pricehistory?${params}`, accessToken);
    if (!Array.isArray(answer?.candles)) throw new SchwabRestError('bad-response', `pricehistory for ${symbol} has no candles`, 200);
    return answer.candles.filter((c) => Number.isFinite(c?.close) && Number.isFinite(c?.datetime)).sort((a, b) => a.datetime - b.datetime);
  }

  /** The listed expiries of an underlying, nearest first (kept 15 minutes per symbol). */
  async expirations(accessToken: string, symbol: string): Promise<SchwabExpiration[]> {
    const now = this.limiter.clock.now();
    const cached = this.expirationsCache.get(symbol);
    if (cached && now - cached.at < EXPIRATIONS_TTL_MS) return cached.list;
    const answer = await this.getJson<SchwabExpirationChain>(`/marketdata/v1/expirationchain?${new URLSearchParams({ symbol })}`, accessToken);
    const list = (Array.isArray(answer?.expirationList) ? answer.expirationList : [])
      .filter((e): e is SchwabExpiration => typeof e?.expirationDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.expirationDate))
      .sort((a, b) => a.expirationDate.localeCompare(b.expirationDate));
    this.expirationsCache.set(symbol, { at: now, list });
    return list;
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
      const response = await this.limiter.run(() => this.fetch(url, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } }));
      status = response.status;
      body = parseJson(await response.text());
    } catch (error) {
      throw new SchwabRestError('network', `cannot reach ${new URL(url).origin}: ${describeFailure(error, this.timeoutMs)}`, null);
    }
    const name = path.split('?')[0] ?? path;
    if (isTooBigBody(status, body)) {
      throw new SchwabRestError('too-big', `Schwab ${name}: the answer is too big for Schwab's buffer (Body buffer overflow); ask fewer strikes or dates`, status);
    }
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

/** Schwab's gateway refusing an answer too big to buffer: 502 with an Apigee fault (docs/schwab-streaming.md §2.2). */
function isTooBigBody(status: number, body: unknown): boolean {
  if (status !== 502 || typeof body !== 'object' || body === null) return false;
  const fault = (body as { fault?: { faultstring?: unknown; detail?: { errorcode?: unknown } } }).fault;
  return fault?.detail?.errorcode === 'protocol.http.TooBigBody' || fault?.faultstring === 'Body buffer overflow';
}

function httpError(status: number, path: string): SchwabRestError {
  if (status === 401 || status === 403) return new SchwabRestError('unauthorized', `Schwab ${path}: not authorized (${status})`, status);
  if (status === 404) return new SchwabRestError('not-found', `Schwab ${path}: not found`, status);
  if (status === 429) return new SchwabRestError('rate-limited', `Schwab ${path}: rate limit reached (120 requests/min)`, status);
  if (status >= 500) return new SchwabRestError('server', `Schwab ${path}: server error ${status}`, status);
  return new SchwabRestError('bad-response', `Schwab ${path}: unexpected status ${status}`, status);
}
