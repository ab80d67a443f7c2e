// replay.seek: random seeks in a whole trading day (6.5 hours) at max intensity, as the app
// seeks: the real ReplayPlayer with its own checkpoints (each carries the book histories too, so
// a seek plays only from the nearest one at or before its target). The day is made from the bench's recorded session
// (its frames repeated, receive times and the times inside the frames moved on by the session's
// span each time) and stored by the delta1 codec in 1,000-frame batches, with its flows as a
// recording stores them (every version upserted, the store keeping the final one: the parse stage
// and pipeline run over the day's frames once as they are written, as the recorder's do live;
// replay checkpoints leave the flows the store keeps to it). The replay first plays
// the day through once at 'max' (its checkpoints are taken on the way); then each seek goes to a
// random time. The ceiling is the same seeks' frames read from the store alone (restoring the
// nearest checkpoint and reading, decoding and skipping up to the target, no parse stage and
// no pipeline): what reading costs.
import { join } from 'node:path';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { ReplayPlayer } from '../../src-main/replay/replay-player.ts';
import { openDatabase, type Db } from '../../src-main/store/database.ts';
import { FrameEncoder } from '../../src-main/store/frame-encoder.ts';
import { upsertFlows } from '../../src-main/store/flows.ts';
import { MarketPipeline } from '../../src-main/market/pipeline.ts';
import { FrameProcessor } from '../../src-main/schwab/frame-processor.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import { insertFrameBatch, readFrames, type RecordedFrame } from '../../src-main/store/frames.ts';
import { createSession, endSession, getSession } from '../../src-main/store/sessions.ts';
import { frameIndexAtTime } from '../../src-main/replay/frame-index.ts';
import { ManualClock } from '../../src-main/util/manual-clock.testkit.ts';
import { quantile, sig, timeBoth, timeIt, type Figure } from './figure.ts';
import type { Frame } from './inputs.ts';

const DAY_HOURS = 6.5;
const SEEKS = 12;
/** Frames of the recorded session skipped as its start (login, subscriptions, first snapshots). */
const WARMUP_FRAMES = 200;
/** The recorded session's epoch-millisecond times, moved on in each copy. */
const TIMES = /\b1[78]\d{11}\b/g;

export const replaySeek: Figure = {
  name: 'replay.seek',
  unit: 'ms',
  target: 300,
  async run(ctx) {
    const session = await ctx.inputs.session();
    const hours = ctx.quick ? 0.05 : Number(process.env.FATHOM_BENCH_SEEK_HOURS ?? DAY_HOURS);
    const db = openDatabase(join(ctx.inputs.dir, 'day.db'));
    try {
      const built = timeBoth(() => writeDay(db, session.frames, hours * 3_600_000));
      const day = getSession(db, 1);
      if (!day) throw new Error('the day session was not written');
      const player = new ReplayPlayer({ db, session: day, settings: day.settings, clock: new ManualClock(0) });
      // With node --expose-gc the heap is collected before each reading, so the growth is what
      // the checkpoints and the player hold, not garbage the collector has not reached yet.
      const collect = (globalThis as { gc?: () => void }).gc;
      collect?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const rssBefore = process.memoryUsage().rss;
      const through = timeBoth(() => player.runToEnd());
      collect?.();
      const heapAfter = process.memoryUsage().heapUsed;
      const rssAfter = process.memoryUsage().rss;
      const checkpoints = player.checkpointStats();
      const { start, end, frameCount } = player.state();
      let seed = 7;
      const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
      const targets = Array.from({ length: ctx.quick ? 3 : SEEKS }, () => start + random() * (end - start));
      const seeks = targets.map((to) => timeIt(() => player.seek(to)) * 1000);
      const reads = targets.map((to) => timeIt(() => readUpTo(db, to, frameCount)) * 1000);
      player.close();
      return {
        value: sig(quantile(seeks, 0.95)),
        ceiling: sig(quantile(reads, 0.95)),
        notes:
          `p95 of ${seeks.length} random seeks (thread CPU ms; median ${sig(quantile(seeks, 0.5))}, max ${sig(Math.max(...seeks))}) in a ` +
          `${sig(hours)}-hour day at max intensity (${frameCount} frames, the bench's ${sig(session.spanMs / 60_000)}-minute Level 1 session repeated) ` +
          `by the real ReplayPlayer and its checkpoints, taken while it first played the day through at 'max' (${sig(through.cpu)} s of CPU, ` +
          `${sig(((end - start) / 1000) / through.cpu)}x real time): ${checkpoints.count} checkpoints, one every ${checkpoints.every} frames ` +
          `(${sig((end - start) / Math.max(1, checkpoints.count) / 1000)} s of stream), estimated ${sig(checkpoints.bytes / 2 ** 20)} MiB in all ` +
          `(${sig(checkpoints.bytes / Math.max(1, checkpoints.count) / 1024)} KiB each; their flows: ${checkpoints.storedFlows} left to the store and read back on restore, ${checkpoints.heldFlows} held; the heap grew ${sig((heapAfter - heapBefore) / 2 ** 20)} MiB over the play-through, ${collect ? 'collected before each reading' : 'garbage included: run node with --expose-gc to collect first'}, with the live engine's own state; resident memory grew ${sig((rssAfter - rssBefore) / 2 ** 20)} MiB to ${sig(rssAfter / 2 ** 20)} MiB). ` +
          `A seek restores the nearest checkpoint at or before its target (parse stage, flow engine, alert rules, book histories) and plays only from there. ` +
          `Ceiling: finding each target frame by the batches' time index and reading its batch chain up to it (what a seek would cost with a checkpoint at the target). ` +
          `Making the day (writing its frames, and its flows through the recorder's pipeline) took ${sig(built.wall)} s.`,
      };
    } finally {
      db.close();
    }
  },
};

/** The session's steady frames repeated for `spanMs`, written as the recorder writes them. */
export function writeDay(db: Db, frames: readonly Frame[], spanMs: number): void {
  const settings = { ...DEFAULT_FLOW_SETTINGS };
  const rolling = { ...DEFAULT_ROLLING_SETTINGS };
  const sessionId = createSession(db, { source: 'demo', symbols: [], settings, rolling, startedAt: frames[0]?.receivedAt ?? 0 });
  // The recorder's pipeline: every flow version goes to the store in batches (latest per flow).
  const processor = new FrameProcessor();
  const pipeline = new MarketPipeline({ sessionId: String(sessionId), settings, rolling });
  pipeline.attach(processor.events);
  let versions = new Map<string, Flow>();
  pipeline.events.on('flow', ({ flow }) => versions.set(flow.id, flow));
  const steady = frames.length > WARMUP_FRAMES * 2 ? frames.slice(WARMUP_FRAMES) : frames;
  const first = steady[0];
  const last = steady[steady.length - 1];
  if (!first || !last) throw new Error('no frames to make a day of');
  // The session's own start (its snapshots) once, then its steady part again and again.
  const period = last.receivedAt - first.receivedAt + 1000;
  const encoder = new FrameEncoder();
  let batch: RecordedFrame[] = [];
  let seq = 0;
  let lastAt = frames[0]?.receivedAt ?? 0;
  // One transaction per batch, as the recorder commits: one for the whole day held every page
  // it wrote in SQLite's cache until the end (gigabytes for a day with its flows).
  const flush = db.transaction(() => {
    insertFrameBatch(db, sessionId, batch, 'delta1', encoder);
    batch = [];
    upsertFlows(db, [...versions.values()]);
    versions = new Map();
  });
  const add = (text: string, receivedAt: number) => {
    processor.process(text, receivedAt);
    batch.push({ seq: seq++, receivedAt, connection: 1, text });
    lastAt = receivedAt;
    if (batch.length === 1000) flush();
  };
  const start = frames[0]?.receivedAt ?? 0;
  const write = () => {
    for (const f of frames.slice(0, frames.length - steady.length)) add(f.text, f.receivedAt);
    for (let shift = 0; steady.length > 0; shift += period) {
      for (const f of steady) {
        if (f.receivedAt + shift - start > spanMs) return;
        add(shift === 0 ? f.text : f.text.replace(TIMES, (t) => String(Number(t) + shift)), f.receivedAt + shift);
      }
    }
  };
  write();
  if (batch.length > 0) flush();
  endSession(db, sessionId, lastAt + 1);
}

/** Reads every frame up to `to` from the start of the batch chain that holds the frame before it. */
function readUpTo(db: Db, to: number, count: number): number {
  const target = Math.min(count, frameIndexAtTime(db, 1, to));
  let n = 0;
  for (const frame of readFrames(db, 1, { fromSeq: Math.max(0, target - 1) })) {
    n++;
    if (frame.seq >= target) break;
  }
  return n;
}
