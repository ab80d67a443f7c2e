// The app core with a replay open: new windows start from the replay, a feed that subscribes
// gets the replay's flows, closing the replay hands the windows the live market back.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { decodeFlowBatch, type FlowBatchWire } from '../../shared/ipc/flows.ts';
import { api, events } from '../../shared/ipc/index.ts';
import type { WireEvent } from '../../shared/ipc/push.ts';
import type { ReplayState } from '../../shared/ipc/sessions.ts';
import { webHostCapabilities } from '../hosts/web/web-capabilities.ts';
import { contractsAround, startDemoHarness, until } from '../market/demo-harness.testkit.ts';
import { Recording } from '../market/recording.ts';
import { SymbolSubscriptions } from '../market/symbol-subscriptions.ts';
import { openDatabase } from '../store/database.ts';
import { startAppHarness, type AppHarness } from './app-harness.testkit.ts';

let dir: string;
let app: AppHarness;
const remembered: (string | null)[] = [];
let picked: string | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-core-'));
  const db = openDatabase(join(dir, 'fathom.db'));
  const h = await startDemoHarness({ intensity: 10 });
  const options = await contractsAround(h, 'SPY', 4);
  const recording = new Recording({ db, streamer: h.streamer, source: 'demo', clock: h.clock, settings: DEFAULT_FLOW_SETTINGS, rolling: DEFAULT_ROLLING_SETTINGS, symbols: options });
  new SymbolSubscriptions(h.streamer).set(options, ['SPY']);
  recording.start();
  await until(() => h.streamer.status().state === 'live', 'live');
  await h.run(30_000, 100);
  await recording.stop();
  await h.stop();
  db.close();
  const host = {
    ...webHostCapabilities(join(dir, 'exports')),
    rememberDataDir: (folder: string | null) => void remembered.push(folder),
    chooseDataFolder: async () => picked,
  };
  app = await startAppHarness({ dataDir: dir, intensity: 10, host });
}, 120_000);

afterAll(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

function window(id: string, kind: 'feed' | 'book' = 'feed') {
  const received: WireEvent[] = [];
  app.core.attachWindow({ id, kind, symbol: null, send: (batch) => received.push(...batch) });
  const call = (channel: string, payload: unknown = {}) => app.core.dispatch(id, channel, payload);
  const rows = (channel: string) => received.filter(([c]) => c === channel).flatMap(([, p]) => decodeFlowBatch(p as FlowBatchWire));
  return { events: received, call, rows };
}

describe('the app core around a replay', () => {
  it('starts new windows from the replay and hands the live market back when it closes', async () => {
    const feed = window('w1');
    expect(await feed.call(api.flows.subscribe.channel, { backlog: 0 })).toMatchObject({ ok: true });
    await app.runUntil(() => app.core.status().state === 'live', 'live');
    expect(await feed.call(api.sessions.openReplay.channel, { sessionId: '1' })).toMatchObject({ ok: true, value: { sessionId: '1' } });
    expect(await feed.call(api.sessions.controlReplay.channel, { action: 'speed', speed: 'max' })).toMatchObject({ ok: true });
    expect(await feed.call(api.sessions.controlReplay.channel, { action: 'play' })).toMatchObject({ ok: true });
    const replayStates = () => feed.events.filter(([c]) => c === events.sessions.replay.channel).map(([, p]) => p as ReplayState | null);
    await app.runUntil(() => replayStates().at(-1)?.finished === true, 'the replay to finish');
    expect(feed.events.some(([c, p]) => c === events.marketData.status.channel && (p as { source: string }).source === 'replay')).toBe(true);

    const late = window('w2');
    expect(late.events.find(([c]) => c === events.sessions.replay.channel)?.[1]).toMatchObject({ sessionId: '1', finished: true });
    expect(await late.call(api.flows.subscribe.channel, { backlog: 500 })).toMatchObject({ ok: true });
    const replayed = late.rows(events.flows.reset.channel);
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.every((r) => r.sessionId === '1')).toBe(true);

    const before = feed.events.length;
    expect(await feed.call(api.sessions.closeReplay.channel)).toMatchObject({ ok: true, value: { closed: true } });
    await app.runUntil(() => feed.events.slice(before).some(([c]) => c === events.flows.reset.channel), 'the live flows back');
    const back = feed.events.slice(before);
    const live = back.filter(([c]) => c === events.flows.reset.channel).flatMap(([, p]) => decodeFlowBatch(p as FlowBatchWire));
    expect(live.every((r) => r.sessionId === '2')).toBe(true);
    expect(back.some(([c, p]) => c === events.marketData.status.channel && (p as { source: string }).source === 'demo')).toBe(true);
    expect(back.some(([c, p]) => c === events.sessions.replay.channel && p === null)).toBe(true);
  }, 120_000);

  it('moves the data folder only through the host\'s picker, to a writable folder this user owns', async () => {
    const settings = (await app.core.dispatch('w1', api.settings.get.channel, {})) as { ok: true; value: { data: { folder: string | null } } };
    // A page cannot name a folder (a hostile page once could write into /etc/cron.d as root).
    const named = await app.core.dispatch('w1', api.settings.update.channel, { data: { ...settings.value.data, folder: '/etc/cron.d' } });
    expect(named).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/folder picker/) } });
    // The host's picker chose a folder that is not fit: refused, nothing remembered.
    picked = join(dir, 'no-such-folder');
    expect(await app.core.dispatch('w1', api.settings.chooseDataFolder.channel, {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/does not exist/) } });
    picked = join(dir, 'elsewhere');
    mkdirSync(picked);
    expect(await app.core.dispatch('w1', api.settings.chooseDataFolder.channel, {})).toMatchObject({ ok: true, value: { data: { folder: picked } } });
    expect(remembered).toEqual([picked]);
  });
});
