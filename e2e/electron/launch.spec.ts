// Start-up: the feed window on the demo market, one instance only, and a clean quit.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { appEnv, expect, sandboxArgs, skipReason, test, windowsOf } from './fixtures.ts';
import { findElectronBinary, ROOT } from './electron-binary.ts';
import type { PageGlobals } from './page-globals.ts';

test.skip(skipReason !== null, skipReason ?? '');

test('opens the feed window, connected to the demo market', async ({ launched, feed }) => {
  const root = feed.getByTestId('feed-window');
  await expect(root).toHaveAttribute('data-connection', 'live');
  await expect(root).toHaveAttribute('data-source', 'demo');
  await expect.poll(async () => Number(await root.getAttribute('data-flow-count'))).toBeGreaterThan(0);
  expect(await feed.title()).toBe('Fathom');
  // Served by the app:// handler (renderer-protocol.ts), never from file://.
  expect(new URL(feed.url()).origin).toBe('app://fathom');
  expect(new URL(feed.url()).pathname).toBe('/index.html');
  expect(await windowsOf(launched.app)).toEqual([expect.objectContaining({ kind: 'feed', symbol: null, ready: true })]);
});

test('the page sees only the named bridge: no Node, no generic invoke', async ({ feed }) => {
  const surface = await feed.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    const bridge = page.fathom;
    return {
      keys: bridge ? Object.keys(bridge).sort() : null,
      host: bridge?.host,
      invoke: bridge ? 'invoke' in bridge : null,
      require: typeof page.require,
      process: typeof page.process,
      transport: typeof page.fathomTransport,
    };
  });
  expect(surface).toEqual({ keys: ['api', 'host', 'on', 'window'], host: 'electron', invoke: false, require: 'undefined', process: 'undefined', transport: 'undefined' });
});

test('a second launch exits and brings the first forward', async ({ launched, feed }) => {
  await expect(feed.getByTestId('feed-window')).toHaveAttribute('data-ready', 'true');
  const binary = findElectronBinary();
  if (!binary.ok) throw new Error(binary.reason);
  const second = spawn(binary.path, [...sandboxArgs(), ROOT], { cwd: ROOT, env: appEnv(launched.dataDir), stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
  expect(code).toBe(0);
  expect((await windowsOf(launched.app)).map((w) => w.kind)).toEqual(['feed']);
});

test('quitting stops the core: the session is ended and every frame kept', async ({ launched, feed }) => {
  await expect(feed.getByTestId('feed-window')).toHaveAttribute('data-connection', 'live');
  await expect.poll(async () => Number(await feed.getByTestId('feed-window').getAttribute('data-flow-count'))).toBeGreaterThan(0);
  await launched.app.close();
  const db = new Database(join(launched.dataDir, 'fathom.db'), { readonly: true });
  try {
    const sessions = db.prepare('SELECT source, ended_at, frames FROM sessions').all() as { source: string; ended_at: number | null; frames: number }[];
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ source: 'demo' });
    expect(sessions[0]!.ended_at).not.toBeNull();
    expect(sessions[0]!.frames).toBeGreaterThan(0);
  } finally {
    db.close();
  }
});
