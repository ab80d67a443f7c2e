// Records raw inbound frames for replay, in compressed batches (see frames.ts), through a
// BatchedWriter: a failing database keeps them in memory and the stream goes on.
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';
import { BatchedWriter, type WriterStatus } from './batched-writer.ts';
import type { Db } from './database.ts';
import { insertFrameBatch, type FrameCodec, type RecordedFrame } from './frames.ts';

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
  onStatus?: (status: RecorderStatus) => void;
}

export class FrameRecorder {
  private readonly writer: BatchedWriter<RecordedFrame>;
  private seq = 0;

  constructor(options: FrameRecorderOptions) {
    const codec = options.codec ?? 'deflate';
    const maxBatch = options.maxBatch ?? 1000;
    this.writer = new BatchedWriter<RecordedFrame>({
      ...options,
      name: 'frames',
      write: (db, frames) => {
        for (let i = 0; i < frames.length; i += maxBatch) insertFrameBatch(db, options.sessionId, frames.slice(i, i + maxBatch), codec);
      },
    });
  }

  record(text: string, receivedAt: number, connection: number): void {
    this.writer.add({ seq: this.seq++, receivedAt, connection, text });
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
