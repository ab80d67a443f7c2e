// The ingest worker's host against the real simulator on 127.0.0.1 (as a live source, so each
// quirk can be switched on) on a ManualClock: Schwab's 500-key budget refuses a watchlist before
// it is saved, chains for the picker and the watchlist stay within the gateway's buffer, the
// windows hear that the data is delayed, and a takeover (code 12) is said in words and undone
// only by the user.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/domain/session.ts';
import type { Watchlist } from '../../shared/domain/watchlist.ts';
import { marketEvents } from '../../shared/ipc/market-data.ts';
import { sessionEvents } from '../../shared/ipc/sessions.ts';
import { payloadIf, type Push } from '../../shared/ipc/push.ts';
import { DEMO_START } from '../market/demo-harness.testkit.ts';
import { SchwabRest } from '../schwab/rest.ts';
import { AccessTokenManager } from '../schwab/token-manager.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server/simulator.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { IngestHost } from './ingest-host.ts';
import { DEFAULT_WATCHLIST } from './watchlist-resolver.ts';

interface Running {
  clock: ManualClock;
  sim: Simulator;
  host: IngestHost;
  pushes: Push[];
  dbPath: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Partial<SimulatorOptions> = {}, existing?: { clock: ManualClock; sim: Simulator; dbPath: string }): Promise<Running> {
  const clock = existing?.clock ?? new ManualClock(DEMO_START);
  let sim = existing?.sim;
  let dbPath = existing?.dbPath;
  if (!sim) {
    // A quiet market: these tests are about subscriptions and statuses, not data volume.
    const started = await startSimulator({ clock, seed: 3, intensity: 0.2, bookLevels: 1, conflationMs: 5_000, bookIntervalMs: 5_000, ...options });
    sim = started;
    cleanups.push(() => started.stop());
  }
  if (!dbPath) {
    const dir = mkdtempSync(join(tmpdir(), 'fathom-ingest-quirks-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    dbPath = join(dir, 'fathom.db');
  }
  const app = sim.app;
  const refreshToken = sim.issueRefreshToken();
  const tokens = new AccessTokenManager({ rest: new SchwabRest({ apiBase: sim.apiBase, clock }), app, clock, store: { load: async () => refreshToken, rotated: async () => undefined } });
  const pushes: Push[] = [];
  const host = new IngestHost({ clock, tokens, out: (batch) => pushes.push(...batch) });
  await host.start({ dbPath, source: { kind: 'live', apiBase: sim.apiBase }, flushMs: 16 });
  let stopped = false;
  cleanups.push(async () => {
    if (!stopped) await host.stop();
  });
  const running = { clock, sim, host, pushes, dbPath };
  return Object.assign(running, {
    async stop() {
      stopped = true;
      await host.stop();
    },
  });
}

/** Turns of the event loop until the simulator has seen nothing new for a while (sockets, REST). */
async function settle(r: Running): Promise<void> {
  let last = '';
  for (let turn = 0, same = 0; turn < 20_000 && same < 30; turn++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const s = r.sim.stats();
    const now = `${s.framesReceived}/${s.framesSent}/${s.restRequests}/${s.connectionsTotal}`;
    same = now === last ? same + 1 : 0;
    last = now;
  }
}

/** Moves the clock in small steps, letting sockets and REST answers in, until `done` holds. */
async function runUntil(r: Running, done: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const end = r.clock.now() + limitMs;
  await settle(r);
  while (!done()) {
    if (r.clock.now() >= end) throw new Error(`gave up waiting for ${what}`);
    r.clock.advance(50);
    await settle(r);
  }
}

/** Calls and puts on two strikes of two monthlies per underlying, for the IV history (FLOW-RULES.md §11). */
const IV_CONTRACTS = 8;
const DEFAULT_STREAMING = JSON.stringify({ LEVELONE_OPTIONS: 144 + 5 * IV_CONTRACTS, OPTIONS_BOOK: 144 + 5 * IV_CONTRACTS, LEVELONE_EQUITIES: 5, CHART_EQUITY: 5 });

const statuses = (r: Running): ConnectionState[] => r.pushes.flatMap((p) => payloadIf(p, marketEvents.status) ?? []);
const lastStatus = (r: Running): ConnectionState | undefined => statuses(r).at(-1);
const subscribed = (r: Running) => r.sim.stats().subscribedKeys;

describe('2. the 500-key budget', () => {
  it('refuses a watchlist whose contracts exceed it, with the reason, before saving or subscribing anything', async () => {
    const r = await start();
    await runUntil(r, () => JSON.stringify(subscribed(r)) === DEFAULT_STREAMING, 'the default watchlist streaming');
    const before = { ...subscribed(r) };
    const tooBig: Watchlist = { entries: [{ underlying: 'SPY', mode: 'around', contracts: [], strikesAround: 50, expiries: 3 }] };
    await expect(r.host.setWatchlist(tooBig)).rejects.toThrow(
      "Over Schwab's key budget: this needs 600 option contracts; Schwab streams at most 500 at a time (each with its quotes and its book): remove strikes, expiries or underlyings.",
    );
    await runUntil(r, () => true, 'a turn');
    r.clock.advance(2_000);
    expect(subscribed(r)).toEqual(before);
    expect(r.pushes.some((p) => payloadIf(p, marketEvents.watchlist) !== undefined)).toBe(false);

    // Within the budget it goes through (±5 strikes of 2 expiries, calls and puts: 40, and SPY's IV contracts).
    const fits: Watchlist = { entries: [{ underlying: 'SPY', mode: 'around', contracts: [], strikesAround: 5, expiries: 2 }] };
    expect(await r.host.setWatchlist(fits)).toEqual(fits);
    const streaming = JSON.stringify({ LEVELONE_OPTIONS: 40 + IV_CONTRACTS, OPTIONS_BOOK: 40 + IV_CONTRACTS, LEVELONE_EQUITIES: 1, CHART_EQUITY: 1 });
    await runUntil(r, () => JSON.stringify(subscribed(r)) === streaming, 'the new watchlist streaming').catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(subscribed(r))} ${JSON.stringify(statuses(r).slice(-3))} ${JSON.stringify(Object.fromEntries(Object.entries(r.sim.stats().requests).map(([k, v]) => [k, [v.count, v.keys]])))}`);
    });

    // What was saved is the list that fit, never the refused one.
    await (r as Running & { stop(): Promise<void> }).stop();
    const again = await start({}, r);
    await runUntil(again, () => JSON.stringify(subscribed(again)) === streaming, 'the saved watchlist streaming');
  });
});

describe('2. the budget and the open books', () => {
  it('books opened past the budget are cut to it, open books first, and the windows are told', async () => {
    const r = await start();
    await runUntil(r, () => JSON.stringify(subscribed(r)) === DEFAULT_STREAMING, 'the default watchlist streaming');
    // 600 books (contracts the market does not list: subscribed, never quoted).
    const books = Array.from({ length: 600 }, (_, i) => `SPY   301220C${String(100_000 + i * 1_000).padStart(8, '0')}`);
    expect(await r.host.watchBooks(books)).toEqual({ watching: 600 });
    await runUntil(r, () => subscribed(r).LEVELONE_OPTIONS === 500 && subscribed(r).OPTIONS_BOOK === 500, 'the budget filled');
    r.clock.advance(1_000);
    await settle(r);
    expect(subscribed(r)).toMatchObject({ LEVELONE_OPTIONS: 500, OPTIONS_BOOK: 500 });
    const notices = r.pushes.flatMap((p) => payloadIf(p, marketEvents.notice) ?? []);
    expect(notices.at(-1)).toMatchObject({
      level: 'warning',
      text: 'Streaming the first 500 only: this needs 744 option contracts (600 of them open books); Schwab streams at most 500 at a time (each with its quotes and its book): remove strikes, expiries or underlyings.',
    });
    const usage = r.pushes.map((p) => payloadIf(p, marketEvents.usage)).filter((u) => u !== undefined).at(-1);
    expect(usage?.find((u) => u.service === 'LEVELONE_OPTIONS')).toEqual({ service: 'LEVELONE_OPTIONS', keys: 500, limit: 500 });
  });
});

describe('6. chains within the gateway buffer', () => {
  it('the picker gets its chain from a root whose whole chain overflows: only its strikes and expiries are asked', async () => {
    const r = await start({ chainContractLimit: 400 });
    const chain = await r.host.chain('SPY', 24, 4);
    expect(chain.expiries).toHaveLength(4);
    expect(chain.contracts).toHaveLength(24 * 4 * 2);
    expect(r.sim.stats().chainsTooBig).toBe(0);
  });

  it('the watchlist\'s "around" entries ask their own expiries only', async () => {
    const r = await start({ chainContractLimit: 300 });
    const expected = DEFAULT_WATCHLIST.entries.reduce((n, e) => n + e.strikesAround * 2 * e.expiries * 2, 0);
    expect(JSON.parse(DEFAULT_STREAMING)).toMatchObject({ LEVELONE_OPTIONS: expected + DEFAULT_WATCHLIST.entries.length * IV_CONTRACTS });
    await runUntil(r, () => JSON.stringify(subscribed(r)) === DEFAULT_STREAMING, 'every entry picked');
    expect(r.sim.stats().chainsTooBig).toBe(0);
  });
});

describe('1. delayed data reaches the windows', () => {
  it('the status the windows get says delayed once the data does', async () => {
    const r = await start({ delayed: true });
    await runUntil(r, () => lastStatus(r)?.state === 'live' && (lastStatus(r) as { delayed: boolean }).delayed, 'a delayed live status');
    expect(lastStatus(r)).toMatchObject({ state: 'live', source: 'live', delayed: true });
  });

  it('a replay of a session recorded on delayed data says delayed too, and one on real-time data does not', async () => {
    const recorded: Record<string, boolean> = {};
    let existing: { clock: ManualClock; sim: Simulator; dbPath: string } | undefined;
    for (const delayed of [true, false]) {
      // Logins from now on: the host below signs in afresh.
      existing?.sim.faults.setDelayed(delayed);
      const r = await start({ delayed }, existing);
      existing = { clock: r.clock, sim: r.sim, dbPath: r.dbPath };
      await runUntil(r, () => lastStatus(r)?.state === 'live' && (lastStatus(r) as { delayed: boolean }).delayed === delayed, `a live status, delayed ${delayed}`);
      r.clock.advance(2_000);
      await settle(r);
      const session = r.host.sessions(1)[0];
      expect(session).toBeDefined();
      recorded[session?.id ?? ''] = delayed;
      await (r as Running & { stop(): Promise<void> }).stop();
    }
    // A third host replays both sessions, on real-time data of its own.
    const r = await start({}, existing);
    for (const [sessionId, delayed] of Object.entries(recorded)) {
      const from = r.pushes.length;
      r.host.openReplay(sessionId);
      expect(r.host.controlReplay({ action: 'speed', speed: 'max' })).toMatchObject({ sessionId });
      r.host.controlReplay({ action: 'play' });
      const replayStatuses = () => r.pushes.slice(from).flatMap((p) => payloadIf(p, marketEvents.status) ?? []).filter((s) => s.state === 'live' && s.source === 'replay');
      const finished = () => r.pushes.slice(from).some((p) => payloadIf(p, sessionEvents.replay)?.finished === true);
      await runUntil(r, finished, `the replay of session ${sessionId} to finish`);
      expect(replayStatuses().at(-1)).toMatchObject({ delayed });
      r.host.closeReplay();
    }
  });
});

describe('8. another application on the login (code 12)', () => {
  it('the windows read who to close; nothing reconnects until the user edits the watchlist', async () => {
    const r = await start();
    await runUntil(r, () => lastStatus(r)?.state === 'live', 'live');
    r.sim.faults.sendCode12();
    await runUntil(r, () => lastStatus(r)?.state === 'error', 'the takeover status');
    expect(lastStatus(r)).toMatchObject({
      state: 'error',
      reason: expect.stringMatching(/^another application is streaming on this login; close it \(thinkorswim's API streams, another Fathom, a script\), then edit the watchlist or restart Fathom/),
    });
    const logins = r.sim.stats().loginsOk;
    r.clock.advance(60_000);
    await runUntil(r, () => true, 'a turn');
    r.clock.advance(60_000);
    expect(r.sim.stats().loginsOk).toBe(logins);
    await r.host.setWatchlist(DEFAULT_WATCHLIST);
    await runUntil(r, () => lastStatus(r)?.state === 'live', 'live again');
    expect(r.sim.stats().loginsOk).toBeGreaterThan(logins);
  });
});
