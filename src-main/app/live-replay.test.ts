// Live, demo and replay are one pipeline: a demo session recorded with a rolling-statistics
// window other than the default is replayed, and the windows receive the same flows, the same
// versions of them, and the same statistics (with the session's own window) as they did live.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultAppSettings } from '../../shared/domain/app-settings.ts';
import { decodeFlowBatch, type FlowBatchWire, type FlowRow, type StatsSnapshot } from '../../shared/ipc/flows.ts';
import { api, events } from '../../shared/ipc/index.ts';
import type { WireEvent } from '../../shared/ipc/push.ts';
import type { ReplayState } from '../../shared/ipc/sessions.ts';
import { saveSettings } from '../store/app-state.ts';
import { openDatabase } from '../store/database.ts';
import { startAppHarness, type AppHarness } from './app-harness.testkit.ts';

// Much shorter than the session, so a replay on the default window (5 minutes) would differ.
const ROLLING = { windowMs: 10_000, bucketMs: 500 };
const WATCHLIST = {
  entries: [
    { underlying: 'SPY', mode: 'around', contracts: [], strikesAround: 3, expiries: 1 },
    { underlying: 'QQQ', mode: 'around', contracts: [], strikesAround: 3, expiries: 1 },
  ],
};
const dir = mkdtempSync(join(tmpdir(), 'fathom-live-replay-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A feed window attached to the app, keeping everything pushed to it. */
function feedWindow(app: AppHarness, id: string) {
  const received: WireEvent[] = [];
  app.core.attachWindow({ id, kind: 'feed', symbol: null, send: (batch) => received.push(...batch) });
  return {
    received,
    call: (channel: string, payload: unknown = {}) => app.core.dispatch(id, channel, payload),
    /** Every flow version pushed in batches, in order, for one recorded session. */
    flows: (sessionId: string): FlowRow[] =>
      received
        .filter(([c]) => c === events.flows.batch.channel)
        .flatMap(([, p]) => decodeFlowBatch(p as FlowBatchWire))
        .filter((row) => row.sessionId === sessionId),
    stats: (): StatsSnapshot[] => received.filter(([c]) => c === events.flows.stats.channel).map(([, p]) => p as StatsSnapshot),
  };
}

function byVersion(rows: readonly FlowRow[]): Map<string, FlowRow> {
  return new Map(rows.map((row) => [`${row.id}@${row.version}`, row]));
}

function latest(rows: readonly FlowRow[]): Map<string, FlowRow> {
  const out = new Map<string, FlowRow>();
  for (const row of rows) if ((out.get(row.id)?.version ?? -1) < row.version) out.set(row.id, row);
  return out;
}

describe('one pipeline for live and replay', () => {
  it('replays a recorded session to the windows exactly as they saw it live', async () => {
    const db = openDatabase(join(dir, 'fathom.db'));
    saveSettings(db, { ...defaultAppSettings(), rolling: ROLLING }, Date.now());
    db.close();

    // Live: a feed window watches a demo session for a simulated minute.
    const live = await startAppHarness({ dataDir: dir, intensity: 10 });
    const seen = feedWindow(live, 'live-feed');
    expect(await seen.call(api.marketData.setWatchlist.channel, WATCHLIST)).toMatchObject({ ok: true });
    expect(await seen.call(api.flows.subscribe.channel, { backlog: 0 })).toMatchObject({ ok: true });
    const startedAt = live.clock.now();
    await live.runUntil(() => live.clock.now() - startedAt >= 60_000, 'a simulated minute');
    await live.stop();
    const liveFlows = seen.flows('1');
    const liveStats = new Map(seen.stats().map((s) => [s.at, s]));
    expect(liveFlows.length).toBeGreaterThan(50);
    expect(liveStats.size).toBeGreaterThan(30);
    expect([...liveStats.values()].every((s) => s.windowMs === ROLLING.windowMs)).toBe(true);

    // Replay: the same database, a new app, the recorded session played to a feed window.
    const again = await startAppHarness({ dataDir: dir, intensity: 10 });
    try {
      const shown = feedWindow(again, 'replay-feed');
      expect(await shown.call(api.flows.subscribe.channel, { backlog: 0 })).toMatchObject({ ok: true });
      expect(await shown.call(api.sessions.openReplay.channel, { sessionId: '1' })).toMatchObject({ ok: true });
      expect(await shown.call(api.sessions.controlReplay.channel, { action: 'speed', speed: 10 })).toMatchObject({ ok: true });
      expect(await shown.call(api.sessions.controlReplay.channel, { action: 'play' })).toMatchObject({ ok: true });
      const finished = () =>
        shown.received.map(([c, p]) => (c === events.sessions.replay.channel ? (p as ReplayState | null) : null)).find((state) => state?.finished === true);
      await again.runUntil(() => finished() !== undefined, 'the replay to finish');
      const end = (finished() as ReplayState).end;
      const replayFlows = shown.flows('1');
      // While it plays, a replay snapshots at stream time's whole seconds, as live did; where it
      // stops (here the end) it snapshots the state after the last frame, which live never did.
      const replayStats = shown.stats().filter((s) => s.at >= startedAt && s.at < end && s.at % 1000 === 0);

      // Same flows, and each one's final version the same in every field.
      const liveLatest = latest(liveFlows);
      const replayLatest = latest(replayFlows);
      expect([...replayLatest.keys()].sort()).toEqual([...liveLatest.keys()].sort());
      for (const [id, row] of replayLatest) expect(row, id).toEqual(liveLatest.get(id));
      // Every version both saw (conflation may skip different intermediate ones) is the same.
      const liveVersions = byVersion(liveFlows);
      let shared = 0;
      for (const [key, row] of byVersion(replayFlows)) {
        const twin = liveVersions.get(key);
        if (!twin) continue;
        shared++;
        expect(row, key).toEqual(twin);
      }
      expect(shared).toBeGreaterThanOrEqual(liveLatest.size);

      // Statistics at the same stream times are the same, with the session's own window.
      let compared = 0;
      for (const stats of replayStats) {
        expect(stats.windowMs).toBe(ROLLING.windowMs);
        const twin = liveStats.get(stats.at);
        if (!twin) continue;
        compared++;
        expect(stats, `stats at ${stats.at}`).toEqual(twin);
      }
      expect(compared).toBeGreaterThan(20);
    } finally {
      await again.stop();
    }
  }, 180_000);
});
