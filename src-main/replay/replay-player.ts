// Plays a recorded session like a video: speeds from 0.25x to 100x or as fast as possible,
// pause, step one frame, seek to a time. Frames go through the same parse stage and market
// pipeline as live. Seeking restores the nearest checkpoint (a copy of the parse stage's and the
// market pipeline's state taken every few thousand frames) and plays forward from it.
import type { FlowSettings } from '../../shared/domain/settings.ts';
import type { AlertRule, Session } from '../../shared/domain/session.ts';
import type { ReplayState } from '../../shared/ipc/sessions.ts';
import { toFlowRow, type FlowRow } from '../../shared/ipc/flows.ts';
import { MarketPipeline } from '../market/pipeline.ts';
import type { AlertSnapshot } from '../alerts/alert-rules.ts';
import type { EngineSnapshot } from '../market/flow-engine.ts';
import { FrameProcessor, type ProcessorSnapshot } from '../schwab/frame-processor.ts';
import type { Db } from '../store/database.ts';
import { readFrames, type RecordedFrame } from '../store/frames.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { sessionRow } from '../store/sessions.ts';
import { frameIndexAtTime, sessionFrameRange } from './frame-index.ts';

interface Checkpoint {
  frameIndex: number;
  position: number;
  processor: ProcessorSnapshot;
  engine: EngineSnapshot;
  alerts: AlertSnapshot;
}

export interface ReplayPlayerOptions {
  db: Db;
  session: Session;
  settings: FlowSettings;
  clock: Clock;
  /** Take a checkpoint every this many frames. */
  checkpointEvery?: number;
  /** Alert rules to run, as live; none by default (CLI and tests). */
  alertRules?: () => readonly AlertRule[];
  /** Frames processed per timer turn at 'max', so the thread still answers between turns. */
  maxChunk?: number;
  onState?: (state: ReplayState) => void;
  /** Called with each frame's receive time just before the frame is processed (stream time). */
  onFrame?: (receivedAt: number) => void;
}

export class ReplayPlayer {
  readonly pipeline: MarketPipeline;
  readonly processor = new FrameProcessor();
  private readonly options: ReplayPlayerOptions;
  private readonly checkpoints: Checkpoint[] = [];
  private readonly frameCount: number;
  private readonly start: number;
  private readonly end: number;
  private frames: Iterator<RecordedFrame> | null = null;
  private lookahead: RecordedFrame | null = null;
  /**
   * Every flow version emitted, tagged with the frame that produced it, for feed resets. The
   * pipeline is deterministic, so frames played again after a seek emit exactly what is
   * already here: the log covers frames [0, logged) and is never truncated.
   */
  private readonly emissions: { frameIndex: number; row: FlowRow }[] = [];
  private logged = 0;
  private frameIndex = 0;
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
    });
    this.pipeline.attach(this.processor.events);
    this.pipeline.events.on('flow', ({ flow }) => {
      if (this.frameIndex >= this.logged) this.emissions.push({ frameIndex: this.frameIndex, row: toFlowRow(flow) });
    });
  }

  /** The newest flows as of the current position, latest version of each, newest first. */
  flowsAsOfNow(limit: number): FlowRow[] {
    const seen = new Set<string>();
    const out: FlowRow[] = [];
    for (let i = this.firstEmissionAtOrAfter(this.frameIndex) - 1; i >= 0 && out.length < limit; i--) {
      const { row } = this.emissions[i] as { row: FlowRow };
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      out.push(row);
    }
    return out.sort((a, b) => b.time - a.time);
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

  private firstEmissionAtOrAfter(frameIndex: number): number {
    let lo = 0;
    let hi = this.emissions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.emissions[mid] as { frameIndex: number }).frameIndex < frameIndex) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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

  /** Moves to a stream time: the state afterwards equals playing from the start up to it. */
  seek(to: number): ReplayState {
    const target = frameIndexAtTime(this.options.db, sessionRow(this.options.session.id), to);
    const checkpoint = this.bestCheckpoint(target);
    if (target < this.frameIndex) {
      if (checkpoint) this.restore(checkpoint);
      else this.rewind();
    } else if (checkpoint && checkpoint.frameIndex > this.frameIndex && checkpoint.frameIndex <= this.logged) {
      // Jumping ahead is safe only over frames whose flows are already in the log.
      this.restore(checkpoint);
    }
    while (this.frameIndex < target && this.processNext());
    this.position = Math.max(this.start, Math.min(to, this.end));
    this.reanchor();
    return this.changed();
  }

  /** Plays everything left as fast as possible, synchronously (tests and the CLI). */
  runToEnd(): ReplayState {
    while (this.processNext());
    return this.changed();
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
    const every = this.options.checkpointEvery ?? 5000;
    if (this.frameIndex % every === 0 && !this.checkpoints.some((c) => c.frameIndex === this.frameIndex)) this.checkpoint();
    this.lookahead = null;
    this.options.onFrame?.(frame.receivedAt);
    this.processor.process(frame.text, frame.receivedAt);
    this.position = frame.receivedAt;
    this.frameIndex = frame.seq + 1;
    this.logged = Math.max(this.logged, this.frameIndex);
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

  private checkpoint(): void {
    this.checkpoints.push({
      frameIndex: this.frameIndex,
      position: this.position,
      processor: this.processor.snapshot(),
      engine: this.pipeline.engine.snapshot(),
      alerts: this.pipeline.alerts.snapshot(),
    });
  }

  private bestCheckpoint(target: number): Checkpoint | undefined {
    let best: Checkpoint | undefined;
    for (const c of this.checkpoints) if (c.frameIndex <= target && (!best || c.frameIndex > best.frameIndex)) best = c;
    return best;
  }

  private restore(checkpoint: Checkpoint): void {
    this.processor.restore(checkpoint.processor);
    this.pipeline.engine.restore(checkpoint.engine);
    this.pipeline.alerts.restore(checkpoint.alerts);
    this.frameIndex = checkpoint.frameIndex;
    this.position = checkpoint.position;
    this.resetReader();
  }

  private rewind(): void {
    this.frameIndex = 0;
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
