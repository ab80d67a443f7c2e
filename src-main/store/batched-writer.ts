// Writes rows in one transaction per `flushMs` or `maxBatch` rows, whichever comes first. If the
// database refuses (locked, read-only, disk full) rows stay in memory up to a cap, the status
// says the store is failing, and the next flush tries again: the stream never stops for it.
import type { Clock, TimerHandle } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { toStoreError, type Db } from './database.ts';

export interface WriterStatus {
  written: number;
  pending: number;
  dropped: number;
  failing: boolean;
  lastError: string | null;
}

export interface BatchedWriterOptions<T> {
  db: Db;
  clock: Clock;
  name: string;
  /** Writes the rows; called inside a transaction. */
  write: (db: Db, rows: T[]) => void;
  logger?: Logger;
  flushMs?: number;
  maxBatch?: number;
  /** Rows kept in memory while the store fails; beyond this the oldest are dropped. */
  maxPending?: number;
  onStatus?: (status: WriterStatus) => void;
}

export class BatchedWriter<T> {
  private readonly options: BatchedWriterOptions<T>;
  private readonly log: Logger;
  private pending: T[] = [];
  private written = 0;
  private dropped = 0;
  private failing = false;
  private lastError: string | null = null;
  private timer: TimerHandle | null = null;
  private closed = false;

  constructor(options: BatchedWriterOptions<T>) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child(options.name);
  }

  add(row: T): void {
    if (this.closed) return;
    this.pending.push(row);
    const maxPending = this.options.maxPending ?? 500_000;
    if (this.pending.length > maxPending) {
      const excess = this.pending.length - maxPending;
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
    if (this.pending.length >= (this.options.maxBatch ?? 1000) && !this.failing) this.flush();
    else this.timer ??= this.options.clock.setTimeout(() => this.onTimer(), this.options.flushMs ?? 100);
  }

  /** Writes everything pending now; false if the store refused it (the rows are kept). */
  flush(): boolean {
    if (this.pending.length === 0) return true;
    const rows = this.pending;
    try {
      this.options.db.transaction(() => this.options.write(this.options.db, rows))();
    } catch (error) {
      const storeError = toStoreError(error, 'the database');
      if (!this.failing || this.lastError !== storeError.message) {
        this.log.error('cannot write; keeping rows in memory', { reason: storeError.message, pending: rows.length });
      }
      this.setFailing(true, storeError.message);
      return false;
    }
    this.written += rows.length;
    this.pending = [];
    if (this.failing) this.log.info('writing again after a failure');
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

  status(): WriterStatus {
    return { written: this.written, pending: this.pending.length, dropped: this.dropped, failing: this.failing, lastError: this.lastError };
  }

  private onTimer(): void {
    this.timer = null;
    this.flush();
    // While failing, keep retrying even if no new row arrives.
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
