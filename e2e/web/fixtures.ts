// One real web host per worker: `fathom serve --demo` on a free port with its own database,
// started as the CLI starts it, and stopped by its pid. A spec picks its host with
// `test.use({ hostOptions })` (a different host means a new worker): the simulator's book depth,
// or a database that already holds an ended session.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { decodeFlowBatch, type FlowBatchWire } from '../../shared/ipc/flows.ts';
import type { ServerMessage } from '../../shared/ipc/wire.ts';
import { api, events as eventDefs } from '../../shared/ipc/index.ts';
import { startPrivateKeyring } from '../../src-main/credentials/private-keyring.testkit.ts';

const ROOT = join(import.meta.dirname, '../..');

export interface Host {
  /** The printed URL, with its token. */
  url: string;
  origin: string;
  /** The demo simulator's own address, where its fault endpoint breaks the stream like a network. */
  simulator: string;
}

export interface HostOptions {
  /**
   * Book levels per side the simulator sends (`--levels`, 1..50); when absent the CLI's default,
   * 1: the live shape, the touch split up by venue.
   */
  levels?: number;
  /**
   * Record a first session until it holds this many flows, stop that host (SIGTERM ends the
   * session), then serve the same database: its sessions list starts with an ended session.
   */
  priorFlows?: number;
  /**
   * With priorFlows: that first session runs this many days in the past (`--days-ago`), so the
   * host serving the file afterwards is a later trading day and checks its flows (FLOW-RULES.md §10).
   */
  priorDaysAgo?: number;
  /** Any name, to get a host of one's own whose settings no other spec shares. */
  name?: string;
  /** The simulator's activity (`--intensity`, 5 when absent); a quieter page answers faster. */
  intensity?: number;
  /** The activity while the prior session records (5 when absent): higher fills a large one sooner. */
  priorIntensity?: number;
  /** Start on a database file that is not SQLite at all: the store fails, the market must not. */
  corruptDb?: boolean;
  /**
   * Give the host a keychain: a private gnome-keyring on its own D-Bus (the unit tests' one,
   * src-main/credentials/private-keyring.testkit.ts) under a throwaway service name.
   */
  keyring?: boolean;
}

export interface Running {
  host: Host;
  stop: () => Promise<void>;
}

/** Starts `fathom serve --demo` on `db`; most specs get theirs from the `host` fixture instead. */
export async function startHost(db: string, options: HostOptions, daysAgo = 0, env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const args = ['serve', '--demo', '--port', '0', '--intensity', String(options.intensity ?? 5), '--test-hooks', '--db', db];
  if (options.levels !== undefined) args.push('--levels', String(options.levels));
  if (daysAgo > 0) args.push('--days-ago', String(daysAgo));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'src-main/cli/fathom.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const [url, simulator] = await new Promise<[string, string]>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`fathom serve printed no URL:\n${out}`)), 60_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const app = /is at (http:\/\/\S+)/.exec(out)?.[1];
      const market = /demo market \(fault endpoint on\) at (http:\/\/\S+)/.exec(out)?.[1];
      if (app && market) {
        clearTimeout(timer);
        resolve([app, market]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`fathom serve exited (${code}):\n${out}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { host: { url, origin: new URL(url).origin, simulator }, stop };
}

/** Listens as a feed window until the host has pushed `count` distinct flows. */
async function waitForFlows(host: Host, count: number): Promise<void> {
  const token = new URL(host.url).searchParams.get('token') ?? '';
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ipc?token=${token}&window=feed`, { origin: host.origin });
  const seen = new Set<string>();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.size} of ${count} flows within 60 s`)), 60_000);
      ws.once('error', reject);
      ws.once('open', () => ws.send(JSON.stringify({ t: 'req', id: 1, channel: api.flows.subscribe.channel, payload: { backlog: 0 } })));
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as ServerMessage;
        if (message.t !== 'evts') return;
        for (const [channel, payload] of message.events) {
          if (channel !== eventDefs.flows.batch.channel) continue;
          for (const row of decodeFlowBatch(payload as FlowBatchWire)) seen.add(row.id);
        }
        if (seen.size >= count) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } finally {
    ws.close();
  }
}

export const test = base.extend<{ feed: Page }, { host: Host; hostOptions: HostOptions }>({
  hostOptions: [{}, { option: true, scope: 'worker' }],
  host: [
    async ({ hostOptions }, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'fathom-e2e-'));
      const db = join(dir, 'e2e.db');
      if (hostOptions.corruptDb) writeFileSync(db, Buffer.alloc(64 * 1024, 0x41));
      if (hostOptions.priorFlows !== undefined) {
        // The recorded session fills quickly; the host serving it can be as quiet as asked.
        const first = await startHost(db, { ...hostOptions, intensity: hostOptions.priorIntensity ?? 5 }, hostOptions.priorDaysAgo ?? 0);
        try {
          await waitForFlows(first.host, hostOptions.priorFlows);
        } finally {
          await first.stop();
        }
      }
      const keyring = hostOptions.keyring ? await startPrivateKeyring({ password: randomBytes(12).toString('hex') }) : null;
      const env = keyring ? { DBUS_SESSION_BUS_ADDRESS: keyring.address, FATHOM_KEYCHAIN_SERVICE: `fathom-e2e-${randomBytes(6).toString('hex')}` } : {};
      const running = await startHost(db, hostOptions, 0, env);
      await use(running.host);
      await running.stop();
      await keyring?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  feed: async ({ page, host }, use) => {
    await page.goto(host.url);
    await expect(page.getByTestId('feed-window')).toHaveAttribute('data-ready', 'true');
    await use(page);
  },
});

export { expect };

export function feedRoot(page: Page): Locator {
  return page.getByTestId('feed-window');
}

/**
 * Scrolls the flow list down a little so it holds still (scrolled down, it keeps the rows
 * being read in place): at the top it follows the stream, and a row there moves on every flow.
 */
export async function holdFeed(feed: Page): Promise<void> {
  await expect.poll(async () => Number(await feedRoot(feed).getAttribute('data-visible-count')), { timeout: 60_000 }).toBeGreaterThan(40);
  await feed.getByTestId('flow-list').evaluate((el) => {
    (el as unknown as { scrollTop: number }).scrollTop = 60;
  });
  await expect(feed.getByTestId('jump-to-newest')).toBeVisible();
}

interface TestEventShape {
  name: string;
  detail: unknown;
}

/**
 * Resolves with the detail of the latest app event `name` whose detail has every field of
 * `match` (src-renderer/README.md lists the events); waits until there is one.
 */
export async function appEvent(page: Page, name: string, match: Record<string, unknown> = {}): Promise<unknown> {
  return nextAppEvent(page, name, 0, match);
}

/** The page's clock now: pass it to nextAppEvent to wait for an event after an action. */
export async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => Date.now());
}

/** The detail of the latest `name` event matching `match` that happened at or after `since`. */
export async function nextAppEvent(page: Page, name: string, since: number, match: Record<string, unknown> = {}): Promise<unknown> {
  const handle = await page.waitForFunction(
    ([n, from, m]) => {
      const hooks = (globalThis as unknown as { __fathomTest?: { events: (TestEventShape & { at: number })[] } }).__fathomTest;
      if (!hooks) return null;
      for (let i = hooks.events.length - 1; i >= 0; i--) {
        const event = hooks.events[i];
        if (!event || event.at < from) break;
        if (event.name !== n) continue;
        const detail = (event.detail ?? {}) as Record<string, unknown>;
        if (Object.entries(m).every(([k, v]) => detail[k] === v)) return event.detail ?? true;
      }
      return null;
    },
    [name, since, match] as const,
  );
  return handle.jsonValue();
}

/** A value the page exposes to tests (`__fathomTest.read`), e.g. `flows` in the feed. */
export async function readHook<T>(page: Page, name: string): Promise<T> {
  return page.evaluate((n) => {
    // The page's own globals; this file is type-checked without the DOM library.
    const hooks = (globalThis as unknown as { __fathomTest?: { read(name: string): unknown } }).__fathomTest;
    return hooks?.read(n) ?? null;
  }, name) as Promise<T>;
}
