import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { frameIndexAtTime } from '../replay/frame-index.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { openDatabase } from './database.ts';
import { DELTA1_BATCHES, type StoredBatch } from './delta1-batches.testkit.ts';
import { DELTA2_BATCHES } from './delta2-batches.testkit.ts';
import { ByteReader } from './byte-stream.ts';
import { KEY_FRAMES, VERSION_1, VERSION_2, VERSION_3, formatDecimal, nextDictionary, unpack, type CodecFrame } from './frame-codec.ts';
import { FrameDecoder } from './frame-decoder.ts';
import { FrameEncoder } from './frame-encoder.ts';
import { FrameRecorder } from './frame-recorder.ts';
import { DELTA_KEY, DELTA_NEXT, encodeFrames, insertFrameBatch, readFrames, type RecordedFrame } from './frames.ts';
import { createSession } from './sessions.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-codec-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const newSession = { source: 'demo' as const, symbols: ['SPY'], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: 1000 };

/** Encodes in the given batch sizes (resetting where asked) and decodes in order. */
function roundTrip(frames: readonly CodecFrame[], sizes: readonly number[], resets: ReadonlySet<number> = new Set()): CodecFrame[] {
  const encoder = new FrameEncoder();
  const decoder = new FrameDecoder();
  const out: CodecFrame[] = [];
  let at = 0;
  let b = 0;
  while (at < frames.length) {
    if (resets.has(b)) encoder.reset();
    const size = Math.max(1, sizes[b % Math.max(1, sizes.length)] ?? 1);
    const { payload, key } = encoder.encode(frames.slice(at, at + size));
    out.push(...decoder.decode(payload, key));
    at += size;
    b++;
  }
  return out;
}

function expectExact(out: readonly CodecFrame[], frames: readonly CodecFrame[]): void {
  expect(out.length).toBe(frames.length);
  out.forEach((f, i) => {
    const want = frames[i]!;
    expect(f.text).toBe(want.text);
    expect(Object.is(f.receivedAt, want.receivedAt)).toBe(true);
    expect(f.connection).toBe(want.connection);
  });
}

// Values as Schwab writes them and as nobody should: every one must come back as written.
const number = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.boolean()).map(([i, f, neg]) => `${neg ? '-' : ''}${i}.${String(f).padStart(2, '0')}`),
  fc.constantFrom('-0', '0.0', '-0.0', '00', '01.5', '1.', '1e5', '1E-7', '12345678901234567890', '0.1000', '-', '.5'),
);
// A book side: venues by name (kept under their name, wherever they sit), a name repeated, or no name first.
const venues = fc
  .array(fc.tuple(fc.constantFrom('"PHLX"', '"CBOE"', '"P"', '1', '"é"'), number, number), { maxLength: 5 })
  .map((vs) => `[{"0":6.8,"1":3,"3":[${vs.map(([name, size, time]) => `{"0":${name},"1":${size},"2":${time}}`).join(',')}]}]`);
const literal = fc.oneof(number, fc.string().map((s) => JSON.stringify(s)), venues, fc.constantFrom('true', 'false', 'null', '[]', '{"0":[1,{"a":"]"}]}', '[{"0":"PHLX","1":12}]'));
const fieldName = fc.oneof(fc.integer({ min: 0, max: 60 }).map((n) => `"${n}"`), fc.constantFrom('"key"', '"delayed"', '"assetMainType"', '"01"', '"10000"', '"é"', '"a\\"b"'));
const keys = fc.constantFrom('"SPY   261124C00670000"', '"SPY   261124P00670000"', '"QQQ"', '"k\\"ey"');
const item = fc
  .tuple(fc.uniqueArray(fc.tuple(fieldName, literal), { selector: ([name]) => name, maxLength: 8 }), keys)
  .map(([fields, key]) => `{${[...fields.filter(([n]) => n !== '"key"').map(([n, v]) => `${n}:${v}`), `"key":${key}`].join(',')}}`);
const dataFrame = fc
  .tuple(fc.constantFrom('LEVELONE_OPTIONS', 'OPTIONS_BOOK', 'LEVELONE_EQUITIES'), fc.array(item, { maxLength: 6 }), fc.nat())
  .map(([service, items, ts]) => `{"data":[{"service":"${service}", "timestamp":${ts},"command":"SUBS","content":[${items.join(',')}]}]}`);
const twoServices = fc.tuple(dataFrame, dataFrame).map(([a, b]) => `${a.slice(0, -2)},${b.slice(9)}`);
/** Broken and odd frames: cut short, spaced, nested where a name goes, no key. */
const odd = fc.oneof(
  fc.string(),
  dataFrame.chain((f) => fc.nat({ max: Math.max(0, f.length - 1) }).map((n) => f.slice(0, n))),
  dataFrame.map((f) => f.replace('"content":[{', '"content":[ {')),
  fc.constant('{"data":[{"content":[{"1":2}]}]}'),
  fc.constant('{"data":[{"content":[[1,2]]}]}'),
  fc.constant('{"response":[{"service":"ADMIN","command":"LOGIN","content":{"code":0,"msg":"ok"}}]}'),
);
const receivedAt = fc.oneof(fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }), fc.double(), fc.constantFrom(-0, 0, 1e21, 5e-324));
const frame = fc.record({ text: fc.oneof({ weight: 4, arbitrary: dataFrame }, twoServices, odd), receivedAt, connection: fc.nat({ max: 2 ** 31 }) });

describe('delta1 frame codec', () => {
  it('gives back every frame byte for byte, whatever it says and however it is batched', () => {
    fc.assert(
      fc.property(fc.array(frame, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), fc.array(fc.nat({ max: 10 })), (frames, sizes, resets) => {
        expectExact(roundTrip(frames, sizes, new Set(resets)), frames);
      }),
      { numRuns: 300 },
    );
  });

  it('gives back a number whose change from a rescaled one is too large for a varint to carry', () => {
    // Found by the property above: the venue's second size, rescaled to ten decimals, differs from
    // the first by more than half of the largest safe integer, which the zigzag varint doubles.
    const text =
      '{"data":[{"service":"LEVELONE_OPTIONS","content":[{"01":[{"0":6.8,"3":[{"0":"PHLX","1":0.00,"2":462412},{"0":"PHLX","1":0,"2":12051.4315805424}]}],"key":"SPY   261124C00670000"}]}]}';
    const frames = [{ text, receivedAt: 1, connection: 0 }];
    expectExact(roundTrip(frames, [1]), frames);
  });

  it('keeps a number\'s exact digits', () => {
    expect([formatDecimal(146, 4), formatDecimal(-4043, 4), formatDecimal(1220, 2), formatDecimal(0, 1), formatDecimal(670, 0)]).toEqual(['0.0146', '-0.4043', '12.20', '0.0', '670']);
  });

  it('refuses a continuing batch read without its chain, and a batch of an unknown version', () => {
    const encoder = new FrameEncoder();
    encoder.encode([{ text: '{"data":[{"content":[{"1":2,"key":"A"}]}]}', receivedAt: 1, connection: 1 }]);
    const next = encoder.encode([{ text: '{"data":[{"content":[{"1":3,"key":"A"}]}]}', receivedAt: 2, connection: 1 }]);
    expect(next.key).toBe(false);
    expect(() => new FrameDecoder().decode(next.payload, false)).toThrow(/without the batch that starts its chain/);
    const future = Buffer.from(next.payload);
    future[0] = 9;
    expect(() => new FrameDecoder().decode(future, true)).toThrow(/version 9 is not known/);
  });

  it('stores Level 1 updates much smaller than deflate does', () => {
    // A contract ticking: the changes are a few bytes where the text is a hundred.
    const frames: CodecFrame[] = Array.from({ length: 400 }, (_, i) => ({
      receivedAt: 1_795_532_400_000 + i * 50,
      connection: 1,
      text: `{"data":[{"service":"LEVELONE_OPTIONS", "timestamp":${1_795_532_400_000 + i * 50},"command":"SUBS","content":[${Array.from({ length: 20 }, (_, k) => `{"2":${(6.8 + ((i + k) % 7) * 0.05).toFixed(2)},"3":${(7 + ((i * k) % 5) * 0.05).toFixed(2)},"16":${100 + ((i * 7 + k) % 50)},"38":${1_795_532_400_000 + i * 50},"key":"SPY   261124C00${670 + k}000"}`).join(',')}]}]}`,
    }));
    const encoder = new FrameEncoder();
    let delta = 0;
    let deflate = 0;
    for (let i = 0; i < frames.length; i += 10) {
      delta += encoder.encode(frames.slice(i, i + 10)).payload.length;
      deflate += encodeFrames(frames.slice(i, i + 10), 'deflate').length;
    }
    expect(delta).toBeLessThan(deflate / 2);
  });
});

describe('frames of every codec in the store', () => {
  const l1 = (i: number) => `{"data":[{"service":"LEVELONE_OPTIONS", "timestamp":${i},"command":"SUBS","content":[{"2":${(i % 9) / 4},"38":${1000 + i},"key":"SPY ${i % 3}"}]}]}`;

  it('reads batches of every version of the delta codec: versions 1 and 2 as recorded before, version 3 as written now', () => {
    const db = openDatabase(join(dir, 'versions.db'));
    const id = createSession(db, newSession);
    const insert = db.prepare('INSERT INTO frame_batches (session_id, first_seq, count, first_at, last_at, codec, payload) VALUES (?, ?, ?, ?, ?, ?, ?)');
    let seq = 0;
    const want: CodecFrame[] = [];
    const stored = (batches: readonly StoredBatch[], version: number) => {
      for (const batch of batches) {
        const payload = Buffer.from(batch.payload, 'base64');
        expect(payload[0]).toBe(version);
        const frames = batch.frames;
        insert.run(id, seq, frames.length, frames[0]!.receivedAt, frames[frames.length - 1]!.receivedAt, batch.codec, payload);
        seq += frames.length;
        want.push(...frames);
      }
    };
    stored(DELTA1_BATCHES, VERSION_1);
    stored(DELTA2_BATCHES, VERSION_2);
    // The same frames again through today's encoder, as a chain of its own after the old ones.
    const encoder = new FrameEncoder();
    for (const batch of [...DELTA1_BATCHES, ...DELTA2_BATCHES]) {
      const frames = batch.frames.map((f, i) => ({ ...f, seq: seq + i, receivedAt: f.receivedAt + 1000 }));
      insertFrameBatch(db, id, frames, 'delta1', encoder);
      seq += frames.length;
      want.push(...frames.map((f) => ({ receivedAt: f.receivedAt, connection: f.connection, text: f.text })));
    }
    const rows = db.prepare('SELECT codec, payload FROM frame_batches WHERE session_id = ? ORDER BY first_seq').all(id) as { codec: string; payload: Buffer }[];
    expect(rows.map((r) => `${r.codec} v${r.payload[0]}`)).toEqual([
      `${DELTA_KEY} v${VERSION_1}`,
      `${DELTA_NEXT} v${VERSION_1}`,
      `${DELTA_KEY} v${VERSION_2}`,
      `${DELTA_NEXT} v${VERSION_2}`,
      `${DELTA_NEXT} v${VERSION_2}`,
      `${DELTA_KEY} v${VERSION_3}`,
      ...Array.from({ length: 4 }, () => `${DELTA_NEXT} v${VERSION_3}`),
    ]);
    expectExact([...readFrames(db, id)], want);
    // From inside each chain too.
    const second = DELTA1_BATCHES[0]!.frames.length + 1;
    const third = DELTA1_BATCHES.reduce((n, b) => n + b.frames.length, 0) + DELTA2_BATCHES[0]!.frames.length + 2;
    for (const from of [second, third, want.length - 3]) {
      expect([...readFrames(db, id, { fromSeq: from })].map((f) => f.text)).toEqual(want.slice(from).map((f) => f.text));
    }
    db.close();
  });

  it('stores a book whose venues reorder as the few names that moved', () => {
    // Venues largest first; each book, the last venue grows and moves to the top, past eleven
    // others. By place, every name changed; against the old order, one did.
    const names = Array.from({ length: 12 }, (_, i) => `V${String.fromCharCode(65 + i)}`);
    const book = (i: number): CodecFrame => {
      const cut = names.length - (i % names.length);
      const order = [...names.slice(cut), ...names.slice(0, cut)];
      const venues = order.map((n, k) => `{"0":"${n}","1":${k === 0 ? 50 : 20 - names.indexOf(n)},"2":36000000}`).join(',');
      const t = 1_795_532_400_000 + i * 100;
      return {
        receivedAt: t,
        connection: 1,
        text: `{"data":[{"service":"OPTIONS_BOOK", "timestamp":${t},"command":"SUBS","content":[{"1":${t},"2":[{"0":1.6,"1":100,"2":12,"3":[${venues}]}],"key":"SPY   261124C00670000"}]}]}`,
      };
    };
    const frames = Array.from({ length: 120 }, (_, i) => book(i));
    expectExact(roundTrip(frames, [1, 3, 7]), frames);
    // Per book after the first: its two times, the moved venue's name and its two sizes, and the
    // runs of unchanged values between them. By place it would be a name and a run per venue.
    const encoder = new FrameEncoder();
    let dictionary: Buffer | null = null;
    const tags = frames.map((f) => {
      const body = unpack(encoder.encode([f]).payload, dictionary);
      dictionary = nextDictionary(dictionary, body);
      const lengths = new ByteReader(body);
      lengths.uint();
      lengths.uint();
      return lengths.uint();
    });
    expect(Math.max(...tags.slice(1))).toBeLessThanOrEqual(9);
  });

  it('reads an old session\'s deflate batches and the delta chains after them, from any frame', () => {
    const db = openDatabase(join(dir, 'mixed.db'));
    const id = createSession(db, newSession);
    // Batches as the previous version of the recorder wrote them (the same binary layout, deflated).
    const old: RecordedFrame[] = Array.from({ length: 30 }, (_, i) => ({ seq: i, receivedAt: 1000 + i, connection: 1, text: l1(i) }));
    const insert = db.prepare('INSERT INTO frame_batches (session_id, first_seq, count, first_at, last_at, codec, payload) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (let i = 0; i < old.length; i += 10) insert.run(id, i, 10, 1000 + i, 1009 + i, 'deflate', encodeFrames(old.slice(i, i + 10), 'deflate'));
    // Then the current codec: chains of delta batches, started afresh every KEY_FRAMES frames.
    const later: RecordedFrame[] = Array.from({ length: KEY_FRAMES + 700 }, (_, i) => ({ seq: old.length + i, receivedAt: 2000 + i, connection: 2, text: l1(1000 + i) }));
    const encoder = new FrameEncoder();
    const size = KEY_FRAMES / 4;
    for (let i = 0; i < later.length; i += size) insertFrameBatch(db, id, later.slice(i, i + size), 'delta1', encoder);
    const all = [...old.map((f) => f.text), ...later.map((f) => f.text)];
    const codecs = (db.prepare('SELECT codec FROM frame_batches WHERE session_id = ? ORDER BY first_seq').all(id) as { codec: string }[]).map((r) => r.codec);
    expect(codecs).toEqual(['deflate', 'deflate', 'deflate', ...Array.from({ length: Math.ceil(later.length / size) }, (_, i) => (i % 4 === 0 ? DELTA_KEY : DELTA_NEXT))]);
    expect([...readFrames(db, id)].map((f) => f.text)).toEqual(all);
    for (const from of [0, 5, 29, 30, 31, 777, 30 + KEY_FRAMES - 1, 30 + KEY_FRAMES, all.length - 1]) {
      const read = [...readFrames(db, id, { fromSeq: from })];
      expect(read.map((f) => f.seq)).toEqual(Array.from({ length: all.length - from }, (_, i) => from + i));
      expect(read.map((f) => f.text)).toEqual(all.slice(from));
    }
    expect(frameIndexAtTime(db, id, 1015)).toBe(16);
    expect(frameIndexAtTime(db, id, 2000 + 1234)).toBe(30 + 1235);
    db.close();
  });

  it('starts a new chain after a refused write, so what was written reads back whole', () => {
    const path = join(dir, 'locked.db');
    const db = openDatabase(path);
    const id = createSession(db, newSession);
    const blocker = openDatabase(path, { busyTimeoutMs: 0 });
    const writer = openDatabase(path, { busyTimeoutMs: 0 });
    const clock = new ManualClock(0);
    const recorder = new FrameRecorder({ db: writer, sessionId: id, clock, maxBatch: 3 });
    for (let i = 0; i < 7; i++) recorder.record(l1(i), i, 1);
    blocker.exec('BEGIN IMMEDIATE');
    for (let i = 7; i < 12; i++) recorder.record(l1(i), i, 1);
    expect(recorder.status().failing).toBe(true);
    blocker.exec('ROLLBACK');
    clock.advance(1000);
    for (let i = 12; i < 15; i++) recorder.record(l1(i), i, 1);
    expect(recorder.close()).toBe(true);
    expect([...readFrames(db, id)].map((f) => f.text)).toEqual(Array.from({ length: 15 }, (_, i) => l1(i)));
    const codecs = (db.prepare('SELECT codec FROM frame_batches ORDER BY first_seq').all() as { codec: string }[]).map((r) => r.codec);
    expect(codecs.filter((c) => c === DELTA_KEY).length).toBe(2);
    for (const d of [db, blocker, writer]) d.close();
  });
});
