// A window that stops reading, through the whole web host: the real app core pushes (through its
// own push hub), one window's TCP socket is paused, another window reads on. The host's deadline
// runs on the app's manual clock.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthStatus, AuthWarning } from '../../../shared/ipc/auth.ts';
import { api, events as eventDefs } from '../../../shared/ipc/index.ts';
import { startAppHarness, type AppHarness } from '../../app/app-harness.testkit.ts';
import { memoryLogger } from '../../util/memory-logger.testkit.ts';
import { CLOSE_TOO_SLOW, SEND_QUEUE_LIMITS } from './send-queue.ts';
import { connectWindow, type WindowClient } from './web-client.testkit.ts';
import { startWebHost, type WebHost } from './web-host.ts';

const TOKEN = 'slow-token-123456';
const STATUS = eventDefs.auth.status.channel;
const WARNING = eventDefs.auth.warning.channel;
let dir: string;
let app: AppHarness;
let web: WebHost;
const logged = memoryLogger('debug');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-web-slow-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Fathom</title>');
  app = await startAppHarness({ dataDir: dir, intensity: 8 });
  web = await startWebHost({ core: app.core, rendererDir: join(dir, 'renderer'), exportsDir: join(dir, 'exports'), port: 0, token: TOKEN, logger: logged.logger, clock: app.clock });
}, 60_000);

afterAll(async () => {
  await web.close();
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (text: string) => logged.lines.filter((line) => line.includes(text));
const status = (i: number): AuthStatus => ({ state: 'signed-out', accessTokenExpiresAt: null, refreshTokenExpiresAt: null, reason: `test status ${i}` });
const warning = (at: number, size: number): AuthWarning => ({ kind: 'refresh-failed', at, refreshTokenExpiresAt: null, message: 'w'.repeat(size) });
const statuses = (client: WindowClient) => client.events.filter(([c, p]) => c === STATUS && (p as AuthStatus).reason?.startsWith('test ')).map(([, p]) => (p as AuthStatus).reason);
const warnings = (client: WindowClient) => client.events.filter(([c]) => c === WARNING).map(([, p]) => (p as AuthWarning).at);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/**
 * Pushes 256 KiB warnings to every window until the paused one's socket backs up (the host
 * logs it) or 40 MiB went out; the reading window gets each before the next.
 */
async function backUp(reader: WindowClient, from: number): Promise<number> {
  const before = lines('backed up').length;
  let at = from;
  while (lines('backed up').length === before && at - from < 160) {
    app.core.pushes.push(eventDefs.auth.warning, warning(at, 256 * 1024));
    const sent = at++;
    await reader.waitFor(([c, p]) => c === WARNING && (p as AuthWarning).at === sent);
  }
  return at;
}

describe('web host: a window that stops reading', () => {
  it('gets only the newest status once it reads again, every warning in order, and the other window all of them', async () => {
    const slow = await connectWindow(web.port, `token=${TOKEN}&window=feed`);
    const fast = await connectWindow(web.port, `token=${TOKEN}&window=feed`);
    slow.pause();
    const filled = await backUp(fast, 0);
    for (let i = 1; i <= 20; i++) {
      app.core.pushes.push(eventDefs.auth.status, status(i));
      if (i % 5 === 0) app.core.pushes.push(eventDefs.auth.warning, warning(filled + i, 100));
    }
    await fast.waitFor(([c, p]) => c === STATUS && (p as AuthStatus).reason === 'test status 20');
    expect(statuses(fast)).toEqual(range(1, 21).map((i) => `test status ${i}`));

    slow.resume();
    await slow.waitFor(([c, p]) => c === WARNING && (p as AuthWarning).at === filled + 20);
    await slow.waitFor(([c, p]) => c === STATUS && (p as AuthStatus).reason === 'test status 20');
    expect(statuses(slow)).toEqual(['test status 20']);
    const expected = [...range(0, filled), filled + 5, filled + 10, filled + 15, filled + 20];
    expect(warnings(slow)).toEqual(expected);
    expect(warnings(fast)).toEqual(expected);
    expect(await slow.call(api.settings.get.channel)).toMatchObject({ ok: true });
    slow.ws.close();
    fast.ws.close();
  });

  it('is closed with 1013 once its queue has not emptied by the deadline, holding no more than the bound; the others keep working', async () => {
    const slow = await connectWindow(web.port, `token=${TOKEN}&window=feed`);
    const fast = await connectWindow(web.port, `token=${TOKEN}&window=feed`);
    slow.pause();
    const filled = await backUp(fast, 1000);
    const since = app.clock.now();
    // The demo market runs on; the host gives up on the window at the deadline, not before.
    await app.runUntil(() => lines('too slow').length > 0, 'the slow window to be closed', SEND_QUEUE_LIMITS.stallMs * 2);
    expect(app.clock.now() - since).toBeGreaterThanOrEqual(SEND_QUEUE_LIMITS.stallMs);
    const closing = JSON.parse(lines('too slow')[0] ?? '{}') as { reason: string; queuedBytes: number };
    expect(closing.reason).toMatch(/did not empty/);
    expect(closing.queuedBytes).toBeGreaterThan(0);
    expect(closing.queuedBytes).toBeLessThanOrEqual(SEND_QUEUE_LIMITS.maxQueuedBytes);

    slow.resume();
    expect(await slow.closed).toEqual({ code: CLOSE_TOO_SLOW, reason: 'too slow' });
    app.core.pushes.push(eventDefs.auth.warning, warning(filled, 100));
    await fast.waitFor(([c, p]) => c === WARNING && (p as AuthWarning).at === filled);
    expect(warnings(fast)).toEqual(range(1000, filled + 1));
    expect(await fast.call(api.settings.get.channel)).toMatchObject({ ok: true });
    fast.ws.close();
  });
});
