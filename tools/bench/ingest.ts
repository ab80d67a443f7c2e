// ingest.l1, ingest.l1_trades, ingest.book and ingest.book_50: the parse stage and what follows it, on one thread,
// over frames held in memory. The ceiling is JSON.parse alone over the very same frame texts:
// every byte must be parsed once, so no client can go faster than that. ingest.book reads books
// of the live shape (one level a side, its venues); ingest.book_50 reads 50-level books.
import { defaultAppSettings } from '../../shared/domain/app-settings.ts';
import type { Book } from '../../shared/domain/market.ts';
import { cumulativeDepth, imbalance, imbalanceOf, isSpreadWide, notional, spreadOf } from '../../shared/analytics/book.ts';
import { MarketPipeline } from '../../src-main/market/pipeline.ts';
import { FrameProcessor } from '../../src-main/schwab/frame-processor.ts';
import { median, round, sig, timeIt, type Figure, type FigureResult } from './figure.ts';
import { profileTop } from './profile.ts';
import { DEEP_LEVELS, describeLevels, LIVE_LEVELS, UNDERLYINGS, type Frame } from './inputs.ts';
import { TRADE_HEAVY_FRAMES, tradeHeavyFrames } from './trade-heavy.ts';

const ROUNDS = 4;
const MIN_SAMPLE_S = 0.25;
/** Ten simulated minutes of the session: ~290k updates, a few seconds per round. */
const L1_SLICE_MS = 10 * 60_000;

export const ingestL1: Figure = {
  name: 'ingest.l1',
  unit: 'updates/s',
  target: { ratio: 0.5 },
  async run(ctx) {
    const session = await ctx.inputs.session();
    const first = session.frames[0]?.receivedAt ?? 0;
    const frames = session.frames.filter((f) => f.receivedAt - first < (ctx.quick ? 20_000 : L1_SLICE_MS));
    const updates = countEvents(frames, ['optionQuote', 'equityQuote']);
    const stages = ingestStages(frames);
    const { value, ceiling, stage, spread } = compare(stages.full, stages.parseStage, frames, updates, ctx.quick);
    const bytes = frames.reduce((n, f) => n + f.text.length, 0);
    stages.counter.flows = 0;
    const profile = await profileTop(stages.full);
    const us = (perSecond: number) => round(1e6 / perSecond, 2);
    return {
      value,
      ceiling,
      notes:
        `FrameProcessor (parse, delta merge) + MarketPipeline (flow engine, alert rules) on one thread over ${frames.length} recorded frames ` +
        `(${sig(bytes / 1e6)} MB, ${updates} Level 1 updates, ${session.contracts} contracts + ${UNDERLYINGS.length} tickers, intensity max, ` +
        `one flow version per ${sig(updates / Math.max(1, stages.counter.flows))} updates); ceiling JSON.parse alone on the same texts; thread CPU time, ` +
        `median of ${ROUNDS} interleaved rounds after a warm-up. Per update: JSON.parse ${us(ceiling)} us, parse stage (JSON.parse + decode + ` +
        `merge + events) ${us(stage)} us, with the engine ${us(value)} us. Profile (self time): ${profile}`,
      detail: { roundsSpread: spread },
    } satisfies FigureResult;
  },
};

/**
 * ingest.l1_trades: the same stages on 20,000 generated frames in which one option update in three
 * is a trade (tools/bench/trade-heavy.ts), the shape of issue 19's comparison with a Python
 * client's message handler on the same frames; the ceiling is JSON.parse on them, as for ingest.l1.
 */
export const ingestL1Trades: Figure = {
  name: 'ingest.l1_trades',
  unit: 'updates/s',
  target: { ratio: 0.5 },
  async run(ctx) {
    const input = tradeHeavyFrames(ctx.quick ? 500 : TRADE_HEAVY_FRAMES);
    const frames = input.frames.map((f) => ({ ...f, sentAt: f.receivedAt }));
    const updates = countEvents(frames, ['optionQuote']);
    const stages = ingestStages(frames);
    const { value, ceiling, stage, spread } = compare(stages.full, stages.parseStage, frames, updates, ctx.quick);
    stages.counter.flows = 0;
    const profile = await profileTop(stages.full);
    const us = (perSecond: number) => round(1e6 / perSecond, 2);
    return {
      value,
      ceiling,
      notes:
        `FrameProcessor + MarketPipeline on one thread over ${frames.length} generated LEVELONE_OPTIONS frames (${input.contracts} contracts, ` +
        `${updates} option updates of which ${input.trades} trades: one in three; one flow version per ${sig(updates / Math.max(1, stages.counter.flows))} updates); ` +
        `ceiling JSON.parse alone on the same texts; thread CPU time, median of ${ROUNDS} interleaved rounds. Per update: JSON.parse ${us(ceiling)} us, ` +
        `parse stage ${us(stage)} us, with the engine ${us(value)} us. Profile (self time): ${profile}`,
      detail: { roundsSpread: spread },
    } satisfies FigureResult;
  },
};

/** ingest.book on books of `levels` per side, its ceiling JSON.parse on the same frames. */
function ingestBookFigure(name: string, levels: number): Figure {
  return {
    name,
    unit: 'updates/s',
    target: { ratio: 0.5 },
    async run(ctx) {
      const corpus = await ctx.inputs.books(levels);
      const frames = ctx.quick ? corpus.frames.slice(0, 20) : corpus.frames;
      const updates = countEvents(frames, ['book']);
      let sink = 0;
      const parseStage = () => {
        const processor = new FrameProcessor();
        for (const f of frames) processor.process(f.text, f.receivedAt);
      };
      const full = () => {
        const processor = new FrameProcessor();
        const pipeline = newPipeline();
        pipeline.attach(processor.events);
        // What a book window shows for each update: spread, imbalance, notional, depth ladder.
        processor.events.on('book', (book: Book) => {
          const spread = spreadOf(book);
          sink += (spread?.dollars ?? 0) + imbalanceOf(book, 5).value + imbalance(book, Infinity);
          sink += notional(book.bids) + notional(book.asks) + (isSpreadWide(book, 10) ? 1 : 0);
          sink += cumulativeDepth(book.bids).length + cumulativeDepth(book.asks).length;
        });
        for (const f of frames) processor.process(f.text, f.receivedAt);
      };
      const { value, ceiling, stage, spread } = compare(full, parseStage, frames, updates, ctx.quick);
      const bytes = frames.reduce((n, f) => n + f.text.length, 0);
      const profile = await profileTop(full);
      return {
        value,
        ceiling,
        notes:
          `OPTIONS_BOOK ${describeLevels(corpus.levels)}, ${corpus.contracts} contracts: FrameProcessor (parse, decode levels and venues) + ` +
          `MarketPipeline (engine book touch, spread alerts) + shared/analytics/book.ts (spread, imbalance, notional, depth) over ` +
          `${frames.length} frames (${sig(bytes / 1e6)} MB, ${updates} books, ${sig(bytes / Math.max(1, updates) / 1024)} KiB each); ` +
          `ceiling JSON.parse alone; thread CPU time, median of ${ROUNDS} interleaved rounds; parse stage alone ${stage} books/s. Profile (self time): ${profile}`,
        detail: { roundsSpread: spread, sink: sink > 0 },
      } satisfies FigureResult;
    },
  };
}

/** The live shape: one level a side, the touch split up by venue (docs/schwab-streaming.md §9). */
export const ingestBook = ingestBookFigure('ingest.book', LIVE_LEVELS);
/** The deepest book the simulator sends. */
export const ingestBook50 = ingestBookFigure('ingest.book_50', DEEP_LEVELS);

function newPipeline(): MarketPipeline {
  const settings = defaultAppSettings();
  return new MarketPipeline({ sessionId: '1', settings: settings.flow, alertRules: () => settings.alerts.rules });
}

function countEvents(frames: readonly Frame[], events: readonly ('optionQuote' | 'equityQuote' | 'book')[]): number {
  const processor = new FrameProcessor();
  let n = 0;
  for (const e of events) processor.events.on(e, () => n++);
  for (const f of frames) processor.process(f.text, f.receivedAt);
  return n;
}

/** Median updates/s of the full stage, the parse stage and JSON.parse alone, rounds interleaved. */
function compare(
  full: () => void,
  parseStage: () => void,
  frames: readonly Frame[],
  updates: number,
  quick: boolean,
): { value: number; ceiling: number; stage: number; spread: number } {
  let keep: unknown = null;
  const parseOnly = () => {
    for (const f of frames) keep = JSON.parse(f.text);
  };
  // Thread CPU time is accounted in scheduler ticks: every timed sample repeats the stage until
  // JSON.parse alone (the shortest) has run for at least MIN_SAMPLE_S.
  full();
  parseStage();
  parseOnly();
  const t1 = performance.now();
  parseOnly();
  const reps = Math.max(1, Math.ceil((MIN_SAMPLE_S * 1000) / Math.max(0.01, performance.now() - t1)));
  const repeat = (fn: () => void) => () => {
    for (let r = 0; r < reps; r++) fn();
  };
  const times: Record<'full' | 'stage' | 'parse', number[]> = { full: [], stage: [], parse: [] };
  for (let i = 0; i < (quick ? 1 : ROUNDS); i++) {
    times.parse.push(timeIt(repeat(parseOnly)));
    times.stage.push(timeIt(repeat(parseStage)));
    times.full.push(timeIt(repeat(full)));
  }
  void keep;
  const rate = (t: number[]) => Math.round((updates * reps) / Math.max(1e-6, median(t)));
  const spread = (Math.max(...times.full) - Math.min(...times.full)) / median(times.full);
  return { value: rate(times.full), ceiling: rate(times.parse), stage: rate(times.stage), spread: sig(spread) };
}

/** The whole ingest (parse stage, merge and flow engine) and the parse stage alone over the same frames, with the flows the first found. */
function ingestStages(frames: readonly { text: string; receivedAt: number }[]) {
  const counter = { flows: 0 };
  const full = () => {
    const processor = new FrameProcessor();
    const pipeline = newPipeline();
    pipeline.attach(processor.events);
    pipeline.events.on('flow', () => counter.flows++);
    for (const f of frames) processor.process(f.text, f.receivedAt);
  };
  const parseStage = () => {
    const processor = new FrameProcessor();
    for (const f of frames) processor.process(f.text, f.receivedAt);
  };
  return { full, parseStage, counter };
}
