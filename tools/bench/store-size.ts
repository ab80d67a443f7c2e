// store.size: what an hour of the max-intensity demo takes on disk, in its live shape: every
// option contract of the symbol cap with Level 1 and its book (one level of up to 16 venues), as
// the app subscribes a watchlist (SymbolSubscriptions), the tickers with Level 1 and minute bars.
// The frames are recorded by the real FrameRecorder on a clock that follows the frames' own send
// times, so its 100 ms flushes cut the batches a live session writes. The ceiling is the same
// frames in batches of 1,000 (the codec's chains without the live flushes): the least it stores.
import { join } from 'node:path';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { contractsAround, startDemoHarness, until } from '../../src-main/market/demo-harness.testkit.ts';
import { SymbolSubscriptions } from '../../src-main/market/symbol-subscriptions.ts';
import { openDatabase } from '../../src-main/store/database.ts';
import { FrameRecorder } from '../../src-main/store/frame-recorder.ts';
import type { FrameCodec } from '../../src-main/store/frames.ts';
import { createSession } from '../../src-main/store/sessions.ts';
import { ManualClock } from '../../src-main/util/manual-clock.testkit.ts';
import { sig, type Figure } from './figure.ts';
import { LIVE_LEVELS, MAX_INTENSITY, SEED, UNDERLYINGS, type Frame } from './inputs.ts';

/** Simulated minutes of the live-shape session (FATHOM_BENCH_SIZE_MINUTES); about 15 s each to make here. */
const DEFAULT_MINUTES = 3;
const STRIKES = 15;
const EXPIRIES = 2;
const SENT = /"timestamp":\s*(\d+)/;

interface LiveShape {
  frames: Frame[];
  bytes: number;
  contracts: number;
  books: number;
  level1: number;
  spanMs: number;
  generatedIn: number;
}

export const storeSize: Figure = {
  name: 'store.size',
  unit: 'MB/h',
  target: 100,
  async run(ctx) {
    const minutes = ctx.quick ? 0.2 : Number(process.env.FATHOM_BENCH_SIZE_MINUTES ?? DEFAULT_MINUTES);
    const shape = await liveShape(minutes);
    const hours = shape.spanMs / 3_600_000;
    const live = record(ctx.inputs.dir, shape.frames, 'delta1', 100);
    const chained = record(ctx.inputs.dir, shape.frames, 'delta1', null);
    const deflate = record(ctx.inputs.dir, shape.frames, 'deflate', 100);
    // The bench's own session (Level 1 only, no books) at the live flushes too.
    const session = await ctx.inputs.session();
    const l1 = record(ctx.inputs.dir, ctx.quick ? session.frames.slice(0, 200) : session.frames, 'delta1', 100);
    const l1Hours = (ctx.quick ? 1 : session.spanMs) / 3_600_000;
    return {
      value: sig(live.bytes / 1e6 / hours),
      ceiling: sig(chained.bytes / 1e6 / hours),
      notes:
        `${sig(minutes)} simulated minutes of the max-intensity demo in the live shape (${shape.contracts} option contracts with Level 1 and ` +
        `their books at one level a side split by up to 16 venues, ${UNDERLYINGS.length} tickers with Level 1 and minute bars; ` +
        `${shape.frames.length} frames, ${sig(shape.bytes / 1e6)} MB of text, ${shape.level1} Level 1 updates and ${shape.books} books; ` +
        `made in ${sig(shape.generatedIn)} s) recorded by the real FrameRecorder with its 100 ms flushes on the frames' send times ` +
        `(${live.batches} batches): ${sig(live.bytes / 1e6)} MB, ${sig(shape.bytes / Math.max(1, live.bytes))}x smaller than the text. ` +
        `The previous codec (deflate level 1) stores the same batches in ${sig(deflate.bytes / 1e6 / hours)} MB/h ` +
        `(${sig(shape.bytes / Math.max(1, deflate.bytes))}x). Ceiling: the same frames in batches of 1,000 (${chained.batches} batches). ` +
        `The bench's Level 1 session (no books, ${session.contracts} contracts) records ${sig(l1.bytes / 1e6 / l1Hours)} MB/h the same way.`,
    };
  },
};

let nextDb = 1;

/** Stored payload bytes with a recorder flushing every `flushMs` of send time (null: only on 1,000 frames). */
function record(dir: string, frames: readonly Frame[], codec: FrameCodec, flushMs: number | null): { bytes: number; batches: number } {
  const db = openDatabase(join(dir, `size-${nextDb++}.db`));
  try {
    const clock = new ManualClock(frames[0]?.sentAt ?? 0);
    const sessionId = createSession(db, { source: 'demo', symbols: [], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: clock.now() });
    const recorder = new FrameRecorder({ db, sessionId, clock, codec, maxBatch: 1000, flushMs: flushMs ?? 1e12 });
    for (const f of frames) {
      if (flushMs !== null && f.sentAt > clock.now()) clock.advance(f.sentAt - clock.now());
      recorder.record(f.text, f.receivedAt, 1);
    }
    if (!recorder.close()) throw new Error('the frame recorder failed');
    const row = db.prepare('SELECT COALESCE(SUM(LENGTH(payload)), 0) AS bytes, COUNT(*) AS batches FROM frame_batches').get() as { bytes: number; batches: number };
    return row;
  } finally {
    db.close();
  }
}

async function liveShape(minutes: number): Promise<LiveShape> {
  const started = performance.now();
  const h = await startDemoHarness({ seed: SEED, intensity: MAX_INTENSITY, bookLevels: LIVE_LEVELS });
  try {
    const options: string[] = [];
    for (const u of UNDERLYINGS) options.push(...(await contractsAround(h, u, STRIKES, EXPIRIES)));
    const frames: Frame[] = [];
    let bytes = 0;
    h.streamer.on('frame', ({ text, receivedAt }) => {
      const sent = SENT.exec(text.slice(0, 300));
      frames.push({ text, receivedAt, sentAt: sent ? Number(sent[1]) : receivedAt });
      bytes += Buffer.byteLength(text);
    });
    let level1 = 0;
    let books = 0;
    h.streamer.data.on('optionQuote', () => level1++);
    h.streamer.data.on('equityQuote', () => level1++);
    h.streamer.data.on('book', () => books++);
    h.streamer.start();
    await until(() => h.streamer.status().state === 'live', 'login');
    // As the app subscribes a watchlist, in groups 50 ms apart (as inputs.ts explains).
    const subscriptions = new SymbolSubscriptions(h.streamer);
    const group = Math.ceil(options.length / 20);
    for (let i = group; i <= options.length + group - 1; i += group) {
      subscriptions.set(options.slice(0, i), UNDERLYINGS);
      await h.run(50, 50);
    }
    await h.run(minutes * 60_000, 1000);
    const first = frames[0]?.receivedAt ?? 0;
    const last = frames[frames.length - 1]?.receivedAt ?? first;
    return { frames, bytes, contracts: options.length, books, level1, spanMs: last - first, generatedIn: (performance.now() - started) / 1000 };
  } finally {
    await h.stop();
  }
}
