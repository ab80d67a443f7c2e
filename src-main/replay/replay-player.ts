// Plays a recorded session like a video: speeds from 0.25x to 100x or as fast as possible,
// pause, step one frame, seek to a time. Frames go through the same parse stage and market
// pipeline as live. Seeking restores the nearest checkpoint at or before the target
// (checkpoints.ts, taken every CHECKPOINT_EVERY frames) and plays forward from it to the target,
// so a seek plays at most one checkpoint interval. The flows a window starts from after a seek
// come from the engine (the ones that may still grow) and the store (the ones that can no longer
// change), never from a log of everything played.
import type { Flow } from '../../shared/domain/flow.ts';
import { bySequence } from '../../shared/domain/flow-id.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import type { AlertRule, Session } from '../../shared/domain/session.ts';
import type { ReplayState } from '../../shared/ipc/sessions.ts';
import { toFlowRow, type FlowRow } from '../../shared/ipc/flows.ts';
import { MarketPipeline } from '../market/pipeline.ts';
import { FrameProcessor } from '../schwab/frame-processor.ts';
import type { Db } from '../store/database.ts';
import { contractFlowsBefore, flowsBefore, storedFlowHeads, storedFlowsBySeq } from '../store/flows.ts';
import { readFrames, type RecordedFrame } from '../store/frames.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { sessionRow } from '../store/sessions.ts';
import { CHECKPOINT_EVERY, ReplayCheckpoints, type Checkpoint, type CheckpointStats, type PlayPoint } from './checkpoints.ts';
import { sessionFrameRange } from './frame-index.ts';

/** Newest first; flows of one time in the order the engine made them, latest first. */
const newestFirst = (a: { time: number; id: string }, b: { time: number; id: string }) => b.time - a.time || bySequence(b, a);

export interface ReplayPlayerOptions {
  db: Db;
  session: Session;
  settings: FlowSettings;
  clock: Clock;
  /** Take a checkpoint every this many frames (CHECKPOINT_EVERY). */
  checkpointEvery?: number;
  /** Checkpoints kept at most (MAX_CHECKPOINTS). */
  maxCheckpoints?: number;
  /** Estimated bytes the checkpoints may hold together (CHECKPOINT_BUDGET_BYTES). */
  checkpointBudget?: number;
  /** Alert rules to run, as live; none by default (CLI and tests). */
  alertRules?: () => readonly AlertRule[];
  /** Frames processed per timer turn at 'max', so the thread still answers between turns. */
  maxChunk?: number;
  onState?: (state: ReplayState) => void;
  /** Called with each frame's receive time just before the frame is processed (stream time). */
  onFrame?: (receivedAt: number) => void;
  /** Contracts with an open book window (BOOK_EVENT alert rules may ask for only those). */
  watched?: () => ReadonlySet<string>;
  /** Alert rules count every contract as watched (a back-test: open windows are not recorded). */
  everyContractWatched?: boolean;
  /** Alert rules read this watchlist (WATCHLIST_SWEEP without symbols of its own). */
  watchlist?: () => ReadonlySet<string>;
}

export class ReplayPlayer {
  readonly pipeline: MarketPipeline;
  readonly processor = new FrameProcessor();
  private readonly options: ReplayPlayerOptions;
  private readonly checkpoints: ReplayCheckpoints;
  private readonly frameCount: number;
  private readonly start: number;
  private readonly end: number;
  private frames: Iterator<RecordedFrame> | null = null;
  private lookahead: RecordedFrame | null = null;
  /** The store's versions are the replay's own only with the recorded flow rules. */
  readonly storedFlowsAreOurs: boolean;
  private frameIndex = 0;
  /** Receive time of the last frame played (-Infinity before the first). */
  private lastAt = Number.NEGATIVE_INFINITY;
  private position: number;
  private playing = false;
  private speed: number | 'max' = 1;
  private anchor = { wall: 0, stream: 0 };
  private timer: TimerHandle | null = null;

  constructor(options: ReplayPlayerOptions) {
    this.options = options;
    const range = sessionFrameRange(options.db, sessionRow(options.session.id));
    this.frameCount = range.count;
    this.start = range.first ?? options.session.start;
    this.end = range.last ?? options.session.end ?? options.session.start;
    this.position = this.start;
    // The original session id, so a replay's flows carry the recorded ids.
    this.pipeline = new MarketPipeline({
      sessionId: options.session.id,
      settings: options.settings,
      rolling: options.session.rolling,
      ...(options.alertRules ? { alertRules: options.alertRules } : {}),
      ...(options.watched ? { watched: options.watched } : {}),
      ...(options.watchlist ? { watchlist: options.watchlist } : {}),
      ...(options.everyContractWatched ? { everyContractWatched: true } : {}),
    });
    this.pipeline.attach(this.processor.events);
    this.storedFlowsAreOurs = JSON.stringify(options.settings) === JSON.stringify(options.session.settings);
    const row = sessionRow(options.session.id);
    this.checkpoints = new ReplayCheckpoints({
      every: options.checkpointEvery ?? CHECKPOINT_EVERY,
      ...(options.maxCheckpoints !== undefined ? { max: options.maxCheckpoints } : {}),
      ...(options.checkpointBudget !== undefined ? { budget: options.checkpointBudget } : {}),
      store: this.storedFlowsAreOurs
        ? { heads: (seqs, from) => storedFlowHeads(options.db, row, seqs, from), flows: (seqs, from) => storedFlowsBySeq(options.db, row, seqs, from) }
        : null,
    });
  }

  /**
   * The newest flows as of the current position, latest version of each, newest first: those
   * the engine still holds (they may still grow) as they are now, and older ones as the store
   * keeps them (a flow the engine has let go of can no longer change, so its stored version is
   * its version at any later moment). With other flow rules than recorded, only the engine's.
   */
  flowsAsOfNow(limit: number): FlowRow[] {
    const held = [...this.pipeline.engine.held()];
    const stored = () => flowsBefore(this.options.db, sessionRow(this.options.session.id), this.pipeline.engine.nextSequence, limit + held.length);
    return this.asOfNow(held, stored, limit);
  }

  /** The same for one contract (a book window that opens during the replay). */
  contractFlowsAsOfNow(symbol: string, limit: number): FlowRow[] {
    const held = [...this.pipeline.engine.held()].filter((flow) => flow.symbol === symbol);
    const stored = () =>
      contractFlowsBefore(this.options.db, sessionRow(this.options.session.id), symbol, limit + held.length, this.pipeline.engine.nextSequence);
    return this.asOfNow(held, stored, limit);
  }

  private asOfNow(held: readonly Flow[], stored: () => FlowRow[], limit: number): FlowRow[] {
    const byId = new Map<string, FlowRow>();
    // Only flows made by the frames played so far: the store has the later ones too.
    if (this.storedFlowsAreOurs) for (const row of stored()) byId.set(row.id, row);
    for (const flow of held) byId.set(flow.id, toFlowRow(flow));
    return [...byId.values()].sort(newestFirst).slice(0, limit);
  }

  state(): ReplayState {
    return {
      sessionId: this.options.session.id,
      playing: this.playing,
      speed: this.speed,
      position: this.position,
      start: this.start,
      end: this.end,
      frameIndex: this.frameIndex,
      frameCount: this.frameCount,
      finished: this.frameIndex >= this.frameCount,
    };
  }

  play(): ReplayState {
    if (this.frameIndex >= this.frameCount) return this.state();
    this.playing = true;
    this.reanchor();
    this.schedule(0);
    return this.changed();
  }

  pause(): ReplayState {
    this.playing = false;
    this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    return this.changed();
  }

  /** Processes exactly one frame (pausing first). */
  step(): ReplayState {
    if (this.playing) this.pause();
    this.processNext();
    return this.changed();
  }

  setSpeed(speed: number | 'max'): ReplayState {
    this.speed = speed;
    this.reanchor();
    if (this.playing) this.schedule(0);
    return this.changed();
  }

  /**
   * Moves to a stream time: the state afterwards equals playing from the start every frame
   * received up to it. From the nearest checkpoint at or before it, or from here when that is
   * nearer; frames are read from the target's batch chain on (the store finds it by index).
   */
  seek(to: number): ReplayState {
    const checkpoint = this.checkpoints.best(to);
    if (this.lastAt > to) {
      if (checkpoint) this.restore(checkpoint);
      else this.rewind();
    } else if (checkpoint && checkpoint.frameIndex > this.frameIndex) {
      this.restore(checkpoint);
    }
    while (this.peekTime() <= to && this.processNext());
    this.position = Math.max(this.start, Math.min(to, this.end));
    this.reanchor();
    return this.changed();
  }

  /** Plays everything left as fast as possible, synchronously (tests and the CLI). */
  runToEnd(): ReplayState {
    while (this.processNext());
    return this.changed();
  }

  /** The checkpoints held (their frames), at least how many frames apart, and their estimated bytes in all. */
  checkpointStats(): CheckpointStats {
    return this.checkpoints.stats();
  }

  close(): void {
    this.pause();
    this.frames?.return?.();
    this.frames = null;
    this.lookahead = null;
  }

  private processNext(): boolean {
    const frame = this.peek();
    if (!frame) {
      this.frameIndex = this.frameCount;
      return false;
    }
    if (this.checkpoints.due(this.frameIndex, frame.chainStart === true)) this.checkpoints.take(this.playPoint(), this.processor, this.pipeline);
    this.lookahead = null;
    this.options.onFrame?.(frame.receivedAt);
    this.processor.process(frame.text, frame.receivedAt);
    this.position = frame.receivedAt;
    this.lastAt = frame.receivedAt;
    this.frameIndex = frame.seq + 1;
    return true;
  }

  /** The next frame to play, read ahead by one so pacing can look at its time. */
  private peek(): RecordedFrame | null {
    if (this.lookahead) return this.lookahead;
    if (this.frameIndex >= this.frameCount) return null;
    this.frames ??= readFrames(this.options.db, sessionRow(this.options.session.id), { fromSeq: this.frameIndex })[Symbol.iterator]();
    const next = this.frames.next();
    this.lookahead = next.done ? null : next.value;
    return this.lookahead;
  }

  private onTimer(): void {
    this.timer = null;
    if (!this.playing) return;
    if (this.speed === 'max') {
      const chunk = this.options.maxChunk ?? 2000;
      for (let i = 0; i < chunk && this.processNext(); i++);
    } else {
      const due = this.anchor.stream + (this.options.clock.now() - this.anchor.wall) * this.speed;
      while (this.frameIndex < this.frameCount && this.peekTime() <= due && this.processNext());
      this.position = Math.max(this.position, Math.min(due, this.end));
    }
    if (this.frameIndex >= this.frameCount) {
      this.playing = false;
      this.changed();
      return;
    }
    this.changed();
    this.schedule(this.speed === 'max' ? 0 : 16);
  }

  private peekTime(): number {
    return this.peek()?.receivedAt ?? Number.POSITIVE_INFINITY;
  }

  private schedule(ms: number): void {
    this.options.clock.clearTimeout(this.timer);
    this.timer = this.options.clock.setTimeout(() => this.onTimer(), ms);
  }

  private reanchor(): void {
    this.anchor = { wall: this.options.clock.now(), stream: this.position };
  }

  private playPoint(): PlayPoint {
    return { frameIndex: this.frameIndex, position: this.position, lastAt: this.lastAt };
  }

  private restore(checkpoint: Checkpoint): void {
    const point = this.checkpoints.restore(checkpoint, this.processor, this.pipeline);
    this.frameIndex = point.frameIndex;
    this.position = point.position;
    this.lastAt = point.lastAt;
    this.resetReader();
  }

  /** Back to the start: only before the first frame took its checkpoint (frame 0's is always kept). */
  private rewind(): void {
    this.pipeline.timelines.clear();
    this.frameIndex = 0;
    this.lastAt = Number.NEGATIVE_INFINITY;
    this.position = this.start;
    this.resetReader();
  }

  private resetReader(): void {
    this.frames?.return?.();
    this.frames = null;
    this.lookahead = null;
  }

  private changed(): ReplayState {
    const state = this.state();
    this.options.onState?.(state);
    return state;
  }
}
