// A replay's checkpoints (replay-player.ts): a copy of the parse stage's merged quotes, the flow
// engine, the alert rules, the chain's quotes and every contract's book history and event
// detector, taken every so many frames while the replay plays, so a seek restores the nearest one
// at or before its target and plays only from there. Memory stays bounded for a session of any
// length: checkpoints are thinned past a count and a size (each checkpoint's size is estimated
// from what it holds, checkpoint-size.ts), and the flows the store keeps as they are held are
// kept as sequence numbers and read back on restore (checkpoint-flows.ts). The parse stage's
// merged quotes and the rest of the engine (every contract's tracker and quote ring, the rolling
// statistics: most of them changed between two checkpoints at full rate) are kept serialized and
// compressed (packed-state.ts): about a tenth of their size as objects, read back in a few ms.
import type { AlertSnapshot } from '../alerts/alert-rules.ts';
import type { TimelinesSnapshot } from '../market/book-timelines.ts';
import type { ChainQuotesCheckpoint } from '../market/chain-quotes.ts';
import type { MarketPipeline } from '../market/pipeline.ts';
import type { FrameProcessor, ProcessorSnapshot } from '../schwab/frame-processor.ts';
import { packFlows, withFlows, type CheckpointEngine, type StoredFlowReader } from './checkpoint-flows.ts';
import { CHECKPOINT_BUDGET_BYTES, checkpointBytes } from './checkpoint-size.ts';
import { packState, unpackState, type PackedState } from './packed-state.ts';

/** Checkpoints kept at most; past this, every other one goes and the interval doubles. */
export const MAX_CHECKPOINTS = 1024;
/**
 * Frames between checkpoints at least, at first (each on the next frame that starts a batch
 * chain, or regardless at twice this). A seek plays about this many frames at most after
 * restoring one: at the simulator's highest intensity (about 20 frames and 480 Level 1 updates a
 * second) that is 25 s of stream, as a chain starts every 10,000 items or 1,000 frames
 * (store/frame-codec.ts); a 6.5-hour day of it (468,000 frames) at about 1 MiB a checkpoint is
 * more than the budget holds (checkpoint-size.ts), so there the interval doubles until they fit.
 */
export const CHECKPOINT_EVERY = 500;

/**
 * Every other checkpoint (the first always kept) and the doubled interval: applied whenever the
 * cap or the budget is reached, the checkpoints stay under both, spread over the whole session.
 */
export function thinCheckpoints<C extends { frameIndex: number }>(checkpoints: readonly C[], every: number): { kept: C[]; every: number } {
  return { kept: checkpoints.filter((_, i) => i % 2 === 0), every: every * 2 };
}

export interface Checkpoint {
  frameIndex: number;
  position: number;
  /** Receive time of the last frame played before it (-Infinity at the start). */
  lastAt: number;
  processor: PackedState<ProcessorSnapshot>;
  engine: CheckpointEngine;
  alerts: AlertSnapshot;
  quotes: ChainQuotesCheckpoint;
  timelines: TimelinesSnapshot;
  /** Estimated heap it holds of its own (checkpoint-size.ts). */
  bytes: number;
}

export interface CheckpointStats {
  count: number;
  every: number;
  bytes: number;
  frames: number[];
  storedFlows: number;
  heldFlows: number;
}

/** Where the replay is when a checkpoint is taken. */
export interface PlayPoint {
  frameIndex: number;
  position: number;
  lastAt: number;
}

export interface CheckpointOptions {
  every: number;
  max?: number;
  budget?: number;
  /** The store's flows of the session, when they are the replay's own (same flow rules). */
  store: StoredFlowReader | null;
}

export class ReplayCheckpoints {
  private readonly list: Checkpoint[] = [];
  /** Frames between checkpoints; doubles each time the checkpoints are thinned. */
  private every: number;
  private readonly options: CheckpointOptions;

  constructor(options: CheckpointOptions) {
    this.options = options;
    this.every = options.every;
  }

  /**
   * A checkpoint is taken at least `every` frames after the one before it, on the first frame
   * that starts a batch chain (its batch decodes alone, so a seek restoring it decodes nothing it
   * does not play), or regardless once twice that far.
   */
  due(at: number, chainStart: boolean): boolean {
    const before = this.list[this.indexAt(at)];
    if (before?.frameIndex === at) return false;
    const since = before ? at - before.frameIndex : Number.POSITIVE_INFINITY;
    if (since < this.every) return false;
    return chainStart || since >= 2 * this.every;
  }

  take(point: PlayPoint, processor: FrameProcessor, pipeline: MarketPipeline): void {
    const max = this.options.max ?? MAX_CHECKPOINTS;
    const budget = this.options.budget ?? CHECKPOINT_BUDGET_BYTES;
    while (this.list.length > 1 && (this.list.length >= max || this.stats().bytes > budget)) this.thin();
    const at = this.indexAt(point.frameIndex) + 1;
    const previous = this.list[at - 1];
    const { store } = this.options;
    const checkpoint: Checkpoint = {
      ...point,
      processor: packState(processor.snapshot()),
      engine: takeEngine(pipeline, store),
      alerts: pipeline.alerts.snapshot(),
      quotes: pipeline.quotes.checkpoint((symbol) => processor.optionQuote(symbol)),
      timelines: pipeline.timelines.snapshot(),
      bytes: 0,
    };
    checkpoint.bytes = checkpointBytes(checkpoint, previous);
    this.list.splice(at, 0, checkpoint);
    const next = this.list[at + 1];
    if (next) next.bytes = checkpointBytes(next, checkpoint);
  }

  /** The latest checkpoint whose frames before it were all received by `to`. */
  best(to: number): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    for (const c of this.list) if (c.lastAt <= to && (!best || c.frameIndex > best.frameIndex)) best = c;
    return best;
  }

  /** Puts the parse stage and the pipeline in the checkpoint's state; returns where it was taken. */
  restore(checkpoint: Checkpoint, processor: FrameProcessor, pipeline: MarketPipeline): PlayPoint {
    const { engine } = checkpoint;
    const { store } = this.options;
    // The engine first: its flows are read back from the store, which may refuse (a session's
    // flows deleted while it replays); nothing has been restored yet when it does.
    if (engine.packed && store) withFlows(unpackState(engine.state), engine.flows, store, (state) => pipeline.engine.restore(state));
    else if (!engine.packed) pipeline.engine.restore(engine.state);
    else throw new Error('a replay checkpoint without its flows, and no store to read them from');
    processor.restore(unpackState(checkpoint.processor));
    pipeline.alerts.restore(checkpoint.alerts);
    pipeline.quotes.restore(checkpoint.quotes, (symbol) => processor.optionQuote(symbol));
    pipeline.timelines.restore(checkpoint.timelines);
    return { frameIndex: checkpoint.frameIndex, position: checkpoint.position, lastAt: checkpoint.lastAt };
  }

  /**
   * The checkpoints held (their frames), at least how many frames apart, their estimated bytes in
   * all, and the flows they point at: left to the store (read back on restore) or held.
   */
  stats(): CheckpointStats {
    const { list } = this;
    let storedFlows = 0;
    let heldFlows = 0;
    for (const { engine } of list) {
      storedFlows += engine.packed ? engine.flows.stored : 0;
      heldFlows += engine.packed ? engine.flows.kept.size + engine.flows.otherRecent.size + engine.flows.otherLatest.size : engine.state.flows.size;
    }
    return { count: list.length, every: this.every, bytes: list.reduce((n, c) => n + c.bytes, 0), frames: list.map((c) => c.frameIndex), storedFlows, heldFlows };
  }

  /** The index of the last checkpoint at or before frame `at` (-1: none); the list is in frame order. */
  private indexAt(at: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.list[mid] as Checkpoint).frameIndex <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  private thin(): void {
    const thinned = thinCheckpoints(this.list, this.every);
    this.every = thinned.every;
    this.list.splice(0, this.list.length, ...thinned.kept);
    // What a dropped checkpoint held first is now held first by the one after it.
    this.list.forEach((c, i) => (c.bytes = checkpointBytes(c, this.list[i - 1])));
  }
}

function takeEngine(pipeline: MarketPipeline, store: StoredFlowReader | null): CheckpointEngine {
  const state = pipeline.engine.snapshot();
  if (!store) return { packed: false, state };
  const flows = packFlows(state, store);
  return { packed: true, state: packState(state), flows };
}
