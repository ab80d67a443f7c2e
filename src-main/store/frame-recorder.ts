// Records raw inbound frames for replay: buffered, written in one transaction per 100 ms or
// 1,000 frames, whichever comes first. If the database fails (locked, read-only, disk full)
// the frames stay in memory, the status says so, and the stream goes on.
import type { Clock, TimerHandle } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { toStoreError, type Db } from './database.ts';
import { insertFrameBatch, type FrameCodec, type RecordedFrame } from './frames.ts';

export interface RecorderStatus {
  written: number;
  pending: number;
  dropped: number;
  failing: boolean;
  lastError: string | null;
}

export interface FrameRecorderOptions {
  db: Db;
  sessionId: number;
  clock: Clock;
  logger?: Logger;
  flushMs?: number;
  maxBatch?: number;
  codec?: FrameCodec;
  /** Frames kept in memory while the store fails; beyond this the oldest are dropped. */
  maxPending?: number;
  onStatus?: (status: RecorderStatus) => void;
}

export class FrameRecorder {
  private readonly options: FrameRecorderOptions;
  private readonly log: Logger;
  private pending: RecordedFrame[] = [];
  private seq = 0;
  private written = 0;
  private dropped = 0;
  private failing = false;
  private lastError: string | null = null;
  private timer: TimerHandle | null = null;
  private closed = false;

  constructor(options: FrameRecorderOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('recorder');
  }

  record(text: string, receivedAt: number, connection: number): void {
    if (this.closed) return;
    this.pending.push({ seq: this.seq++, receivedAt, connection, text });
    const maxPending = this.options.maxPending ?? 500_000;
    if (this.pending.length > maxPending) {
      const excess = this.pending.length - maxPending;
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
    if (this.pending.length >= (this.options.maxBatch ?? 1000) && !this.failing) this.flush();
    else this.timer ??= this.options.clock.setTimeout(() => this.onTimer(), this.options.flushMs ?? 100);
  }

  /** Writes everything pending now. Returns false if the store refused it (it is kept). */
  flush(): boolean {
    if (this.pending.length === 0) return true;
    const { db, sessionId } = this.options;
    const batchSize = this.options.maxBatch ?? 1000;
    const codec = this.options.codec ?? 'deflate';
    try {
      db.transaction(() => {
        for (let i = 0; i < this.pending.length; i += batchSize) {
          insertFrameBatch(db, sessionId, this.pending.slice(i, i + batchSize), codec);
        }
      })();
    } catch (error) {
      const storeError = toStoreError(error, 'the recording database');
      if (!this.failing || this.lastError !== storeError.message) {
        this.log.error('cannot write frames; keeping them in memory', { reason: storeError.message, pending: this.pending.length });
      }
      this.setFailing(true, storeError.message);
      return false;
    }
    this.written += this.pending.length;
    this.pending = [];
    if (this.failing) this.log.info('frames written again after a failure');
    this.setFailing(false, this.lastError);
    return true;
  }

  close(): boolean {
    this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    const ok = this.flush();
    this.closed = true;
    return ok;
  }

  status(): RecorderStatus {
    return { written: this.written, pending: this.pending.length, dropped: this.dropped, failing: this.failing, lastError: this.lastError };
  }

  private onTimer(): void {
    this.timer = null;
    this.flush();
    // While failing, keep retrying on the timer even if no new frame arrives.
    if (this.pending.length > 0 && !this.closed) {
      this.timer = this.options.clock.setTimeout(() => this.onTimer(), Math.max(1000, this.options.flushMs ?? 100));
    }
  }

  private setFailing(failing: boolean, lastError: string | null): void {
    const changed = failing !== this.failing;
    this.failing = failing;
    this.lastError = lastError;
    if (changed) this.options.onStatus?.(this.status());
  }
}
