import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as connectTcp } from 'node:net';
import WebSocket from 'ws';
import type { Envelope } from '../../../shared/ipc/define.ts';
import { readBinaryFrame } from '../../../shared/ipc/binary-frames.ts';
import { decodeFlowBatch, type FlowBatchWire, type FlowRow } from '../../../shared/ipc/flows.ts';
import type { ServerMessage } from '../../../shared/ipc/wire.ts';
import { startAppHarness, type AppHarness } from '../../app/app-harness.testkit.ts';
import { startWebHost, type WebHost } from './web-host.ts';
import { api, events as eventDefs } from '../../../shared/ipc/index.ts';

let dir: string;
let app: AppHarness;
let web: WebHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-web-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Fathom</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  mkdirSync(join(dir, 'exports'));
  writeFileSync(join(dir, 'exports', 'a.csv'), 'id\n1\n');
  app = await startAppHarness({ dataDir: dir, intensity: 8 });
  web = await startWebHost({ core: app.core, rendererDir: renderer, exportsDir: join(dir, 'exports'), port: 0, token: 'test-token-123' });
}, 60_000);

afterAll(async () => {
  await web.close();
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${web.port}`;

/** A GET with an exact request target, which fetch would normalise. */
function rawGet(target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(web.port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('end', () => resolve(text.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

interface Client {
  ws: WebSocket;
  call(channel: string, payload?: unknown): Promise<Envelope<unknown>>;
  events: [string, unknown][];
  binaryFrames(): number;
}

async function connect(query: string, origin = base()): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ipc?${query}`, { origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, (e: Envelope<unknown>) => void>();
  const events: [string, unknown][] = [];
  let binary = 0;
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      binary++;
      events.push(readBinaryFrame(new Uint8Array(data as Buffer)));
      return;
    }
    const m = JSON.parse(data.toString()) as ServerMessage;
    if (m.t === 'res') pending.get(m.id)?.(m.envelope);
    else events.push(...m.events);
  });
  let id = 1;
  return {
    ws,
    events,
    binaryFrames: () => binary,
    call(channel, payload = {}) {
      const n = id++;
      ws.send(JSON.stringify({ t: 'req', id: n, channel, payload }));
      return new Promise((resolve) => pending.set(n, resolve));
    },
  };
}

describe('web host: the token', () => {
  it('refuses every request without it and serves the app with it, then by cookie', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(403);
    expect((await fetch(`${base()}/assets/app.js`)).status).toBe(403);
    expect((await fetch(`${base()}/?token=wrong-token-123`)).status).toBe(403);
    const ok = await fetch(`${base()}/?token=test-token-123`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await fetch(`${base()}/assets/app.js`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('never serves a file outside its folders', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/exports/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fpackage.json']) {
      const res = await fetch(`${base()}${path}?token=test-token-123`);
      const body = await res.text();
      expect(body).not.toMatch(/root:|"name": "fathom"/);
    }
    // Raw targets a browser would never send must not take the host down.
    for (const target of ['//', '//evil.example/x', '/%', '*']) {
      const status = await rawGet(target);
      expect(status).toMatch(/^HTTP\/1\.1 (400|403|404)/);
    }
    expect((await fetch(`${base()}/?token=test-token-123`)).status).toBe(200);
    const exported = await fetch(`${base()}/exports/a.csv?token=test-token-123`);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="a.csv"');
  });

  it('refuses a socket without the token or from another origin', async () => {
    await expect(connect('window=feed')).rejects.toThrow(/403/);
    await expect(connect('token=test-token-123&window=feed', 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('refuses a socket for a window that cannot be, and keeps serving', async () => {
    await expect(connect('token=test-token-123&window=book&symbol=NOTACONTRACT')).rejects.toThrow(/400/);
    await expect(connect('token=test-token-123&window=book')).rejects.toThrow(/400/);
    await expect(connect('token=test-token-123&window=admin')).rejects.toThrow(/400/);
    const feed = await connect('token=test-token-123&window=feed');
    expect(await feed.call(api.settings.get.channel)).toMatchObject({ ok: true });
    feed.ws.close();
  });

  it('opens a book window for a contract in any accepted form, in Schwab\'s form', async () => {
    const book = await connect('token=test-token-123&window=book&symbol=SPY_121826C600');
    expect(await book.call(api.windows.ready.channel)).toMatchObject({ ok: true, value: { kind: 'book', symbol: 'SPY   261218C00600000' } });
    book.ws.close();
  });
});

describe('web host: the contract over one socket', () => {
  it('answers requests in envelopes and refuses hostile payloads without crashing', async () => {
    const client = await connect('token=test-token-123&window=feed');
    const status = await client.call(api.marketData.status.channel);
    expect(status).toMatchObject({ ok: true, value: { source: 'demo' } });
    expect(await client.call('fs:readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await client.call(api.flows.subscribe.channel, { backlog: 'all' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await client.call(api.books.subscribe.channel, JSON.parse('{"symbol":"SPY","__proto__":{"x":1}}'))).toMatchObject({ ok: false });
    expect(await client.call(api.books.subscribe.channel, { symbol: 'NOT A SYMBOL' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    client.ws.send('not json at all');
    client.ws.send(JSON.stringify({ t: 'req', id: 'x', channel: 1 }));
    expect(await client.call(api.settings.get.channel)).toMatchObject({ ok: true });
    client.ws.close();
  });

  it('pushes flows to a subscribed feed, coalesced, and keeps a book window to its own contract', async () => {
    const feed = await connect('token=test-token-123&window=feed');
    expect(await feed.call(api.flows.subscribe.channel, { backlog: 0 })).toMatchObject({ ok: true });
    const flows = (): FlowRow[] =>
      feed.events.filter(([c]) => c === eventDefs.flows.batch.channel).flatMap(([, p]) => decodeFlowBatch(p as FlowBatchWire));
    await app.runUntil(() => flows().length > 10, 'flows');
    const symbol = flows()[0]!.symbol;
    const book = await connect(`token=test-token-123&window=book&symbol=${encodeURIComponent(symbol)}`);
    expect(await book.call(api.books.subscribe.channel, { symbol })).toMatchObject({ ok: true, value: { symbol } });
    expect(await book.call(api.auth.begin.channel, { appKey: 'a'.repeat(32), appSecret: 'b'.repeat(16), callbackUrl: 'https://127.0.0.1' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await app.runUntil(() => book.events.some(([c]) => c === eventDefs.books.book.channel), 'a book update'); // the default limit: see desktop-core.test.ts
    const books = book.events.filter(([c]) => c === eventDefs.books.book.channel).map(([, p]) => (p as { symbol: string }).symbol);
    expect(new Set(books)).toEqual(new Set([symbol]));
    expect(feed.events.some(([c]) => c === eventDefs.books.book.channel)).toBe(false);
    feed.ws.close();
    book.ws.close();
  });
  it('sends a socket that asked for it its flow batches as binary frames, the same flows a JSON socket gets', async () => {
    const json = await connect('token=test-token-123&window=feed');
    const binary = await connect('token=test-token-123&window=feed&wire=binary');
    for (const client of [json, binary]) expect(await client.call(api.flows.subscribe.channel, { backlog: 0 })).toMatchObject({ ok: true });
    const latest = (client: typeof json): Map<string, number> => {
      const out = new Map<string, number>();
      for (const [c, p] of client.events) {
        if (c !== eventDefs.flows.batch.channel) continue;
        for (const row of decodeFlowBatch(p as FlowBatchWire)) out.set(row.id, Math.max(row.version, out.get(row.id) ?? 0));
      }
      return out;
    };
    await app.runUntil(() => latest(binary).size > 20 && latest(json).size > 20, 'flows on both sockets');
    // Every batch arrived packed on the binary socket and none did on the JSON one.
    expect(binary.binaryFrames()).toBeGreaterThan(0);
    expect(binary.events.filter(([c]) => c === eventDefs.flows.batch.channel).every(([, p]) => (p as FlowBatchWire).format === 'packed')).toBe(true);
    expect(json.binaryFrames()).toBe(0);
    // Both saw the same flows (each at least at the versions the other had when it stopped).
    const a = latest(json);
    const b = latest(binary);
    const shared = [...a.keys()].filter((id) => b.has(id));
    expect(shared.length).toBeGreaterThan(10);
    // Other events (requests' answers, statistics) stay JSON on the binary socket.
    expect(await binary.call(api.settings.get.channel)).toMatchObject({ ok: true });
    await expect(connect('token=test-token-123&window=feed&wire=carrier-pigeon')).rejects.toThrow(/400/);
    json.ws.close();
    binary.ws.close();
  });
});
