// Which token answers mean Schwab refused the grant (docs/schwab-streaming.md §1.5), first as a
// table over the pure classifier, then over real HTTP against a tiny loopback token service:
// every unclear answer (issue 15: a 403 HTML page, a 302, a 404, a 5xx, a 200 that is not JSON,
// a timeout, a refused connection) is transient. And secrets go only over https and wss.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { silentLogger } from '../util/log.ts';
import { StreamConnection } from './connection.ts';
import { FrameProcessor } from './frame-processor.ts';
import { classifyTokenAnswer, requireSecureUrl, SchwabRest, SchwabRestError, type TokenAnswer } from './rest.ts';
import { REFUSALS, startTokenServer, UNCLEAR, type TokenServer } from './token-server.testkit.ts';

const APP = { appKey: 'RestTestAppKey0123456789abcdefgh', appSecret: 'rest-test-app-secret-0123456789' };
const answer = (status: number, body: string, contentType: string | null = 'application/json'): TokenAnswer => ({ status, contentType, body });
const tokens = JSON.stringify({ access_token: 'I0.abc@', refresh_token: 'r@', expires_in: 1800, token_type: 'Bearer' });

describe('classifyTokenAnswer: only a JSON refusal ends the sign-in', () => {
  const table: [string, TokenAnswer, { kind: string; error?: string; what?: string }][] = [
    ['200 with tokens', answer(200, tokens), { kind: 'tokens' }],
    ['400 JSON invalid_grant', answer(400, '{"error":"invalid_grant"}'), { kind: 'refused', error: 'invalid-grant', what: 'refused the grant: invalid_grant' }],
    ['401 JSON invalid_grant', answer(401, '{"error":"invalid_grant"}'), { kind: 'refused', error: 'invalid-grant' }],
    ['401 JSON invalid_client', answer(401, '{"error":"invalid_client","error_description":"refresh token invalid"}'), { kind: 'refused', error: 'invalid-client', what: 'refused the app key or secret: invalid_client' }],
    ['400 JSON invalid_client', answer(400, '{"error":"invalid_client"}'), { kind: 'refused', error: 'invalid-client' }],
    ["400 JSON Schwab's refresh_token_authentication_error", answer(400, REFUSALS['400 JSON refresh_token_authentication_error (Schwab)'].body), { kind: 'refused', error: 'invalid-grant' }],
    ['400 JSON invalid_grant served as text/html', answer(400, '{"error":"invalid_grant"}', 'text/html'), { kind: 'refused', error: 'invalid-grant' }],
    ['400 JSON unsupported_token_type alone', answer(400, '{"error":"unsupported_token_type"}'), { kind: 'transient', what: 'answered 400 (JSON unsupported_token_type)' }],
    ['400 JSON invalid_request', answer(400, '{"error":"invalid_request"}'), { kind: 'transient', error: 'bad-response', what: 'answered 400 (JSON invalid_request)' }],
    ['400 HTML', answer(400, '<html>Bad Request</html>', 'text/html'), { kind: 'transient', what: 'answered 400 (HTML)' }],
    ['401 HTML', answer(401, '<html>Unauthorized</html>', 'text/html'), { kind: 'transient', error: 'unauthorized', what: 'answered 401 (HTML)' }],
    ['401 empty', answer(401, '', null), { kind: 'transient', what: 'answered 401 (empty)' }],
    ['403 JSON invalid_grant (not a token-service status)', answer(403, '{"error":"invalid_grant"}'), { kind: 'transient', what: 'answered 403 (JSON invalid_grant)' }],
    ['429 rate limited', answer(429, '', null), { kind: 'transient', error: 'rate-limited' }],
    ['200 JSON without an access token', answer(200, '{"error":"invalid_grant"}'), { kind: 'transient', error: 'bad-response', what: 'answered 200 without an access token' }],
    ['200 JSON with expires_in as text', answer(200, tokens.replace('1800', '"1800"')), { kind: 'transient', error: 'bad-response' }],
    ['200 plain text', answer(200, 'ok', 'text/plain'), { kind: 'transient', what: 'answered 200 with a body that is not JSON (text)' }],
    ['200 empty', answer(200, '', null), { kind: 'transient', what: 'answered 200 with a body that is not JSON (empty)' }],
    ['a JSON error code that is not a code is not shown', answer(400, '{"error":"<script>x</script>"}'), { kind: 'transient', what: 'answered 400 (JSON)' }],
  ];
  for (const [name, { answer: canned, shown }] of Object.entries(UNCLEAR)) {
    table.push([name, answer(canned.status, canned.body, canned.headers?.['content-type'] ?? null), { kind: 'transient', what: shown }]);
  }
  for (const [name, input, expected] of table) {
    it(`${name}: ${expected.kind}`, () => expect(classifyTokenAnswer(input)).toMatchObject(expected));
  }
});

describe('SchwabRest.refresh against a loopback token service (issue 15 reproductions)', () => {
  let server: TokenServer;
  afterEach(() => server.close());

  async function refreshError(rest: SchwabRest): Promise<SchwabRestError> {
    const error = await rest.refresh(APP, 'refresh-token-abc@').then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SchwabRestError);
    return error as SchwabRestError;
  }

  for (const [name, canned] of Object.entries(REFUSALS)) {
    it(`${name}: refused`, async () => {
      server = await startTokenServer();
      server.answers.push(canned);
      const error = await refreshError(new SchwabRest({ apiBase: server.apiBase }));
      expect(error.refused).toBe(true);
      expect(error.transient).toBe(false);
      expect(error.message).toMatch(/^Schwab's token service refused the (grant|app key or secret): [a-z_]+$/);
    });
  }

  for (const [name, { answer: canned, shown }] of Object.entries(UNCLEAR)) {
    it(`${name}: transient, not a refusal`, async () => {
      server = await startTokenServer();
      server.answers.push(canned);
      const error = await refreshError(new SchwabRest({ apiBase: server.apiBase }));
      expect(error).toMatchObject({ refused: false, transient: true, message: `Schwab's token service ${shown}` });
    });
  }

  it('a token service that does not answer in time: transient', async () => {
    server = await startTokenServer();
    server.answers.push('hang');
    const error = await refreshError(new SchwabRest({ apiBase: server.apiBase, timeoutMs: 50 }));
    expect(error).toMatchObject({ kind: 'network', refused: false, transient: true, message: "Schwab's token service did not answer within 0.1 s" });
  });

  it('a token service that refuses the connection: transient', async () => {
    server = await startTokenServer();
    await server.refuse();
    const error = await refreshError(new SchwabRest({ apiBase: server.apiBase }));
    expect(error).toMatchObject({ kind: 'network', refused: false, message: "Schwab's token service could not be reached (connection refused)" });
  });

  it('sends the app as HTTP Basic and the grant form-encoded (docs/schwab-streaming.md §1.2)', async () => {
    server = await startTokenServer();
    await new SchwabRest({ apiBase: server.apiBase }).refresh(APP, 'refresh+token/with@');
    expect(server.requests[0]?.authorization).toBe(`Basic ${Buffer.from(`${APP.appKey}:${APP.appSecret}`).toString('base64')}`);
    expect(Object.fromEntries(server.requests[0]?.form ?? [])).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh+token/with@' });
  });
});

describe('https and wss only (issue 15: secrets in clear)', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('refuses an http API base that is not loopback, with a clear error and no request', async () => {
    // 127.0.0.2 answers on this machine, yet it is not one of the simulator's loopback names.
    const elsewhere = await startTokenServer('127.0.0.2');
    closers.push(() => elsewhere.close());
    for (const base of [elsewhere.apiBase, 'http://api.schwabapi.com', 'ftp://api.schwabapi.com', 'api.schwabapi.com']) {
      expect(() => new SchwabRest({ apiBase: base })).toThrow(SchwabRestError);
    }
    expect(() => new SchwabRest({ apiBase: 'http://api.schwabapi.com' })).toThrow(
      /^the Schwab API base \(SCHWAB_API_BASE\) http:\/\/api\.schwabapi\.com is not https: Fathom sends the app secret and tokens only over https/,
    );
    expect(elsewhere.requests).toEqual([]);
  });

  it('accepts https anywhere and plain http on 127.0.0.1, ::1 and localhost (the simulator)', async () => {
    for (const base of ['https://api.schwabapi.com', 'https://example.test:8443/', 'http://127.0.0.1:1', 'http://[::1]:1', 'http://localhost:1']) {
      expect(new SchwabRest({ apiBase: base }).apiBase).toBe(base.replace(/\/$/, ''));
    }
    const v6 = await startTokenServer('::1');
    closers.push(() => v6.close());
    expect((await new SchwabRest({ apiBase: v6.apiBase }).refresh(APP, 'refresh-token-abc@')).access_token).toBe(v6.issued[0]);
  });

  it('refuses a userPreference streamer that is not wss (unless loopback) before a socket opens', async () => {
    const server = await startTokenServer();
    closers.push(() => server.close());
    const rest = new SchwabRest({ apiBase: server.apiBase });
    for (const url of ['ws://streamer-api.schwab.com/ws', 'ws://127.0.0.2:9/ws', 'https://streamer-api.schwab.com/ws', 'not a url']) {
      server.streamerSocketUrl = url;
      await expect(rest.streamerInfo('access-token-abc')).rejects.toMatchObject({ kind: 'insecure-url' });
    }
    server.streamerSocketUrl = 'ws://streamer-api.schwab.com/ws';
    await expect(rest.streamerInfo('access-token-abc')).rejects.toThrow(/^the streamer address in userPreference ws:\/\/streamer-api\.schwab\.com is not wss: /);
    for (const url of ['wss://streamer-api.schwab.com/ws', 'ws://127.0.0.1:9/ws', 'ws://localhost:9/ws', 'ws://[::1]:9/ws']) {
      server.streamerSocketUrl = url;
      expect((await rest.streamerInfo('access-token-abc')).streamerSocketUrl).toBe(url);
    }
  });

  it('a connection to a ws:// streamer that is not loopback never sends LOGIN with the access token', async () => {
    const received: string[] = [];
    let firstMessage: (text: string) => void = () => undefined;
    const arrived = new Promise<string>((resolve) => (firstMessage = resolve));
    const listen = async (host: string) => {
      const wss = new WebSocketServer({ host, port: 0 });
      await new Promise((resolve) => wss.once('listening', resolve));
      wss.on('connection', (socket) =>
        socket.on('message', (data) => {
          received.push(data.toString());
          firstMessage(data.toString());
        }),
      );
      closers.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
      return `ws://${host}:${(wss.address() as AddressInfo).port}/ws`;
    };
    const connect = (streamerSocketUrl: string) =>
      new StreamConnection({
        info: { streamerSocketUrl, schwabClientCustomerId: 'c', schwabClientCorrelId: 'r', schwabClientChannel: 'N9', schwabClientFunctionId: 'APIAPP' },
        accessToken: 'I0.the-access-token@',
        clock: new ManualClock(0),
        processor: new FrameProcessor(),
        logger: silentLogger,
        livenessTimeoutMs: 60_000,
        pingIntervalMs: 60_000,
        requestTimeoutMs: 60_000,
        perMessageDeflate: false,
        onFrame: () => undefined,
        onClose: () => undefined,
      });
    const elsewhere = connect(await listen('127.0.0.2'));
    await expect(elsewhere.login()).rejects.toThrow(/^the streamer address ws:\/\/127\.0\.0\.2:\d+ is not wss/);
    elsewhere.terminate('test over');
    // The same connection to the loopback simulator's address does log in with the token.
    const loopback = connect(await listen('127.0.0.1'));
    const login = loopback.login().catch((error: unknown) => error);
    const sent = await arrived;
    loopback.terminate('test over');
    expect(await login).toBeInstanceOf(Error);
    expect(received).toHaveLength(1);
    expect(JSON.parse(sent)).toMatchObject({ requests: [{ command: 'LOGIN', parameters: { Authorization: 'I0.the-access-token@' } }] });
  });

  it('requireSecureUrl names the address without its path or query', () => {
    expect(() => requireSecureUrl('http://example.test/v1?secret=x', 'https:', 'the base')).toThrow(/^the base http:\/\/example\.test is not https/);
  });
});
