// Keeping the file healthy while it records: the WAL is watched and truncated when a reader held
// it back, and an optional size cap prunes the oldest sessions first.
import { existsSync, statSync } from 'node:fs';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import type { Db } from './database.ts';

export interface MaintenanceOptions {
  db: Db;
  clock: Clock;
  logger?: Logger;
  /** Checkpoint (TRUNCATE) when the WAL grows past this (a long read can stall auto-checkpoints). */
  walLimitBytes?: number;
  everyMs?: number;
  /** Size cap in megabytes, oldest sessions pruned first; null is off (the default). */
  retentionMb?: number | null;
  /** The session being recorded is never pruned. */
  keepSessionId?: number | null;
}

export class StoreMaintenance {
  private readonly options: MaintenanceOptions;
  private readonly log: Logger;
  private timer: TimerHandle | null = null;

  constructor(options: MaintenanceOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('store');
  }

  start(): void {
    this.run();
    this.timer = this.options.clock.setTimeout(() => this.tick(), this.options.everyMs ?? 10_000);
  }

  stop(): void {
    this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** A new size cap takes effect at once (null turns pruning off). */
  setRetention(retentionMb: number | null): void {
    this.options.retentionMb = retentionMb;
    if (retentionMb !== null) this.run();
  }

  /** One round: checkpoint if the WAL is big, prune if over the cap. Never throws. */
  run(): { walBytes: number; pruned: number[] } {
    const { db } = this.options;
    let walBytes = 0;
    let pruned: number[] = [];
    try {
      walBytes = walSize(db);
      if (walBytes > (this.options.walLimitBytes ?? 64 * 1024 * 1024)) {
        db.pragma('wal_checkpoint(TRUNCATE)');
        this.log.info('WAL checkpointed', { walBytes, after: walSize(db) });
      }
      const cap = this.options.retentionMb;
      if (cap !== null && cap !== undefined) pruned = pruneToSize(db, cap * 1024 * 1024, this.options.keepSessionId ?? null);
    } catch (error) {
      this.log.warn('store maintenance failed', { reason: (error as Error).message });
    }
    return { walBytes, pruned };
  }

  private tick(): void {
    this.run();
    this.timer = this.options.clock.setTimeout(() => this.tick(), this.options.everyMs ?? 10_000);
  }
}

export function walSize(db: Db): number {
  const wal = `${db.name}-wal`;
  return existsSync(wal) ? statSync(wal).size : 0;
}

/** Bytes the data needs, not counting pages freed by earlier deletes (reused before growing). */
export function usedBytes(db: Db): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * pageSize;
}

/** Deletes whole sessions, oldest first, until the data fits `capBytes`; returns their ids. */
export function pruneToSize(db: Db, capBytes: number, keepSessionId: number | null): number[] {
  const pruned: number[] = [];
  while (usedBytes(db) > capBytes) {
    const oldest = db
      .prepare('SELECT id FROM sessions WHERE id IS NOT ? ORDER BY started_at, id LIMIT 1')
      .get(keepSessionId) as { id: number } | undefined;
    if (!oldest) break;
    // Flows and frames go by their session's key range; ON DELETE CASCADE takes the rest.
    db.transaction(() => {
      db.prepare('DELETE FROM flows WHERE id >= ? AND id < ?').run(oldest.id * 2 ** 32, (oldest.id + 1) * 2 ** 32);
      db.prepare('DELETE FROM sessions WHERE id = ?').run(oldest.id);
    })();
    pruned.push(oldest.id);
  }
  return pruned;
}
