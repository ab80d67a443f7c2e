// Finding frames by time in a recorded session, using the batch table's time range per batch.
import type { Db } from '../store/database.ts';
import { readFrames } from '../store/frames.ts';

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
  // Receive times never go back within a session, so the first batch by last_at is the first by
  // sequence too: one step in the (session, last_at, first_seq) index.
  const batch = db
    .prepare(
      `SELECT first_seq, count FROM frame_batches
       WHERE session_id = ? AND last_at > ? ORDER BY last_at, first_seq LIMIT 1`,
    )
    .get(sessionId, time) as { first_seq: number; count: number } | undefined;
  if (!batch) return sessionFrameRange(db, sessionId).count;
  // Read through the batch (from its chain's start, for a delta batch).
  for (const frame of readFrames(db, sessionId, { fromSeq: batch.first_seq })) {
    if (frame.receivedAt > time || frame.seq >= batch.first_seq + batch.count) return frame.seq;
  }
  return batch.first_seq + batch.count;
}
