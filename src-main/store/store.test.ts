import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { openDatabase, SCHEMA_VERSION, StoreError } from './database.ts';
import { FrameRecorder } from './frame-recorder.ts';
import { decodeFrames, encodeFrames, readFrames } from './frames.ts';
import { closeGap, createSession, endSession, getSession, listSessions, openGap } from './sessions.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const newSession = { source: 'demo' as const, symbols: ['SPY'], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: 1000 };

describe('frame codec', () => {
  it('round-trips frames with any text, raw and deflated', () => {
    const frames = [
      { receivedAt: 1732892401388.5, connection: 1, text: '{"data":[]}' },
      { receivedAt: 2, connection: 2, text: 'garbage \u0000 é 漢字 🙂' },
      { receivedAt: 3, connection: 2, text: '' },
    ];
    for (const codec of ['raw', 'deflate'] as const) {
      expect(decodeFrames(encodeFrames(frames, codec), codec, 7)).toEqual(frames.map((f, i) => ({ ...f, seq: 7 + i })));
    }
  });
});

describe('database', () => {
  it('migrates a new file to the current schema in WAL mode with foreign keys on', () => {
    const db = openDatabase(join(dir, 'a.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a file written by a newer Fathom with a clear error', () => {
    const path = join(dir, 'newer.db');
    const db = openDatabase(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(/written by a newer Fathom/);
  });

  it('says plainly when the file is not a database', () => {
    const path = join(dir, 'junk.db');
    writeFileSync(path, 'this is not sqlite'.repeat(100));
    try {
      openDatabase(path);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('NOT_A_DATABASE');
    }
  });
});

describe('sessions and gaps', () => {
  it('records a session with its gaps and end', () => {
    const db = openDatabase(join(dir, 's.db'));
    const id = createSession(db, newSession);
    openGap(db, id, 1500, 'socket closed');
    openGap(db, id, 1600, 'ignored while one is open');
    closeGap(db, id, 1700);
    openGap(db, id, 1800, 'still out at the end');
    endSession(db, id, 2000);
    const session = getSession(db, id);
    expect(session).toMatchObject({ id: String(id), source: 'demo', symbols: ['SPY'], start: 1000, end: 2000 });
    expect(session?.gaps).toEqual([
      { start: 1500, end: 1700, reason: 'socket closed' },
      { start: 1800, end: 2000, reason: 'still out at the end' },
    ]);
    expect(session?.settings).toEqual(DEFAULT_FLOW_SETTINGS);
    expect(listSessions(db).map((s) => s.id)).toEqual([String(id)]);
    db.close();
  });
});

describe('FrameRecorder', () => {
  it('writes in batches on size and on the timer, and reads back in order', () => {
    const db = openDatabase(join(dir, 'r.db'));
    const clock = new ManualClock(0);
    const id = createSession(db, newSession);
    const recorder = new FrameRecorder({ db, sessionId: id, clock, maxBatch: 4, flushMs: 100 });
    for (let i = 0; i < 10; i++) recorder.record(`frame ${i}`, i, 1);
    expect(recorder.status().written).toBe(8);
    clock.advance(100);
    expect(recorder.status()).toMatchObject({ written: 10, pending: 0, failing: false });
    expect([...readFrames(db, id)].map((f) => f.text)).toEqual(Array.from({ length: 10 }, (_, i) => `frame ${i}`));
    expect([...readFrames(db, id, { fromSeq: 6 })].map((f) => f.seq)).toEqual([6, 7, 8, 9]);
    expect(getSession(db, id)?.frames).toBe(10);
    db.close();
  });

  it('keeps frames in memory while the database refuses writes, then writes them all', () => {
    const path = join(dir, 'locked.db');
    const db = openDatabase(path);
    const id = createSession(db, newSession);
    const blocker = openDatabase(path, { busyTimeoutMs: 0 });
    const clock = new ManualClock(0);
    const writer = openDatabase(path, { busyTimeoutMs: 0 });
    const statuses: boolean[] = [];
    const recorder = new FrameRecorder({ db: writer, sessionId: id, clock, maxBatch: 2, onStatus: (s) => statuses.push(s.failing) });
    blocker.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 5; i++) recorder.record(`f${i}`, i, 1);
    expect(recorder.status()).toMatchObject({ failing: true, written: 0, pending: 5 });
    expect(recorder.status().lastError).toMatch(/locked/);
    blocker.exec('ROLLBACK');
    clock.advance(1000);
    expect(recorder.status()).toMatchObject({ failing: false, written: 5, pending: 0 });
    expect(statuses).toEqual([true, false]);
    expect([...readFrames(db, id)].map((f) => f.text)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4']);
    for (const d of [db, blocker, writer]) d.close();
  });

  it('reports a read-only file instead of crashing', () => {
    const path = join(dir, 'ro.db');
    const db = openDatabase(path);
    const id = createSession(db, newSession);
    db.close();
    chmodSync(path, 0o444);
    const ro = openDatabase(path, { readonly: true });
    const recorder = new FrameRecorder({ db: ro, sessionId: id, clock: new ManualClock(0), maxBatch: 1 });
    recorder.record('x', 1, 1);
    expect(recorder.status().failing).toBe(true);
    expect(recorder.status().lastError).toMatch(/read-only|readonly/i);
    ro.close();
  });
});
