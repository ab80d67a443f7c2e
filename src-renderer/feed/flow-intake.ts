// What the feed takes in between two animation frames. Flow batches are only kept as they
// arrive (a binary batch stays packed: receiving one costs next to nothing); once per frame the
// feed takes them all at once, read lazily (a row reads its columns when a field is asked,
// shared/ipc/flow-codec-decode.ts), with only the latest version of each flow (the versions
// in between are dropped: the row shows the newest anyway). When the oldest batch a frame takes
// waited longer than a frame should, the input is more than the window can draw: the feed says
// it is catching up instead of falling behind in silence, until it has kept up for a while.
import { readFlowBatchLazily, type FlowBatchWire, type FlowRow } from '../../shared/ipc/flows.ts';
import { packedNewestTime } from '../../shared/ipc/flow-codec-layout.ts';

/** A frame that takes batches older than this is behind the stream. */
export const CATCH_UP_AFTER_MS = 150;
/** Caught up again once every frame for this long took its batches younger than the bound. */
export const CAUGHT_UP_AFTER_MS = 1_000;

export interface IntakeFrame {
  /** The newest version of every flow received since the last frame, in arrival order. */
  rows: FlowRow[];
  /** Versions received and dropped because a newer one came in the same frame. */
  superseded: number;
  /** How long the oldest batch of this frame waited (ms). */
  lagMs: number;
  /** Batches that could not be read (reported, and their flows lost to this window until a reconnect). */
  refused: number;
  /** When main sent the latest batch of this frame (epoch ms), for batches whose frame says. */
  sentAt: number | null;
}

export interface FlowIntakeOptions {
  now: () => number;
  /** Called when the feed starts or stops catching up. */
  onCatchingUp?: (catchingUp: boolean) => void;
  onRefused?: (error: unknown) => void;
}

export class FlowIntake {
  private pending: FlowBatchWire[] = [];
  private oldestAt = 0;
  private behind = false;
  private keptUpSince = Number.NEGATIVE_INFINITY;
  private newest = Number.NEGATIVE_INFINITY;
  private readonly options: FlowIntakeOptions;

  constructor(options: FlowIntakeOptions) {
    this.options = options;
  }

  get catchingUp(): boolean {
    return this.behind;
  }

  get waiting(): number {
    return this.pending.length;
  }

  /**
   * The market's clock as this window knows it: the latest first-print time of any flow it has
   * received, shown yet or not (-Infinity before the first).
   */
  get newestReceived(): number {
    return this.newest;
  }

  /** Keeps a batch for the next frame; true when it is the first since the last frame. */
  offer(wire: FlowBatchWire): boolean {
    const newest = newestTime(wire);
    if (newest > this.newest) this.newest = newest;
    const first = this.pending.length === 0;
    if (first) this.oldestAt = this.options.now();
    this.pending.push(wire);
    return first;
  }

  /** Forgets what waits (a reset replaces everything the window holds). */
  drop(): void {
    this.pending = [];
    this.newest = Number.NEGATIVE_INFINITY;
  }

  /** Everything received since the last frame, newest version of each flow only. */
  take(): IntakeFrame {
    const batches = this.pending;
    this.pending = [];
    const now = this.options.now();
    const lagMs = batches.length > 0 ? now - this.oldestAt : 0;
    const newest = new Map<string, FlowRow>();
    let received = 0;
    let refused = 0;
    let sentAt: number | null = null;
    for (const wire of batches) {
      if (wire.format === 'packed' && wire.sentAt !== undefined) sentAt = Math.max(sentAt ?? wire.sentAt, wire.sentAt);
      let rows: FlowRow[];
      try {
        rows = readFlowBatchLazily(wire);
      } catch (error) {
        refused++;
        this.options.onRefused?.(error);
        continue;
      }
      received += rows.length;
      for (const row of rows) {
        const held = newest.get(row.id);
        if (!held || row.version > held.version) newest.set(row.id, row);
      }
    }
    this.track(lagMs, now);
    return { rows: [...newest.values()], superseded: received - newest.size, lagMs, refused, sentAt };
  }

  private track(lagMs: number, now: number): void {
    if (lagMs > CATCH_UP_AFTER_MS) {
      this.keptUpSince = Number.NEGATIVE_INFINITY;
      if (!this.behind) {
        this.behind = true;
        this.options.onCatchingUp?.(true);
      }
      return;
    }
    if (this.keptUpSince === Number.NEGATIVE_INFINITY) this.keptUpSince = now;
    if (this.behind && now - this.keptUpSince >= CAUGHT_UP_AFTER_MS) {
      this.behind = false;
      this.options.onCatchingUp?.(false);
    }
  }
}

function newestTime(wire: FlowBatchWire): number {
  if (wire.format === 'packed') return packedNewestTime(wire.bytes);
  const times = wire.format === 'rows' ? wire.rows.map((r) => r.time) : wire.columns.time;
  let newest = Number.NEGATIVE_INFINITY;
  for (const t of times) if (t > newest) newest = t;
  return newest;
}
