// store.flows and store.frames: the real writers (FlowWriter, FrameRecorder, both BatchedWriter
// transactions of up to 1,000 rows) into fresh temp databases with the real migrations.
import { join } from 'node:path';
import type { Flow } from '../../shared/domain/flow.ts';
import { openRecordingDatabase } from '../../src-main/store/database.ts';
import { FrameEncoder } from '../../src-main/store/frame-encoder.ts';
import { encodeFrames, type RecordedFrame } from '../../src-main/store/frames.ts';
import { FrameRecorder } from '../../src-main/store/frame-recorder.ts';
import { FlowWriter } from '../../src-main/store/flows.ts';
import { createSession } from '../../src-main/store/sessions.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { ManualClock } from '../../src-main/util/manual-clock.testkit.ts';
import { median, sig, timeIt, type Figure } from './figure.ts';
import type { Frame } from './inputs.ts';
import { profileTop } from './profile.ts';

const ROUNDS = 3;
let nextDb = 1;

export const storeFlows: Figure = {
  name: 'store.flows',
  unit: 'rows/s',
  target: 200_000,
  async run(ctx) {
    const session = await ctx.inputs.session();
    const flows = ctx.quick ? session.flows.slice(0, 2000) : session.flows;
    const distinct = new Set(flows.map((f) => f.id)).size;
    const real: number[] = [];
    const bare: number[] = [];
    writeFlows(ctx.inputs.dir, flows.slice(0, 2000), true);
    for (let i = 0; i < (ctx.quick ? 1 : ROUNDS); i++) {
      bare.push(writeFlows(ctx.inputs.dir, flows, false));
      real.push(writeFlows(ctx.inputs.dir, flows, true));
    }
    const profile = await profileTop(() => void writeFlows(ctx.inputs.dir, flows.slice(0, 20_000), true));
    return {
      value: Math.round(flows.length / Math.max(1e-6, median(real))),
      ceiling: Math.round(flows.length / Math.max(1e-6, median(bare))),
      notes:
        `${flows.length} flow versions emitted by the engine while recording the session (${distinct} flows), through the real FlowWriter ` +
        `(batches of 1,000, versions collapsed per batch, INSERT OR IGNORE then UPDATE, the flow with its evidence as a JSON array of its values, store/flow-data.ts) into the real ` +
        `schema (rowid + flows_by_underlying_time, flows_by_time, flows_by_contract_time) in WAL; ceiling: the same writer into the same table after ` +
        `dropping those three indexes; rows = versions handed to the writer; thread CPU time (SQLite writes run on it), median of ` +
        `${ROUNDS} interleaved rounds, fresh file each. Profile (self time; SQLite counts to its caller): ${profile}`,
    };
  },
};

export const storeFrames: Figure = {
  name: 'store.frames',
  unit: 'MB/s',
  target: 80,
  async run(ctx) {
    const session = await ctx.inputs.session();
    const frames = ctx.quick ? session.frames.slice(0, 200) : session.frames;
    const bytes = frames.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
    let stored = 0;
    const record: number[] = [];
    const batches = batchesOf(frames);
    const encode: number[] = [];
    const deflate: number[] = [];
    let deflated = 0;
    for (let i = 0; i < (ctx.quick ? 1 : ROUNDS); i++) {
      encode.push(
        timeIt(() => {
          const encoder = new FrameEncoder();
          batches.forEach((batch) => encoder.encode(batch));
        }),
      );
      deflate.push(timeIt(() => (deflated = batches.reduce((n, batch) => n + encodeFrames(batch, 'deflate').length, 0))));
      const r = recordFrames(ctx.inputs.dir, frames);
      record.push(r.seconds);
      stored = r.stored;
    }
    const profile = await profileTop(() => void recordFrames(ctx.inputs.dir, frames.slice(0, 5000)));
    return {
      value: sig(bytes / 1e6 / Math.max(1e-6, median(record))),
      ceiling: sig(bytes / 1e6 / Math.max(1e-6, median(encode))),
      notes:
        `${frames.length} raw frames (${sig(bytes / 1e6)} MB of text) through the real FrameRecorder (batches of 1,000 frames, ` +
        `the delta codec, version 3: per-contract changes of each item's fields, venues by name and their order against the last, numbers in columns by place, zstd; one row per batch, WAL, synchronous NORMAL); stored ${sig(stored / 1e6)} MB ` +
        `(${sig(bytes / Math.max(1, stored))}x smaller); ceiling: the FrameEncoder on the same 1,000-frame batches alone, no SQLite. ` +
        `The previous codec (binary layout + deflate level 1) encodes the same batches at ${sig(bytes / 1e6 / Math.max(1e-6, median(deflate)))} MB/s ` +
        `into ${sig(deflated / 1e6)} MB (${sig(bytes / Math.max(1, deflated))}x). ` +
        `Thread CPU time, median of ${ROUNDS} rounds. Profile (self time): ${profile}`,
    };
  },
};

/** Seconds to write the flows; flushes happen on the 1,000-row batches, then close(). */
function writeFlows(dir: string, flows: readonly Flow[], indexed: boolean): number {
  const db = openRecordingDatabase(join(dir, `flows-${nextDb++}.db`));
  try {
    if (!indexed) db.exec('DROP INDEX flows_by_underlying_time; DROP INDEX flows_by_time; DROP INDEX flows_by_contract_time');
    const clock = new ManualClock(0);
    // The flows carry session id 1; the table references sessions, so that row must exist.
    createSession(db, { source: 'demo', symbols: [], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: 0 });
    const sessionId = Number(flows[0]?.sessionId ?? 1);
    if (sessionId !== 1) throw new Error(`expected the session's flows to carry session 1, got ${sessionId}`);
    const writer = new FlowWriter({ db, clock, maxBatch: 1000 });
    return timeIt(() => {
      for (const flow of flows) writer.add(flow);
      if (!writer.close()) throw new Error('the flow writer failed');
    });
  } finally {
    db.close();
  }
}

function recordFrames(dir: string, frames: readonly Frame[]): { seconds: number; stored: number } {
  const db = openRecordingDatabase(join(dir, `frames-${nextDb++}.db`));
  try {
    const clock = new ManualClock(0);
    const sessionId = createSession(db, { source: 'demo', symbols: [], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: 0 });
    const recorder = new FrameRecorder({ db, sessionId, clock, maxBatch: 1000 });
    const seconds = timeIt(() => {
      for (const f of frames) recorder.record(f.text, f.receivedAt, 1);
      if (!recorder.close()) throw new Error('the frame recorder failed');
    });
    const row = db.prepare('SELECT COALESCE(SUM(LENGTH(payload)), 0) AS n FROM frame_batches').get() as { n: number };
    return { seconds, stored: row.n };
  } finally {
    db.close();
  }
}

/** The recorder's own batches, built outside the timing. */
function batchesOf(frames: readonly Frame[]): RecordedFrame[][] {
  const batches: RecordedFrame[][] = [];
  for (let i = 0; i < frames.length; i += 1000) {
    batches.push(frames.slice(i, i + 1000).map((f, j) => ({ seq: i + j, receivedAt: f.receivedAt, connection: 1, text: f.text })));
  }
  return batches;
}
