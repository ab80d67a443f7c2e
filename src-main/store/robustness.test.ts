// A failing store never stops the market: a full disk, a corrupt file and an unreadable file give
// clear errors, the stream goes on, flows stay in memory, and the status says the store fails.
import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { marketEvents } from '../../shared/ipc/market-data.ts';
import { payloadIf, type Push } from '../../shared/ipc/push.ts';
import { IngestHost } from '../ingest/ingest-host.ts';
import { Recording } from '../market/recording.ts';
import { SymbolSubscriptions } from '../market/symbol-subscriptions.ts';
import { contractsAround, DEMO_START, startDemoHarness, until } from '../market/demo-harness.testkit.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { openDatabase, StoreError } from './database.ts';
import { createSession } from './sessions.ts';
import { pruneToSize, StoreMaintenance, usedBytes, walSize } from './maintenance.ts';
import { FrameRecorder } from './frame-recorder.ts';
import { readFrames } from './frames.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-robust-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const session = { source: 'demo' as const, symbols: [], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: 0 };

describe('a full disk', () => {
  it('keeps the stream and the flows going, says the store fails, and writes again when space returns', async () => {
    const db = openDatabase(join(dir, 'full.db'));
    const h = await startDemoHarness({ intensity: 20 });
    try {
      const options = await contractsAround(h, 'SPY', 4);
      const recording = new Recording({ db, streamer: h.streamer, source: 'demo', clock: h.clock, settings: DEFAULT_FLOW_SETTINGS, rolling: DEFAULT_ROLLING_SETTINGS, symbols: options });
      let flows = 0;
      recording.pipeline.events.on('flow', () => flows++);
      new SymbolSubscriptions(h.streamer).set(options, []);
      recording.start();
      await until(() => h.streamer.status().state === 'live', 'live');
      // SQLite's own "database or disk is full", at the page the file has now.
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      await h.run(20_000, 100);
      const health = recording.writers();
      expect(health.frames.failing).toBe(true);
      expect(health.frames.lastError).toMatch(/full/);
      expect(health.frames.pending).toBeGreaterThan(0);
      expect(h.streamer.status().state).toBe('live');
      expect(flows).toBeGreaterThan(0);
      db.pragma('max_page_count = 1073741823');
      await h.run(3_000, 100);
      expect(recording.writers().frames).toMatchObject({ failing: false, pending: 0 });
      await recording.stop();
    } finally {
      await h.stop();
      db.close();
    }
  }, 60_000);
});

describe('a store that fails for long', () => {
  it('keeps a bounded backlog, drops the oldest frames, and records their loss as a gap with no hole in the numbering', () => {
    const db = openDatabase(join(dir, 'long-full.db'));
    try {
      const clock = new ManualClock(DEMO_START);
      const id = createSession(db, session);
      const cap = 64 * 1024;
      const recorder = new FrameRecorder({ db, sessionId: id, clock, maxPendingBytes: cap, flushMs: 100 });
      const frame = (i: number) => `{"data":[{"service":"LEVELONE_OPTIONS","content":[{"key":"K${i}","1":${'9'.repeat(900)}}]}]}`;
      recorder.record(frame(0), clock.now(), 1);
      expect(recorder.flush()).toBe(true);
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      // Two thousand frames of about 2 KiB each while the disk is full: far past the cap.
      for (let i = 1; i <= 2000; i++) {
        clock.advance(10);
        recorder.record(frame(i), clock.now(), 1);
      }
      const failing = recorder.status();
      expect(failing.failing).toBe(true);
      expect(failing.dropped).toBeGreaterThan(1500);
      expect(failing.pending * (frame(1).length * 2 + 80)).toBeLessThanOrEqual(cap);
      db.pragma('max_page_count = 1073741823');
      clock.advance(1000);
      expect(recorder.flush()).toBe(true);
      const numbers = [...readFrames(db, id)].map((f) => f.seq);
      expect(numbers).toEqual(numbers.map((_, i) => i));
      expect(numbers.length).toBe(recorder.status().written);
      expect(numbers.length + failing.dropped).toBe(2001);
      // One gap, over exactly the frames dropped (one every 10 ms, oldest first).
      const gaps = db.prepare('SELECT started_at AS start, ended_at AS end, reason FROM gaps WHERE session_id = ?').all(id) as { start: number; end: number; reason: string }[];
      expect(gaps).toHaveLength(1);
      expect(gaps[0]!.reason).toBe(`the database failed: ${failing.dropped} frames could not be recorded`);
      expect(gaps[0]!.end - gaps[0]!.start).toBe(10 * (failing.dropped - 1));
    } finally {
      db.close();
    }
  });
});

describe('a corrupt or unreadable file', () => {
  it('is refused with an error that says what is wrong', () => {
    const path = join(dir, 'corrupt.db');
    const db = openDatabase(path);
    const id = createSession(db, session);
    const recorder = new FrameRecorder({ db, sessionId: id, clock: new ManualClock(0), maxBatch: 1 });
    for (let i = 0; i < 2000; i++) recorder.record(`frame ${i} ${'x'.repeat(200)}`, i, 1);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 8, 0x5a), 0, 4096 * 8, 4096 * 2);
    closeSync(fd);
    let error: unknown;
    try {
      const again = openDatabase(path);
      again.prepare('SELECT COUNT(*) FROM frame_batches').get();
      expect(again.pragma('integrity_check', { simple: true })).not.toBe('ok');
      again.close();
    } catch (e) {
      error = e;
    }
    if (error) expect(String(error)).toMatch(/corrupt|malformed|not a Fathom database/i);
  });

  it('leaves the app streaming in memory, with the reason in the store status', async () => {
    const path = join(dir, 'junk.db');
    const fd = openSync(path, 'w');
    writeSync(fd, Buffer.alloc(64 * 1024, 0x41));
    closeSync(fd);
    expect(() => openDatabase(path)).toThrow(StoreError);
    const clock = new ManualClock(DEMO_START);
    const pushes: Push[] = [];
    const host = new IngestHost({ clock, out: (batch) => pushes.push(...batch) });
    const started = await host.start({ dbPath: path, source: { kind: 'demo', seed: 1, intensity: 10, bookLevels: 3 } });
    expect(started.sessionId).toBeNull();
    const storeHealth = () => pushes.map((p) => payloadIf(p, marketEvents.store)).find((h) => h !== undefined);
    for (let i = 0; i < 400 && !storeHealth(); i++) {
      clock.advance(50);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(storeHealth()).toMatchObject({ failing: true, reason: expect.stringMatching(/not a Fathom database/) });
    await host.stop();
  }, 60_000);
});

describe('maintenance', () => {
  it('prunes the oldest sessions first to fit a size cap, never the one recording', () => {
    const db = openDatabase(join(dir, 'cap.db'));
    const ids = [1, 2, 3, 4].map((n) => createSession(db, { ...session, startedAt: n }));
    for (const id of ids) {
      const recorder = new FrameRecorder({ db, sessionId: id, clock: new ManualClock(0), codec: 'raw', maxBatch: 100 });
      for (let i = 0; i < 1000; i++) recorder.record(`${id}:${i}:${'y'.repeat(500)}`, i, 1);
      recorder.close();
    }
    const full = usedBytes(db);
    const pruned = pruneToSize(db, full * 0.6, 1);
    expect(pruned).toEqual([2, 3]);
    expect(usedBytes(db)).toBeLessThanOrEqual(full * 0.6);
    expect((db.prepare('SELECT id FROM sessions ORDER BY id').all() as { id: number }[]).map((r) => r.id)).toEqual([1, 4]);
    db.close();
  });

  it('truncates a WAL that grew past its limit', () => {
    const path = join(dir, 'wal.db');
    const db = openDatabase(path);
    db.pragma('wal_autocheckpoint = 0');
    const id = createSession(db, session);
    const recorder = new FrameRecorder({ db, sessionId: id, clock: new ManualClock(0), codec: 'raw', maxBatch: 100 });
    for (let i = 0; i < 3000; i++) recorder.record('z'.repeat(1000), i, 1);
    recorder.close();
    expect(walSize(db)).toBeGreaterThan(1_000_000);
    const result = new StoreMaintenance({ db, clock: new ManualClock(0), walLimitBytes: 500_000 }).run();
    expect(result.walBytes).toBeGreaterThan(1_000_000);
    expect(walSize(db)).toBe(0);
    expect(statSync(path).size).toBeGreaterThan(1_000_000);
    db.close();
  });
});
