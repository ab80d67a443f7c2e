// Schwab's REST calls the streaming client needs (docs/schwab-streaming.md §1–2): token exchange
// and refresh, userPreference for streamerInfo, chains and quotes. Errors are typed so callers can
// tell an invalid refresh token (sign in again) from a network blip (retry).
import type { ChainQuery, SchwabChainResponse, StreamerInfo, TokenResponse, UserPreference } from './rest-types.ts';

export const DEFAULT_API_BASE = 'https://api.schwabapi.com';

export interface AppCredentials {
  appKey: string;
  appSecret: string;
}

export type RestErrorKind = 'network' | 'invalid-grant' | 'unauthorized' | 'rate-limited' | 'not-found' | 'server' | 'bad-response';

export class SchwabRestError extends Error {
  readonly kind: RestErrorKind;
  readonly status: number | null;

  constructor(kind: RestErrorKind, message: string, status: number | null) {
    super(message);
    this.name = 'SchwabRestError';
    this.kind = kind;
    this.status = status;
  }

  /** Worth retrying later (the network, Schwab's side, a rate limit); not a bad credential. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'rate-limited';
  }
}

export interface SchwabRestOptions {
  apiBase?: string;
  timeoutMs?: number;
}

export class SchwabRest {
  readonly apiBase: string;
  private readonly timeoutMs: number;

  constructor(options: SchwabRestOptions = {}) {
    this.apiBase = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '');
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

  async streamerInfo(accessToken: string): Promise<StreamerInfo> {
    const pref = await this.getJson<UserPreference>('/trader/v1/userPreference', accessToken);
    const info = pref.streamerInfo?.[0];
    if (!info || typeof info.streamerSocketUrl !== 'string' || typeof info.schwabClientCustomerId !== 'string') {
      throw new SchwabRestError('bad-response', 'userPreference has no streamerInfo[0]', 200);
    }
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
    const basic = Buffer.from(`${app.appKey}:${app.appSecret}`).toString('base64');
    const response = await this.send(`${this.apiBase}/v1/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    const body = await readBody(response);
    if (!response.ok) throw tokenError(response.status, body);
    const tokens = body as Partial<TokenResponse> | null;
    if (!tokens || typeof tokens.access_token !== 'string' || typeof tokens.expires_in !== 'number') {
      throw new SchwabRestError('bad-response', 'the token endpoint answered without an access token', response.status);
    }
    return tokens as TokenResponse;
  }

  private async getJson<T>(path: string, accessToken: string): Promise<T> {
    const response = await this.send(`${this.apiBase}${path}`, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
    });
    const body = await readBody(response);
    if (!response.ok) throw httpError(response.status, body, path.split('?')[0] ?? path);
    return body as T;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'manual' });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SchwabRestError('network', `cannot reach ${new URL(url).origin}: ${reason}`, null);
    }
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    // Schwab sometimes answers with an HTML page (Access Denied, Whitelabel Error Page).
    return { html: text.slice(0, 200) };
  }
}

function tokenError(status: number, body: unknown): SchwabRestError {
  const error = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof error.error === 'string' ? error.error : '';
  if (status === 400 || status === 401) {
    const kind: RestErrorKind = code === 'invalid_client' ? 'unauthorized' : 'invalid-grant';
    const what = kind === 'unauthorized' ? 'the app key or secret was refused' : 'the code or refresh token was refused';
    return new SchwabRestError(kind, `Schwab token endpoint: ${what} (${code || status})`, status);
  }
  return httpError(status, body, '/v1/oauth/token');
}

function httpError(status: number, _body: unknown, path: string): SchwabRestError {
  if (status === 401 || status === 403) return new SchwabRestError('unauthorized', `Schwab ${path}: not authorized (${status})`, status);
  if (status === 404) return new SchwabRestError('not-found', `Schwab ${path}: not found`, status);
  if (status === 429) return new SchwabRestError('rate-limited', `Schwab ${path}: rate limit reached (120 requests/min)`, status);
  if (status >= 500) return new SchwabRestError('server', `Schwab ${path}: server error ${status}`, status);
  return new SchwabRestError('bad-response', `Schwab ${path}: unexpected status ${status}`, status);
}
