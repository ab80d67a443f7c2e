// The web host's HTTP edges (issue 15): its cookie's name, the Host names it answers to, files
// it cannot read, and requests too big to take. Real HTTP and sockets on loopback, the real app
// core on the demo market.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../shared/ipc/index.ts';
import { startAppHarness, type AppHarness } from '../../app/app-harness.testkit.ts';
import { memoryLogger } from '../../util/memory-logger.testkit.ts';
import { connectWindow, rawRequest } from './web-client.testkit.ts';
import { startWebHost, type WebHost } from './web-host.ts';

const TOKEN = 'http-token-123456';
let dir: string;
let renderer: string;
let app: AppHarness;
let web: WebHost;
const logged = memoryLogger('warn');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-web-http-'));
  renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Fathom</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  mkdirSync(join(dir, 'exports'));
  app = await startAppHarness({ dataDir: dir, intensity: 8 });
  web = await startWebHost({ core: app.core, rendererDir: renderer, exportsDir: join(dir, 'exports'), port: 0, token: TOKEN, logger: logged.logger });
}, 60_000);

afterAll(async () => {
  await web.close();
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${web.port}`;
const get = (target: string, host: string | null, extra = '') =>
  rawRequest(web.port, `GET ${target} HTTP/1.1\r\n${host === null ? '' : `Host: ${host}\r\n`}${extra}Connection: close\r\n\r\n`);

describe('web host: the cookie', () => {
  it('is named after the port, so two hosts on one machine each keep their own', async () => {
    const other = await startWebHost({ core: app.core, rendererDir: renderer, exportsDir: join(dir, 'exports'), port: 0, token: 'other-token-456789' });
    try {
      // A browser keeps one cookie per name for 127.0.0.1, whatever the port.
      const jar = new Map<string, string>();
      for (const host of [web, other]) {
        const res = await fetch(`http://127.0.0.1:${host.port}/?token=${host.token}`);
        const set = res.headers.get('set-cookie') ?? '';
        expect(set).toBe(`fathom_token_${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`);
        const [name = '', value = ''] = (set.split(';')[0] ?? '').split('=');
        jar.set(name, value);
      }
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      for (const host of [web, other]) {
        expect((await fetch(`http://127.0.0.1:${host.port}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
      }
      // Another host's cookie, or the old shared name, lets nothing in.
      expect((await fetch(`${base()}/assets/app.js`, { headers: { cookie: `fathom_token_${other.port}=${TOKEN}` } })).status).toBe(403);
      expect((await fetch(`${base()}/assets/app.js`, { headers: { cookie: `fathom_token=${TOKEN}` } })).status).toBe(403);
    } finally {
      await other.close();
    }
  });
});

describe('web host: the Host header', () => {
  it('serves its own loopback names and refuses any other before looking at the token', async () => {
    for (const host of [`127.0.0.1:${web.port}`, `localhost:${web.port}`, `LocalHost:${web.port}`, `[::1]:${web.port}`]) {
      expect((await get(`/?token=${TOKEN}`, host)).status, host).toBe(200);
    }
    // A DNS-rebinding page comes with its own name; a forged or missing Host is no better.
    for (const host of [`rebind.evil.example:${web.port}`, `localhost.evil.example:${web.port}`, '127.0.0.1', `127.0.0.1:${web.port + 1}`, '']) {
      const res = await get(`/?token=${TOKEN}`, host);
      expect(res.status, String(host)).toBe(421);
      expect(res.headers.some((h) => /^set-cookie:/i.test(h))).toBe(false);
      expect(res.body).not.toContain('<title>Fathom');
    }
    expect((await get('/', 'rebind.evil.example')).status).toBe(421);
    // Without a Host: HTTP/1.1 is refused by Node itself, HTTP/1.0 (where it is optional) by the host.
    expect((await get(`/?token=${TOKEN}`, null)).status).toBe(400);
    expect((await rawRequest(web.port, `GET /?token=${TOKEN} HTTP/1.0\r\n\r\n`)).status).toBe(421);
  });

  it('refuses a socket upgrade for another Host, with the token and a matching Origin', async () => {
    const upgrade = (host: string) =>
      rawRequest(
        web.port,
        `GET /ipc?token=${TOKEN}&window=feed HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    expect((await upgrade(`rebind.evil.example:${web.port}`)).status).toBe(421);
    const ok = await connectWindow(web.port, `token=${TOKEN}&window=feed`);
    expect(await ok.call(api.settings.get.channel)).toMatchObject({ ok: true });
    ok.ws.close();
  });

  it('also answers to the address it was told to bind', async () => {
    const bound = await startWebHost({ core: app.core, rendererDir: renderer, exportsDir: join(dir, 'exports'), host: '127.0.0.2', port: 0, token: TOKEN });
    try {
      const ask = (host: string) => rawRequest(bound.port, `GET /?token=${TOKEN} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, '127.0.0.2');
      expect((await ask(`127.0.0.2:${bound.port}`)).status).toBe(200);
      expect((await ask(`rebind.evil.example:${bound.port}`)).status).toBe(421);
      expect(bound.url).toBe(`http://127.0.0.2:${bound.port}/?token=${TOKEN}`);
    } finally {
      await bound.close();
    }
  });
});

describe('web host: files it cannot read', () => {
  it.runIf(process.platform === 'linux')('answers 500 for a file whose read fails, 404 for a FIFO or a folder, and keeps serving', async () => {
    // /proc/self/mem is a regular file that opens and then fails its first read (EIO).
    symlinkSync('/proc/self/mem', join(renderer, 'assets', 'unreadable.js'));
    execFileSync('mkfifo', [join(renderer, 'assets', 'pipe.js')]);
    mkdirSync(join(renderer, 'assets', 'folder.js'));
    symlinkSync(join(renderer, 'assets', 'gone.js'), join(renderer, 'assets', 'dangling.js'));

    const unreadable = await fetch(`${base()}/assets/unreadable.js?token=${TOKEN}`);
    expect(unreadable.status).toBe(500);
    expect(unreadable.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(logged.lines.some((line) => line.includes('static file') && line.includes('EIO'))).toBe(true);
    // Opening a FIFO for reading would wait for a writer (holding a thread of the pool): it is no file.
    for (const name of ['pipe.js', 'folder.js', 'dangling.js']) {
      expect((await fetch(`${base()}/assets/${name}?token=${TOKEN}`)).status, name).toBe(404);
    }
    expect(await (await fetch(`${base()}/assets/app.js?token=${TOKEN}`)).text()).toBe('console.log(1)');
  });
});

describe('web host: requests too big to take', () => {
  it('answers 431 to oversized headers and keeps serving', async () => {
    const res = await get(`/?token=${TOKEN}`, `127.0.0.1:${web.port}`, `X-Padding: ${'a'.repeat(32 * 1024)}\r\n`);
    expect(res.status).toBe(431);
    expect((await get(`/?token=${TOKEN}`, `127.0.0.1:${web.port}`)).status).toBe(200);
  });

  it('answers 413 to a request with a body (it takes none), without reading it', async () => {
    const host = `Host: 127.0.0.1:${web.port}\r\n`;
    const posted = await rawRequest(web.port, `POST /?token=${TOKEN} HTTP/1.1\r\n${host}Content-Length: 100000000\r\n\r\n${'x'.repeat(1024)}`);
    expect(posted.status).toBe(413);
    const chunked = await rawRequest(web.port, `GET /?token=${TOKEN} HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n400\r\n${'x'.repeat(1024)}\r\n`);
    expect(chunked.status).toBe(413);
    expect((await get(`/?token=${TOKEN}`, `127.0.0.1:${web.port}`)).status).toBe(200);
  });

  it('closes a socket whose message is over the limit with 1009; its other windows keep working', async () => {
    const big = await connectWindow(web.port, `token=${TOKEN}&window=feed`);
    const other = await connectWindow(web.port, `token=${TOKEN}&window=feed`);
    big.ws.send(JSON.stringify({ t: 'req', id: 1, channel: api.settings.get.channel, payload: { pad: 'x'.repeat(300 * 1024) } }));
    expect(await big.closed).toMatchObject({ code: 1009 });
    expect(await other.call(api.settings.get.channel)).toMatchObject({ ok: true });
    other.ws.close();
  });
});
