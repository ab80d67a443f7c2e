// Raw inbound frames, stored in batches. A batch's codec (a column of its row) says how to read
// it: 'delta1' and 'delta1+' (frame-codec.ts: per-contract changes, zstd; what the recorder
// writes; the payload's first byte says which version of that layout, all read), or the older 'deflate' (a binary layout deflated at level 1) and 'raw' (that layout
// alone), which sessions recorded before still carry and which still replay.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Db } from './database.ts';
import { FrameDecoder } from './frame-decoder.ts';
import type { FrameEncoder } from './frame-encoder.ts';

export interface RecordedFrame {
  /** Position of the frame within its session, from 0. */
  seq: number;
  receivedAt: number;
  connection: number;
  text: string;
  /** Read back: the frame opens a batch that decodes alone (a replay checkpoints there). */
  chainStart?: boolean;
}

export type FrameCodec = 'raw' | 'deflate' | 'delta1';

/** A delta1 batch that starts a chain, and one that continues the chain of the batch before it. */
export const DELTA_KEY = 'delta1';
export const DELTA_NEXT = 'delta1+';

const HEADER = 4;
const PER_FRAME = 8 + 4 + 4;

export function encodeFrames(frames: readonly Omit<RecordedFrame, 'seq'>[], codec: FrameCodec): Buffer {
  const bodies = frames.map((f) => Buffer.from(f.text, 'utf8'));
  const size = HEADER + bodies.reduce((n, b) => n + PER_FRAME + b.length, 0);
  const out = Buffer.allocUnsafe(size);
  out.writeUInt32LE(frames.length, 0);
  let at = HEADER;
  frames.forEach((frame, i) => {
    const body = bodies[i] as Buffer;
    out.writeDoubleLE(frame.receivedAt, at);
    out.writeUInt32LE(frame.connection, at + 8);
    out.writeUInt32LE(body.length, at + 12);
    body.copy(out, at + PER_FRAME);
    at += PER_FRAME + body.length;
  });
  return codec === 'deflate' ? deflateRawSync(out, { level: 1 }) : out;
}

/** A batch in one of the layouts a batch decodes alone ('raw', 'deflate'). */
export function decodeFrames(payload: Buffer, codec: string, firstSeq: number): RecordedFrame[] {
  if (codec !== 'raw' && codec !== 'deflate') throw new Error(`unknown frame codec ${codec}`);
  const buf = codec === 'deflate' ? inflateRawSync(payload) : payload;
  const count = buf.readUInt32LE(0);
  const frames = new Array<RecordedFrame>(count);
  let at = HEADER;
  for (let i = 0; i < count; i++) {
    const receivedAt = buf.readDoubleLE(at);
    const connection = buf.readUInt32LE(at + 8);
    const length = buf.readUInt32LE(at + 12);
    const text = buf.toString('utf8', at + PER_FRAME, at + PER_FRAME + length);
    frames[i] = { seq: firstSeq + i, receivedAt, connection, text };
    at += PER_FRAME + length;
  }
  return frames;
}

/**
 * Writes one batch. 'delta1' needs the session's encoder (its chain state); the batch is stored
 * as 'delta1' when it starts a chain, 'delta1+' when it continues one.
 */
export function insertFrameBatch(db: Db, sessionId: number, frames: readonly RecordedFrame[], codec: FrameCodec, encoder?: FrameEncoder): void {
  const first = frames[0];
  const last = frames[frames.length - 1];
  if (!first || !last) return;
  let payload: Buffer;
  let stored: string = codec;
  if (codec === 'delta1') {
    if (!encoder) throw new Error('the delta1 frame codec needs the session\'s encoder');
    const encoded = encoder.encode(frames);
    payload = encoded.payload;
    stored = encoded.key ? DELTA_KEY : DELTA_NEXT;
  } else payload = encodeFrames(frames, codec);
  db.prepare(
    `INSERT INTO frame_batches (session_id, first_seq, count, first_at, last_at, codec, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(sessionId, first.seq, frames.length, first.receivedAt, last.receivedAt, stored, payload);
  db.prepare('UPDATE sessions SET frames = frames + ? WHERE id = ?').run(frames.length, sessionId);
}

interface BatchRow {
  id: number;
  first_seq: number;
  codec: string;
  payload: Buffer;
}

/**
 * Streams a session's frames in order, one batch in memory at a time. Each batch is its own
 * query, so no cursor stays open between batches and the connection remains free for others
 * (several replay players can share one connection). A delta1 batch is read from the start of
 * its chain: the batches before `fromSeq` in it are decoded and their frames skipped. The batch
 * holding `fromSeq` and its chain's start are found through the (session, first_seq, codec) index,
 * never by scanning the session's batches.
 */
export function* readFrames(db: Db, sessionId: number, options: { fromSeq?: number } = {}): Generator<RecordedFrame> {
  const fromSeq = options.fromSeq ?? 0;
  const at = db
    .prepare('SELECT id, first_seq, count, codec FROM frame_batches WHERE session_id = ? AND first_seq <= ? ORDER BY first_seq DESC LIMIT 1')
    .get(sessionId, fromSeq) as { id: number; first_seq: number; count: number; codec: string } | undefined;
  let start =
    at && at.first_seq + at.count > fromSeq
      ? at
      : (db
          .prepare('SELECT id, first_seq, codec FROM frame_batches WHERE session_id = ? AND first_seq > ? ORDER BY first_seq LIMIT 1')
          .get(sessionId, fromSeq) as { id: number; first_seq: number; codec: string } | undefined);
  if (start?.codec === DELTA_NEXT) {
    start = db
      .prepare('SELECT id, first_seq, codec FROM frame_batches WHERE session_id = ? AND first_seq <= ? AND codec = ? ORDER BY first_seq DESC LIMIT 1')
      .get(sessionId, start.first_seq, DELTA_KEY) as { id: number; first_seq: number; codec: string } | undefined;
    if (!start) throw new Error(`session ${sessionId}: the frame batch at ${fromSeq} continues a chain whose start is missing`);
  }
  if (!start) return;
  let row = db.prepare('SELECT id, first_seq, codec, payload FROM frame_batches WHERE id = ?').get(start.id) as BatchRow | undefined;
  const next = db.prepare(
    `SELECT id, first_seq, codec, payload FROM frame_batches WHERE id > ? AND session_id = ? ORDER BY id LIMIT 1`,
  );
  const decoder = new FrameDecoder();
  while (row) {
    const frames = row.codec === DELTA_KEY || row.codec === DELTA_NEXT ? decodeDelta(decoder, row) : decodeFrames(row.payload, row.codec, row.first_seq);
    // A batch of the older codecs decodes alone.
    if (row.codec !== DELTA_KEY && row.codec !== DELTA_NEXT && frames[0]) frames[0].chainStart = true;
    for (const frame of frames) {
      if (frame.seq >= fromSeq) yield frame;
    }
    row = next.get(row.id, sessionId) as BatchRow | undefined;
  }
}

function decodeDelta(decoder: FrameDecoder, row: BatchRow): RecordedFrame[] {
  const key = row.codec === DELTA_KEY;
  const frames = decoder.decode(row.payload, key);
  return frames.map((f, i) => ({ seq: row.first_seq + i, receivedAt: f.receivedAt, connection: f.connection, text: f.text, ...(key && i === 0 ? { chainStart: true } : {}) }));
}

export function frameCount(db: Db, sessionId: number): number {
  const row = db.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM frame_batches WHERE session_id = ?').get(sessionId) as { n: number };
  return row.n;
}
