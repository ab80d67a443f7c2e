// A tiny token service on loopback for tests: POST /v1/oauth/token answers what the test queued
// (the answers Schwab's token service has been seen to give, docs/schwab-streaming.md §1.5),
// and valid tokens once the queue is empty. It can hang, stop listening (connection refused)
// and listen again on the same port. GET /trader/v1/userPreference names `streamerSocketUrl`.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Canned {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** 'tokens': a valid answer; 'hang': the request is never answered. */
export type TokenAnswerScript = Canned | 'tokens' | 'hang';

const plain = (status: number, headers: Record<string, string>, body: string): Canned => ({ status, headers, body });
const json = (status: number, body: unknown): Canned => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const html = (status: number, body: string): Canned => ({ status, headers: { 'content-type': 'text/html' }, body });

/** Answers that say Schwab refused the grant: the refresh token must go. */
export const REFUSALS = {
  '400 JSON invalid_grant': json(400, { error: 'invalid_grant', error_description: 'refresh token is invalid or expired' }),
  '401 JSON invalid_client': json(401, { error: 'invalid_client', error_description: 'refresh token invalid' }),
  '400 JSON refresh_token_authentication_error (Schwab)': json(400, {
    error: 'unsupported_token_type',
    error_description: '400 Bad Request: "{\\"error_description\\":\\"Exception while authenticating refresh token [...], refresh_token_authentication_error\\"}"',
  }),
} satisfies Record<string, Canned>;

/** Answers that say nothing about the token: kept, and retried. `shown` is how the status names them. */
export const UNCLEAR = {
  '403 HTML Access Denied': {
    answer: html(403, '<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>You don\'t have permission to access this server.<P>Reference #18.5f2e1002.1718745000.1a2b3c</BODY></HTML>'),
    shown: 'answered 403 (HTML)',
  },
  '404 not found': { answer: json(404, { status: 404, error: 'Not Found', path: '/v1/oauth/token' }), shown: 'answered 404 (JSON)' },
  '302 redirect': { answer: plain(302, { location: 'https://www.schwab.com/maintenance' }, ''), shown: 'answered 302 (a redirect)' },
  '500 Whitelabel Error Page': {
    answer: html(500, '<html><body><h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error</p></body></html>'),
    shown: 'answered 500 (HTML)',
  },
  '503 Service Unavailable': { answer: plain(503, { 'content-type': 'text/plain' }, 'Service Unavailable'), shown: 'answered 503 (text)' },
  '200 with a body that is not JSON': {
    answer: html(200, '<html><body>We are unable to complete your request. Please contact customer service for further assistance.</body></html>'),
    shown: 'answered 200 with a body that is not JSON (HTML)',
  },
} satisfies Record<string, { answer: Canned; shown: string }>;

export interface TokenRequest {
  authorization: string | undefined;
  form: URLSearchParams;
}

export interface TokenServer {
  readonly apiBase: string;
  /** The next token requests get these, in order; then valid tokens. */
  readonly answers: TokenAnswerScript[];
  readonly requests: TokenRequest[];
  /** Every access token it gave out. */
  readonly issued: string[];
  /** What userPreference names as the streamer. */
  streamerSocketUrl: string;
  /** Stops listening: the next request is refused (ECONNREFUSED) until `reopen`. */
  refuse(): Promise<void>;
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export async function startTokenServer(host = '127.0.0.1'): Promise<TokenServer> {
  const hanging = new Set<ServerResponse>();
  const state = {
    answers: [] as TokenAnswerScript[],
    requests: [] as TokenRequest[],
    issued: [] as string[],
    streamerSocketUrl: 'ws://127.0.0.1:9/ws',
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    // No keep-alive: a client must not reuse a socket across refuse(), or it would see a reset
    // where the test means a refused connection.
    res.setHeader('connection', 'close');
    if (req.method === 'GET' && req.url?.startsWith('/trader/v1/userPreference')) {
      const info = { streamerSocketUrl: server.streamerSocketUrl, schwabClientCustomerId: 'c'.repeat(64), schwabClientCorrelId: 'corr', schwabClientChannel: 'N9', schwabClientFunctionId: 'APIAPP' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ streamerInfo: [info] }));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/oauth/token') {
      res.writeHead(404).end();
      return;
    }
    const form = new URLSearchParams(body);
    state.requests.push({ authorization: req.headers.authorization, form });
    const script = state.answers.shift() ?? 'tokens';
    if (script === 'hang') {
      hanging.add(res);
      return;
    }
    if (script === 'tokens') {
      const accessToken = `I0.${randomBytes(24).toString('base64url')}@`;
      state.issued.push(accessToken);
      const refreshToken = form.get('refresh_token') ?? `${randomBytes(48).toString('base64url')}@`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: accessToken, refresh_token: refreshToken, id_token: 'id', expires_in: 1800, token_type: 'Bearer', scope: 'api' }));
      return;
    }
    res.writeHead(script.status, script.headers ?? {}).end(script.body);
  };
  const http: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => http.listen(0, host, resolve));
  const port = (http.address() as AddressInfo).port;
  const stop = async () => {
    for (const res of hanging) res.destroy();
    hanging.clear();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  const server: TokenServer = {
    apiBase: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    get answers() {
      return state.answers;
    },
    get requests() {
      return state.requests;
    },
    get issued() {
      return state.issued;
    },
    get streamerSocketUrl() {
      return state.streamerSocketUrl;
    },
    set streamerSocketUrl(url: string) {
      state.streamerSocketUrl = url;
    },
    refuse: stop,
    reopen: () => new Promise<void>((resolve) => http.listen(port, host, resolve)),
    close: async () => {
      if (http.listening) await stop();
    },
  };
  return server;
}
