// A seek restores the nearest checkpoint at or before its target and plays only from there: the
// state it lands in must be exactly the state a straight play from the start reaches, book
// histories and event detectors included. One demo session with books (real simulator, real
// client, real SQLite file), sought back and forth.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_PRESETS, ruleFromPreset } from '../../shared/analytics/alert-presets.ts';
import type { AlertRule } from '../../shared/domain/session.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS, type FlowSettings } from '../../shared/domain/settings.ts';
import { contractsAround, startDemoHarness, until } from '../market/demo-harness.testkit.ts';
import type { EngineSnapshot } from '../market/flow-engine.ts';
import { Recording } from '../market/recording.ts';
import { SymbolSubscriptions } from '../market/symbol-subscriptions.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { getSession } from '../store/sessions.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { ReplayPlayer } from './replay-player.ts';

let dir: string;
let db: Db;
let sessionId: number;
let symbols: string[];
const BOOK_EVENT_RULE: AlertRule = { id: 'book', kind: 'BOOK_EVENT', enabled: true, symbols: [], threshold: null, kinds: [], sound: 'book' };
const RULES: AlertRule[] = [...ALERT_PRESETS.map((p, i) => ({ ...ruleFromPreset(p, []), id: `preset-${i}` })), BOOK_EVENT_RULE];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-seek-'));
  db = openDatabase(join(dir, 'seek.db'));
  // The live shape: one level a side split up by venue.
  const h = await startDemoHarness({ seed: 33, intensity: 6, bookLevels: 1 });
  const options = await contractsAround(h, 'SPY', 4);
  symbols = options;
  const recording = new Recording({ db, streamer: h.streamer, source: 'demo', clock: h.clock, settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: DEFAULT_ROLLING_SETTINGS, symbols: [...options, 'SPY'] });
  new SymbolSubscriptions(h.streamer).set(options, ['SPY']);
  recording.start();
  await until(() => h.streamer.status().state === 'live', 'login');
  await h.run(150_000, 100);
  const summary = await recording.stop();
  await h.stop();
  sessionId = summary.sessionId;
  expect(summary.flows).toBeGreaterThan(20);
}, 180_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function player(options: { checkpointEvery?: number; onFrame?: () => void; settings?: FlowSettings } = {}): ReplayPlayer {
  const session = getSession(db, sessionId)!;
  return new ReplayPlayer({
    db,
    session,
    settings: options.settings ?? session.settings,
    clock: new ManualClock(0),
    alertRules: () => RULES,
    everyContractWatched: true,
    ...(options.checkpointEvery ? { checkpointEvery: options.checkpointEvery } : {}),
    ...(options.onFrame ? { onFrame: options.onFrame } : {}),
  });
}

/** An engine's state without the stamps that only say which engine object made a cache entry. */
function engineState(snapshot: EngineSnapshot): unknown {
  for (const tracker of snapshot.contracts.values()) if (tracker?.cluster) tracker.cluster.latestStamp = 0;
  return snapshot;
}

/** Everything a seek must land on: what the windows are sent and all the state the next frames build on. */
function stateOf(p: ReplayPlayer) {
  const { pipeline } = p;
  return {
    frameIndex: p.state().frameIndex,
    flows: p.flowsAsOfNow(100_000),
    engine: engineState(pipeline.engine.snapshot()),
    stats: pipeline.engine.stats.session(),
    processor: p.processor.snapshot(),
    alerts: pipeline.alerts.snapshot(),
    timelines: symbols.map((s) => pipeline.timelines.timeline(s)),
    detectors: pipeline.timelines.snapshot(),
    gamma: pipeline.quotes.snapshot('SPY'),
  };
}

describe('a seek from a checkpoint', () => {
  it('lands on exactly the state of a straight play to its target, book histories and detectors included', () => {
    const seeker = player({ checkpointEvery: 25 });
    seeker.runToEnd();
    const { start, end, frameCount } = seeker.state();
    expect(frameCount).toBeGreaterThan(250);
    // The checkpoints left most of their flows to the store: a restore reads them back.
    const { storedFlows, heldFlows } = seeker.checkpointStats();
    expect(storedFlows).toBeGreaterThan(heldFlows);
    // Backwards, forwards past a checkpoint, near one, to the very start and to the end.
    const targets = [0.83, 0.2, 0.57, 0.58, 0.9, 0.02, 1, 0.41].map((f) => Math.round(start + (end - start) * f));
    let withEvents = 0;
    let withHistory = 0;
    for (const target of targets) {
      seeker.seek(target);
      const fresh = player({ checkpointEvery: 1_000_000 });
      fresh.seek(target);
      const sought = stateOf(seeker);
      expect(sought).toEqual(stateOf(fresh));
      withHistory += sought.timelines.filter((t) => t.columns.length > 0 && t.prints.length > 0).length;
      withEvents += sought.timelines.filter((t) => t.events.length > 0).length;
      // The next frames give the same flows, events and alerts on both.
      const next = (p: ReplayPlayer) => {
        const out: unknown[] = [];
        const offs = [p.pipeline.events.on('flow', (e) => out.push(e.flow)), p.pipeline.events.on('timeline', (t) => out.push(t)), p.pipeline.events.on('alert', (a) => out.push(a))];
        for (let i = 0; i < 60; i++) p.step();
        offs.forEach((off) => off());
        return out;
      };
      expect(next(seeker)).toEqual(next(fresh));
      fresh.close();
    }
    // The comparison was about something: histories with columns and prints, and book events.
    expect(withHistory).toBeGreaterThan(targets.length);
    expect(withEvents).toBeGreaterThan(0);
    seeker.close();
    // Sixteen whole replays: slow on a loaded machine, and nothing here is timed.
  }, 180_000);

  it('with other flow rules than recorded, keeps the flows in its checkpoints (the store has others) and lands as exactly', () => {
    const session = getSession(db, sessionId)!;
    const settings = { ...session.settings, clusterWindowMs: session.settings.clusterWindowMs * 2 };
    const seeker = player({ checkpointEvery: 25, settings });
    seeker.runToEnd();
    expect(seeker.checkpointStats().storedFlows).toBe(0);
    expect(seeker.checkpointStats().heldFlows).toBeGreaterThan(0);
    const { start, end } = seeker.state();
    for (const f of [0.7, 0.3]) {
      const target = Math.round(start + (end - start) * f);
      seeker.seek(target);
      const fresh = player({ checkpointEvery: 1_000_000, settings });
      fresh.seek(target);
      expect(stateOf(seeker)).toEqual(stateOf(fresh));
      fresh.close();
    }
    seeker.close();
  }, 120_000);

  it('plays only the frames from the nearest checkpoint at or before the target', () => {
    let played = 0;
    const p = player({ checkpointEvery: 50, onFrame: () => played++ });
    p.runToEnd();
    const { start, end } = p.state();
    const { frames } = p.checkpointStats();
    expect(frames.length).toBeGreaterThan(3);
    for (const f of [0.3, 0.9, 0.1, 0.6]) {
      played = 0;
      const { frameIndex } = p.seek(Math.round(start + (end - start) * f));
      const from = Math.max(...frames.filter((at) => at <= frameIndex));
      expect(played).toBe(frameIndex - from);
      // Checkpoints sit on chain starts at least 50 frames apart, or at 100 frames regardless.
      expect(played).toBeLessThan(100);
    }
    p.close();
  }, 60_000);

  it('refuses, clearly and with nothing restored, a checkpoint whose flows the store no longer has', () => {
    const p = player({ checkpointEvery: 50 });
    p.runToEnd();
    const { start, end } = p.state();
    const target = Math.round(start + (end - start) * 0.6);
    const before = stateOf(p);
    // Only retention deletes flows, with their session's frames (store/maintenance.ts); here one
    // flow goes inside a transaction rolled back afterwards, so the other cases keep the session.
    db.exec('BEGIN');
    try {
      const gone = db.prepare('DELETE FROM flows WHERE id = (SELECT MIN(id) FROM flows WHERE id >= ? AND id < ?)').run(sessionId * 2 ** 32, (sessionId + 1) * 2 ** 32);
      expect(gone.changes).toBe(1);
      expect(() => p.seek(target)).toThrow(/no longer in the store/);
      expect(stateOf(p)).toEqual(before);
    } finally {
      db.exec('ROLLBACK');
    }
    // With the flow back, the same seek lands.
    expect(p.seek(target).position).toBe(target);
    p.close();
  }, 60_000);
});
