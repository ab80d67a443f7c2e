import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { Recording } from '../market/recording.ts';
import { SymbolSubscriptions } from '../market/symbol-subscriptions.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { iterateFlows } from '../store/flows.ts';
import { readFrames } from '../store/frames.ts';
import { getSession } from '../store/sessions.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { contractsAround, startDemoHarness, until } from '../market/demo-harness.testkit.ts';
import { MAX_CHECKPOINTS, thinCheckpoints } from './checkpoints.ts';
import { ReplayPlayer } from './replay-player.ts';
import { bySequence } from '../../shared/domain/flow-id.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import { toFlowRow } from '../../shared/ipc/flows.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';

// One recorded demo session (real simulator, real client, real SQLite), replayed many ways.
let dir: string;
let db: Db;
let sessionId: number;
/** The frames as the parse stage saw them live, in order. */
const live: { text: string; receivedAt: number; connection: number }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-replay-'));
  db = openDatabase(join(dir, 'r.db'));
  const h = await startDemoHarness({ seed: 21, intensity: 4, bookLevels: 5 });
  const options = await contractsAround(h, 'SPY', 4);
  const recording = new Recording({ db, streamer: h.streamer, source: 'demo', clock: h.clock, settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: DEFAULT_ROLLING_SETTINGS, symbols: [...options, 'SPY'] });
  new SymbolSubscriptions(h.streamer).set(options, ['SPY']);
  h.streamer.on('frame', ({ text, receivedAt, connection }) => live.push({ text, receivedAt, connection }));
  recording.start();
  await until(() => h.streamer.status().state === 'live', 'login');
  await h.run(120_000, 100);
  const summary = await recording.stop();
  await h.stop();
  sessionId = summary.sessionId;
  expect(summary.flows).toBeGreaterThan(20);
}, 120_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const stored = () => [...iterateFlows(db, { sessionId })];

/** The session re-run to its end through the replay player, latest version of each flow. */
function replayed(overrides: Partial<FlowSettings> = {}): Flow[] {
  const session = getSession(db, sessionId)!;
  const player = new ReplayPlayer({ db, session, settings: { ...session.settings, ...overrides }, clock: new ManualClock(0) });
  const latest = new Map<string, Flow>();
  player.pipeline.events.on('flow', ({ flow }) => latest.set(flow.id, flow));
  player.runToEnd();
  return [...latest.values()].sort(bySequence);
}

describe('replay', () => {
  it('reads back every raw frame byte for byte, stored as per-contract changes', () => {
    const read = [...readFrames(db, sessionId)];
    expect(read.length).toBe(live.length);
    read.forEach((frame, i) => {
      const original = live[i]!;
      expect(Buffer.from(frame.text).equals(Buffer.from(original.text))).toBe(true);
      expect([frame.seq, frame.receivedAt, frame.connection]).toEqual([i, original.receivedAt, original.connection]);
    });
    // Written every 100 ms as chains of delta batches (the first of each chain decodes alone).
    const codecs = db.prepare('SELECT codec, COUNT(*) AS n FROM frame_batches WHERE session_id = ? GROUP BY codec').all(sessionId) as { codec: string; n: number }[];
    expect(Object.fromEntries(codecs.map((c) => [c.codec, c.n]))).toMatchObject({ delta1: expect.any(Number), 'delta1+': expect.any(Number) });
    // Level 1 and book frames alike are split into items (only logins and responses stay whole).
    expect(live.filter((f) => f.text.includes('"content":[')).length).toBeGreaterThan(live.length / 2);
  });

  it('reproduces the recorded flows exactly with the session settings', () => {
    const flows = replayed();
    expect(flows).toEqual(stored());
  });

  it('re-runs with other thresholds and shows what changed', () => {
    const flows = replayed({ whaleMinPremium: 1 });
    expect(flows.length).toBe(stored().length);
    expect(flows.every((f) => f.whale)).toBe(true);
    expect(stored().some((f) => !f.whale)).toBe(true);
  });

  it('seeking to any time gives the same state as playing from the start to it', () => {
    const session = getSession(db, sessionId)!;
    const make = () => new ReplayPlayer({ db, session, settings: session.settings, clock: new ManualClock(0), checkpointEvery: 150 });
    const seeker = make();
    seeker.runToEnd();
    const { start, end } = seeker.state();
    const targets = [0.9, 0.1, 0.5, 0.51, 0.05, 1, 0.33].map((f) => Math.round(start + (end - start) * f));
    for (const target of targets) {
      seeker.seek(target);
      const fresh = make();
      // The truth: every version the frames up to the target made, the latest of each.
      const emitted = new Map<string, Flow>();
      fresh.pipeline.events.on('flow', ({ flow }) => emitted.set(flow.id, flow));
      fresh.seek(target);
      expect(seeker.state().frameIndex).toBe(fresh.state().frameIndex);
      const truth = [...emitted.values()].map(toFlowRow).sort((a, b) => b.time - a.time || bySequence(b, a));
      expect(seeker.flowsAsOfNow(100_000)).toEqual(truth);
      expect(fresh.flowsAsOfNow(100_000)).toEqual(truth);
      expect(seeker.pipeline.engine.stats.session()).toEqual(fresh.pipeline.engine.stats.session());
      expect(seeker.pipeline.engine.counts()).toEqual(fresh.pipeline.engine.counts());
      fresh.close();
    }
    seeker.close();
  }, 120_000);

  it('keeps its checkpoints bounded however long the session, and seeks as exactly', () => {
    const session = getSession(db, sessionId)!;
    // A checkpoint every frame under a cap of 16: the cap is reached and halved again and again.
    const thin = new ReplayPlayer({ db, session, settings: session.settings, clock: new ManualClock(0), checkpointEvery: 1, maxCheckpoints: 16 });
    const plain = new ReplayPlayer({ db, session, settings: session.settings, clock: new ManualClock(0), checkpointEvery: 1_000_000 });
    thin.runToEnd();
    const { start, end, frameCount } = thin.state();
    expect(frameCount).toBeGreaterThan(16 * 8);
    expect(thin.checkpointStats().count).toBeLessThanOrEqual(16);
    for (const f of [0.7, 0.2, 0.95, 0.4]) {
      const target = Math.round(start + (end - start) * f);
      thin.seek(target);
      plain.seek(target);
      expect(thin.flowsAsOfNow(100_000)).toEqual(plain.flowsAsOfNow(100_000));
      expect(thin.pipeline.engine.counts()).toEqual(plain.pipeline.engine.counts());
    }
    // Under a budget of estimated bytes as well as a count.
    const small = new ReplayPlayer({ db, session, settings: session.settings, clock: new ManualClock(0), checkpointEvery: 1, checkpointBudget: 1 });
    small.runToEnd();
    expect(small.checkpointStats().count).toBeLessThanOrEqual(2);
    expect(small.checkpointStats().every).toBeGreaterThan(64);
    small.close();
    thin.close();
    plain.close();
  }, 120_000);

  it('thins checkpoints to every other one on a doubled interval, spread over the session', () => {
    let list = Array.from({ length: MAX_CHECKPOINTS }, (_, i) => ({ frameIndex: i * 10 }));
    let every = 10;
    for (let round = 0; round < 5; round++) {
      ({ kept: list, every } = thinCheckpoints(list, every));
      expect(list.length).toBe(MAX_CHECKPOINTS / 2 ** (round + 1));
      expect(list.every((c, i) => c.frameIndex === i * every)).toBe(true);
    }
    expect(every).toBe(320);
  });

  it('plays at a speed against its clock, pauses and steps one frame at a time', () => {
    const session = getSession(db, sessionId)!;
    const clock = new ManualClock(1_000_000);
    const player = new ReplayPlayer({ db, session, settings: session.settings, clock });
    const { start } = player.state();
    player.setSpeed(10);
    player.play();
    clock.advance(1000);
    const after = player.state();
    expect(after.playing).toBe(true);
    expect(after.position).toBeGreaterThan(start + 9000);
    expect(after.position).toBeLessThanOrEqual(start + 10_000);
    player.pause();
    const paused = player.state();
    clock.advance(5000);
    expect(player.state().frameIndex).toBe(paused.frameIndex);
    expect(player.step().frameIndex).toBe(paused.frameIndex + 1);
    player.setSpeed('max');
    player.play();
    for (let i = 0; i < 10_000 && player.state().playing; i++) clock.advance(1);
    expect(player.state()).toMatchObject({ finished: true, playing: false });
  });
});
