// Finding frames by time in a recorded session, using the batch table's time range per batch.
import type { Db } from '../store/database.ts';
import { decodeFrames } from '../store/frames.ts';

export interface FrameRange {
  count: number;
  first: number | null;
  last: number | null;
}

export function sessionFrameRange(db: Db, sessionId: number): FrameRange {
  const row = db
    .prepare('SELECT COALESCE(SUM(count), 0) AS count, MIN(first_at) AS first, MAX(last_at) AS last FROM frame_batches WHERE session_id = ?')
    .get(sessionId) as { count: number; first: number | null; last: number | null };
  return row;
}

/** The index of the first frame received after `time`: playing up to it plays everything up to `time`. */
export function frameIndexAtTime(db: Db, sessionId: number, time: number): number {
  const batch = db
    .prepare(
      `SELECT first_seq, count, codec, payload FROM frame_batches
       WHERE session_id = ? AND last_at > ? ORDER BY first_seq LIMIT 1`,
    )
    .get(sessionId, time) as { first_seq: number; count: number; codec: string; payload: Buffer } | undefined;
  if (!batch) return sessionFrameRange(db, sessionId).count;
  for (const frame of decodeFrames(batch.payload, batch.codec, batch.first_seq)) {
    if (frame.receivedAt > time) return frame.seq;
  }
  return batch.first_seq + batch.count;
}
