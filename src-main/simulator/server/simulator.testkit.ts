// Test-only helpers: a raw `ws` streamer client that records every frame and lets a test await
// the next one matching a predicate, sign-in shortcuts against a running simulator, and the
// set-ups the server tests share (a scripted simulator per test, the app's own client, faults
// over HTTP). Waiting is on socket events; the guard timer only turns a hang into a readable
// failure.
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import {
  isHeartbeat,
  parseServerFrame,
  type AdminNotifyItem,
  type DataBlock,
  type DataItem,
  type NotifyItem,
  type ResponseItem,
  type ServerFrame,
} from '../../schwab/protocol.ts';
import { SchwabRest } from '../../schwab/rest.ts';
import { SchwabStreamer } from '../../schwab/streamer.ts';
import { AccessTokenManager } from '../../schwab/token-manager.ts';
import { type Clock } from '../../util/clock.ts';
import { ManualClock } from '../../util/manual-clock.testkit.ts';
import { seededRandom } from '../../util/random.ts';
import { SCRIPTED_CALL, ScriptedMarket } from './scripted-market.testkit.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from './simulator.ts';

export interface Received {
  text: string;
  frame: ServerFrame | null;
}

interface Waiter {
  test: (received: Received) => boolean;
  resolve: (received: Received) => void;
}

export interface StreamIds {
  customerId: string;
  correlId: string;
}

const GUARD_MS = 5_000;

export class TestStreamClient {
  readonly ws: WebSocket;
  readonly received: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  ids: StreamIds = { customerId: 'unknown', correlId: 'unknown' };
  private cursor = 0;
  private waiters: Waiter[] = [];
  private nextRequestId = 1;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => this.onText(String(data)));
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('error', () => undefined);
  }

  static async connect(
    url: string,
    options: WebSocket.ClientOptions = {},
  ): Promise<TestStreamClient> {
    const ws = new WebSocket(url, options);
    const client = new TestStreamClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Sends one request in the array envelope; returns its request id. */
  request(
    service: string,
    command: string,
    parameters?: Record<string, string>,
    requestid?: string,
  ): string {
    const id = requestid ?? String(this.nextRequestId++);
    this.sendRaw(JSON.stringify({ requests: [this.build(service, command, parameters, id)] }));
    return id;
  }

  /** Sends one request and waits for its response. */
  ask(
    service: string,
    command: string,
    parameters?: Record<string, string>,
  ): Promise<ResponseItem> {
    return this.response(this.request(service, command, parameters));
  }

  /** Sends ADMIN LOGIN as the client does (no Authorization when `authorization` is undefined). */
  login(authorization: string | undefined): string {
    return this.request('ADMIN', 'LOGIN', {
      ...(authorization === undefined ? {} : { Authorization: authorization }),
      SchwabClientChannel: 'N9',
      SchwabClientFunctionId: 'APIAPP',
    });
  }

  build(
    service: string,
    command: string,
    parameters: Record<string, string> | undefined,
    requestid: string,
  ): Record<string, unknown> {
    return {
      service,
      command,
      requestid,
      SchwabClientCustomerId: this.ids.customerId,
      SchwabClientCorrelId: this.ids.correlId,
      ...(parameters ? { parameters } : {}),
    };
  }

  /** The next frame after the previous match that passes `test`. */
  next(test: (received: Received) => boolean, label = 'frame'): Promise<Received> {
    for (let i = this.cursor; i < this.received.length; i++) {
      const received = this.received[i] as Received;
      if (test(received)) {
        this.cursor = i + 1;
        return Promise.resolve(received);
      }
    }
    this.cursor = this.received.length;
    return new Promise((resolve, reject) => {
      const guard = setTimeout(
        () => reject(new Error(`timed out waiting for ${label}; last frames: ${this.tail()}`)),
        GUARD_MS,
      );
      this.waiters.push({
        test,
        resolve: (received) => {
          clearTimeout(guard);
          resolve(received);
        },
      });
    });
  }

  async response(requestid: string): Promise<ResponseItem> {
    const got = await this.next(
      (r) => r.frame?.kind === 'response' && r.frame.items.some((i) => i.requestid === requestid),
      `response ${requestid}`,
    );
    const frame = got.frame as Extract<ServerFrame, { kind: 'response' }>;
    return frame.items.find((i) => i.requestid === requestid) as ResponseItem;
  }

  async notify(test: (item: NotifyItem) => boolean, label = 'notify'): Promise<NotifyItem> {
    const got = await this.next(
      (r) => r.frame?.kind === 'notify' && r.frame.items.some(test),
      label,
    );
    const frame = got.frame as Extract<ServerFrame, { kind: 'notify' }>;
    return frame.items.find(test) as NotifyItem;
  }

  /** The next data block of `service` (optionally one carrying `key`). */
  async data(service: string, key?: string): Promise<DataBlock> {
    const matches = (b: DataBlock) =>
      b.service === service && (key === undefined || b.content.some((i) => i.key === key));
    const got = await this.next(
      (r) => r.frame?.kind === 'data' && r.frame.blocks.some(matches),
      `data ${service} ${key ?? ''}`,
    );
    const frame = got.frame as Extract<ServerFrame, { kind: 'data' }>;
    return frame.blocks.find(matches) as DataBlock;
  }

  async item(service: string, key: string): Promise<DataItem> {
    const block = await this.data(service, key);
    return block.content.find((i) => i.key === key) as DataItem;
  }

  /** Every data item received so far for `service`/`key`, with its block's timestamp. */
  items(service: string, key: string): { timestamp: number; item: DataItem }[] {
    const out: { timestamp: number; item: DataItem }[] = [];
    for (const r of this.received) {
      if (r.frame?.kind !== 'data') continue;
      for (const b of r.frame.blocks)
        if (b.service === service)
          for (const i of b.content)
            if (i.key === key) out.push({ timestamp: b.timestamp, item: i });
    }
    return out;
  }

  /** Round trip through the server: everything it sent before the pong has arrived after this. */
  async ping(payload: string): Promise<void> {
    const pong = new Promise<void>((resolve) => {
      const onPong = (data: Buffer) => {
        if (data.toString() !== payload) return;
        this.ws.off('pong', onPong);
        resolve();
      };
      this.ws.on('pong', onPong);
    });
    this.ws.ping(payload);
    await pong;
  }

  close(): void {
    this.ws.terminate();
  }

  private onText(text: string): void {
    const parsed = parseServerFrame(text);
    const received: Received = { text, frame: parsed.ok ? parsed.frame : null };
    this.received.push(received);
    const index = this.waiters.findIndex((w) => w.test(received));
    if (index >= 0) {
      const [waiter] = this.waiters.splice(index, 1);
      this.cursor = this.received.length;
      waiter?.resolve(received);
    }
  }

  private tail(): string {
    return this.received
      .slice(-3)
      .map((r) => r.text.slice(0, 200))
      .join(' | ');
  }
}

export async function postForm(
  url: string,
  form: Record<string, string>,
  basic?: string,
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(basic ? { Authorization: `Basic ${basic}` } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
}

export function basicAuth(sim: Simulator): string {
  return Buffer.from(`${sim.app.appKey}:${sim.app.appSecret}`).toString('base64');
}

/** The refresh-token grant with the app's credentials, as the client sends it. */
export function refreshGrant(sim: Simulator, refreshToken: string): Promise<Response> {
  return postForm(
    `${sim.apiBase}/v1/oauth/token`,
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    basicAuth(sim),
  );
}

/** An access token through the refresh grant, as demo mode gets one. */
export async function accessToken(sim: Simulator): Promise<string> {
  const response = await refreshGrant(sim, sim.issueRefreshToken());
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

export async function getJson(
  sim: Simulator,
  path: string,
  token: string | null,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sim.apiBase}${path}`, {
    headers: token === null ? {} : { Authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: await response.json() };
}

/** An open socket carrying the ids of a userPreference call made with `token`; no LOGIN yet. */
export async function connectedClient(sim: Simulator, token: string): Promise<TestStreamClient> {
  const pref = (await getJson(sim, '/trader/v1/userPreference', token)).body as {
    streamerInfo: {
      streamerSocketUrl: string;
      schwabClientCustomerId: string;
      schwabClientCorrelId: string;
    }[];
  };
  const info = pref.streamerInfo[0];
  if (!info) throw new Error('no streamerInfo');
  const client = await TestStreamClient.connect(info.streamerSocketUrl);
  client.ids = { customerId: info.schwabClientCustomerId, correlId: info.schwabClientCorrelId };
  return client;
}

/** Connects and logs in the way the client does: userPreference, socket, LOGIN, code 0. */
export async function loggedInClient(sim: Simulator, token?: string): Promise<TestStreamClient> {
  const access = token ?? (await accessToken(sim));
  const client = await connectedClient(sim, access);
  const response = await client.response(client.login(access));
  if (response.content.code !== 0) throw new Error(`LOGIN failed: ${response.content.msg}`);
  return client;
}

/** SUBS LEVELONE_OPTIONS for the scripted call with `fields`; resolves to its snapshot. */
export async function subscribeScriptedCall(
  client: TestStreamClient,
  fields: string,
): Promise<DataItem> {
  await client.ask('LEVELONE_OPTIONS', 'SUBS', { keys: SCRIPTED_CALL, fields });
  return client.item('LEVELONE_OPTIONS', SCRIPTED_CALL);
}

export interface ScriptedSetup {
  clock: ManualClock;
  market: ScriptedMarket;
  sim: Simulator;
}

/** A simulator on a ManualClock and the hand-driven market. */
export async function startScripted(
  overrides: Partial<SimulatorOptions> = {},
): Promise<ScriptedSetup> {
  const clock = new ManualClock(Date.UTC(2025, 0, 2, 15, 0, 0));
  const market = new ScriptedMarket(clock.now());
  const sim = await startSimulator({ clock, market, ...overrides });
  return { clock, market, sim };
}

/** A notify item predicate: an ADMIN notify with `code` (not a heartbeat). */
export const adminCode = (code: number) => (item: unknown) =>
  !isHeartbeat(item as AdminNotifyItem) && (item as AdminNotifyItem).content.code === code;

/**
 * Call at a test file's top level: returns `stopLater`, and whatever is passed to it (a
 * simulator) is stopped after each test.
 */
export function stopAfterEach(): <T extends { stop(): Promise<void> }>(running: T) => T {
  let running: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(running.map((item) => item.stop()));
    running = [];
  });
  return (item) => {
    running.push(item);
    return item;
  };
}

/**
 * Call at a test file's top level: returns startScripted, with every simulator it started
 * stopped after each test.
 */
export function scriptedPerTest(): (
  overrides?: Partial<SimulatorOptions>,
) => Promise<ScriptedSetup> {
  const stopLater = stopAfterEach();
  return async (overrides = {}) => {
    const setup = await startScripted(overrides);
    stopLater(setup.sim);
    return setup;
  };
}

export interface RealClient {
  rest: SchwabRest;
  tokens: AccessTokenManager;
  streamer: SchwabStreamer;
}

/** The app's own client for `sim`, signed in by a refresh token as demo mode is; not started. */
export function realClient(sim: Simulator, clock: Clock): RealClient {
  const rest = new SchwabRest({ apiBase: sim.apiBase });
  const refreshToken = sim.issueRefreshToken();
  const store = { load: async () => refreshToken, rotated: async () => undefined };
  const tokens = new AccessTokenManager({ rest, app: sim.app, clock, store });
  const streamer = new SchwabStreamer({
    tokens,
    streamerInfo: (token) => rest.streamerInfo(token),
    clock,
    random: seededRandom(1),
    source: 'demo',
  });
  return { rest, tokens, streamer };
}

/** POSTs to the fault endpoint (`startSimulator({ faultEndpoint: true })`): `kind` may carry a query. */
export function postFault(sim: Simulator, kind: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${sim.apiBase}/__faults/${kind}`, { method: 'POST', ...init });
}
