// The market worker is supervised: when it exits, throws or hangs, the windows hear at once, its
// session is closed with a gap that says why, a new worker starts after a short backoff and the
// watchlist comes back by itself; a request caught in between gets UNAVAILABLE, never a crash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/domain/session.ts';
import { decodeFlowBatch, type FlowBatchWire } from '../../shared/ipc/flows.ts';
import { api, events } from '../../shared/ipc/index.ts';
import type { Notice } from '../../shared/ipc/market-data.ts';
import type { WireEvent } from '../../shared/ipc/push.ts';
import { webHostCapabilities } from '../hosts/web/web-capabilities.ts';
import { FAULT_CHANNEL, type WorkerFault } from '../ingest/worker-faults.testkit.ts';
import { openDatabase } from '../store/database.ts';
import { systemClock } from '../util/clock.ts';
import { AppCore } from './app-core.ts';
import { WorkerIngest } from './ingest-client.ts';
import { FEW_SPY } from './worker-session.testkit.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-supervise-'));
const entry = new URL('../ingest/faulty-worker.testkit.ts', import.meta.url);
const faults = new BroadcastChannel(FAULT_CHANNEL);
const received: WireEvent[] = [];
const waiters = new Set<() => void>();
let core: AppCore;

/** Resolves once a push at index >= `from` passes `match`. */
function pushed(match: (event: WireEvent) => boolean, what: string, from = 0, limitMs = 60_000): Promise<WireEvent> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = received.slice(from).find(match);
      if (!found) return;
      waiters.delete(check);
      clearTimeout(timer);
      resolve(found);
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`no ${what} within ${limitMs} ms`));
    }, limitMs);
    waiters.add(check);
    check();
  });
}

const status = (state: ConnectionState['state']) => (e: WireEvent) => e[0] === events.marketData.status.channel && (e[1] as ConnectionState).state === state;
const sessionsIn = (e: WireEvent): number[] =>
  e[0] === events.flows.batch.channel ? decodeFlowBatch(e[1] as FlowBatchWire).map((row) => Number(row.sessionId)) : [];
/** The newest session any flow pushed so far belongs to. */
const newestSession = () => Math.max(0, ...received.flatMap(sessionsIn));
const flowAfterSession = (session: number) => (e: WireEvent) => sessionsIn(e).some((id) => id > session);

beforeAll(async () => {
  const clock = systemClock();
  core = new AppCore({
    dbPath: join(dir, 'fathom.db'),
    clock,
    version: 'test',
    host: webHostCapabilities(join(dir, 'exports')),
    source: { kind: 'demo', seed: 11, intensity: 10, bookLevels: 5 },
    restartBackoffMs: { first: 100, max: 400 },
    createIngest: (onPushes, tokens, onExit) =>
      new WorkerIngest({ entry, onPushes, onExit, clock, liveness: { everyMs: 200, timeoutMs: 5_000, startupTimeoutMs: 60_000 }, ...(tokens ? { tokens } : {}) }),
  });
  await core.start();
  core.attachWindow({
    id: 'feed',
    kind: 'feed',
    symbol: null,
    send: (batch) => {
      received.push(...batch);
      for (const wake of [...waiters]) wake();
    },
  });
  expect(await core.dispatch('feed', api.marketData.setWatchlist.channel, FEW_SPY)).toMatchObject({ ok: true });
  expect(await core.dispatch('feed', api.flows.subscribe.channel, { backlog: 0 })).toMatchObject({ ok: true });
  await pushed(flowAfterSession(0), 'a flow of the first session');
}, 90_000);

afterAll(async () => {
  faults.close();
  await core.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function breakAndRecover(fault: WorkerFault, reason: RegExp): Promise<void> {
  const from = received.length;
  const before = newestSession();
  faults.postMessage(fault);
  const down = await pushed(status('reconnecting'), 'the worker down', from);
  expect((down[1] as { reason: string }).reason).toMatch(reason);
  const notice = await pushed((e) => e[0] === events.marketData.notice.channel && (e[1] as Notice).level === 'error', 'the notice', from);
  expect((notice[1] as Notice).text).toMatch(/market worker stopped/);
  await pushed(status('live'), 'the market live again', from);
  // The watchlist came back by itself: a new session streams the same contracts.
  await pushed(flowAfterSession(before), 'a flow of a new session', from);
  expect(await core.dispatch('feed', api.marketData.getWatchlist.channel, {})).toEqual({ ok: true, value: FEW_SPY });
}

describe('the supervised market worker', () => {
  it('restarts after it exits', async () => {
    await breakAndRecover('exit', /exited with code 3/);
  }, 90_000);

  it('restarts after an uncaught exception', async () => {
    await breakAndRecover('throw', /market worker stopped/);
  }, 90_000);

  it('ends a hung worker, answers requests meanwhile with UNAVAILABLE, and restarts', async () => {
    const from = received.length;
    const before = newestSession();
    faults.postMessage('hang');
    const down = await pushed(status('reconnecting'), 'the hung worker ended', from);
    expect((down[1] as { reason: string }).reason).toMatch(/stopped answering/);
    // Between two workers a request is refused in words; main answers what it knows itself.
    expect(await core.dispatch('feed', api.sessions.list.channel, { limit: 5 })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await core.dispatch('feed', api.settings.get.channel, {})).toMatchObject({ ok: true });
    await pushed(flowAfterSession(before), 'a flow of a new session', from);
  }, 90_000);

  it('closed every dead session with a gap that says why', async () => {
    const sessions = await core.dispatch('feed', api.sessions.list.channel, { limit: 10 });
    expect(sessions.ok).toBe(true);
    const db = openDatabase(join(dir, 'fathom.db'), { readonly: true });
    try {
      const gaps = db.prepare('SELECT session_id AS session, reason FROM gaps ORDER BY session_id').all() as { session: number; reason: string }[];
      const ended = (db.prepare('SELECT id FROM sessions WHERE ended_at IS NOT NULL ORDER BY id').all() as { id: number }[]).map((r) => r.id);
      const open = (db.prepare('SELECT id FROM sessions WHERE ended_at IS NULL').all() as { id: number }[]).map((r) => r.id);
      // Three deaths at least: every session but the one recording now ended with a gap saying why.
      expect(ended.length).toBeGreaterThanOrEqual(3);
      expect(open).toEqual([newestSession()]);
      for (const id of ended) expect(gaps.find((g) => g.session === id)?.reason, `session ${id}`).toMatch(/market worker stopped/);
    } finally {
      db.close();
    }
  });
});
