// Writes rows in one transaction per `flushMs` or `maxBatch` rows, whichever comes first. If the
// database refuses (locked, read-only, disk full) rows stay in memory up to a cap in rows and in
// bytes, the oldest going first (the owner hears which, to record the loss), the status says the
// store is failing, and the next flush tries again: the stream never stops for it.
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
  /** The same cap in bytes (as `sizeOf` counts them). */
  maxPendingBytes?: number;
  /** A row's size in memory, roughly (bytes). */
  sizeOf?: (row: T) => number;
  /** Rows dropped unwritten (the store failed for too long), oldest first. */
  onDrop?: (rows: T[]) => void;
  /** Rows written and committed. */
  onWritten?: (rows: T[]) => void;
  onStatus?: (status: WriterStatus) => void;
}

export const DEFAULT_MAX_PENDING = 500_000;
export const DEFAULT_MAX_PENDING_BYTES = 64 * 1024 * 1024;
const DEFAULT_ROW_BYTES = 256;

export class BatchedWriter<T> {
  private readonly options: BatchedWriterOptions<T>;
  private readonly log: Logger;
  private pending: T[] = [];
  private pendingBytes = 0;
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
    this.pendingBytes += this.sizeOf(row);
    const maxPending = this.options.maxPending ?? DEFAULT_MAX_PENDING;
    const maxBytes = this.options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
    if (this.pending.length > maxPending || this.pendingBytes > maxBytes) this.dropOldest(maxPending, maxBytes);
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
    this.pendingBytes = 0;
    this.options.onWritten?.(rows);
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

  /** Drops the oldest rows until both caps hold again (in one splice: drops come in bursts). */
  private dropOldest(maxPending: number, maxBytes: number): void {
    let count = 0;
    let bytes = this.pendingBytes;
    while (count < this.pending.length - 1 && (this.pending.length - count > maxPending || bytes > maxBytes)) {
      bytes -= this.sizeOf(this.pending[count] as T);
      count++;
    }
    const dropped = this.pending.splice(0, count);
    this.pendingBytes = bytes;
    this.dropped += count;
    this.options.onDrop?.(dropped);
  }

  private sizeOf(row: T): number {
    return this.options.sizeOf ? this.options.sizeOf(row) : DEFAULT_ROW_BYTES;
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
