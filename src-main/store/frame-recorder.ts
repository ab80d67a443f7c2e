// Records raw inbound frames for replay, in compressed batches (see frames.ts), through a
// BatchedWriter: a failing database keeps them in memory (up to a cap) and the stream goes on.
// Frames are numbered as they are written, so frames dropped while the store failed leave no
// hole in the numbering a replay walks; the loss is recorded as a gap of the session instead.
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';
import { BatchedWriter, type WriterStatus } from './batched-writer.ts';
import type { Db } from './database.ts';
import { FrameEncoder } from './frame-encoder.ts';
import { insertFrameBatch, type FrameCodec, type RecordedFrame } from './frames.ts';
import { insertGap } from './sessions.ts';

export type RecorderStatus = WriterStatus;

export interface FrameRecorderOptions {
  db: Db;
  sessionId: number;
  clock: Clock;
  logger?: Logger;
  flushMs?: number;
  maxBatch?: number;
  codec?: FrameCodec;
  maxPending?: number;
  maxPendingBytes?: number;
  onStatus?: (status: RecorderStatus) => void;
}

/** A frame's size in memory: its text (UTF-16) and the record around it. */
const frameBytes = (frame: RecordedFrame) => frame.text.length * 2 + 80;

export class FrameRecorder {
  private readonly writer: BatchedWriter<RecordedFrame>;
  /** The number of the next frame written. */
  private seq = 0;
  /** The delta codec's chain state (frame-codec.ts): a batch continues the one before it. */
  private readonly encoder = new FrameEncoder();
  /**
   * Whether the encoder's state is that of the batches in the file: false once a write began,
   * until it committed (a refused write rolled its batches back, so the next starts a new chain).
   */
  private chainIntact = true;
  /** Frames dropped unwritten since the last write, to record as a gap with it. */
  private lost: { start: number; end: number; frames: number } | null = null;

  constructor(options: FrameRecorderOptions) {
    const codec = options.codec ?? 'delta1';
    const maxBatch = options.maxBatch ?? 1000;
    this.writer = new BatchedWriter<RecordedFrame>({
      ...options,
      name: 'frames',
      sizeOf: frameBytes,
      write: (db, frames) => {
        const lost = this.lost;
        if (lost) insertGap(db, options.sessionId, lost.start, lost.end, `the database failed: ${lost.frames} frames could not be recorded`);
        let seq = this.seq;
        for (const frame of frames) frame.seq = seq++;
        if (!this.chainIntact) this.encoder.reset();
        this.chainIntact = false;
        for (let i = 0; i < frames.length; i += maxBatch) insertFrameBatch(db, options.sessionId, frames.slice(i, i + maxBatch), codec, this.encoder);
      },
      onWritten: (frames) => {
        this.chainIntact = true;
        this.seq += frames.length;
        this.lost = null;
      },
      onDrop: (frames) => {
        const first = frames[0];
        const last = frames[frames.length - 1];
        if (!first || !last) return;
        const lost = this.lost;
        this.lost = lost
          ? { start: lost.start, end: last.receivedAt, frames: lost.frames + frames.length }
          : { start: first.receivedAt, end: last.receivedAt, frames: frames.length };
      },
    });
  }

  record(text: string, receivedAt: number, connection: number): void {
    // Numbered when written (see above).
    this.writer.add({ seq: -1, receivedAt, connection, text });
  }

  flush(): boolean {
    return this.writer.flush();
  }

  close(): boolean {
    return this.writer.close();
  }

  status(): RecorderStatus {
    return this.writer.status();
  }
}
