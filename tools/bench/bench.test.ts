// The benchmark plumbing, so `npm run bench` cannot rot unnoticed: figures are selected by name,
// and a quick run on a tiny seeded input prints well-formed lines. Nothing here is timed: the
// numbers themselves belong to `npm run bench`, never to the tests.
import { describe, expect, it } from 'vitest';
import type { FigureLine } from './figure.ts';
import { linearFit, quantile, toLine } from './figure.ts';
import { FIGURES, runBench, selectFigures } from './run.ts';
import { tradeHeavyFrames } from './trade-heavy.ts';
import { FrameProcessor } from '../../src-main/schwab/frame-processor.ts';
import { FlowEngine } from '../../src-main/market/flow-engine.ts';
import { DEFAULT_FLOW_SETTINGS } from '../../shared/domain/settings.ts';

const ISSUE_FIGURES = [
  'ingest.l1',
  'ingest.book',
  'ingest.book_50',
  'live.loopback',
  'store.flows',
  'store.frames',
  'search.first_rows',
  'replay.speed',
  'main.lag',
  'ui.push_latency',
  'ui.feed_frame',
  'ui.book_frame',
  'ui.book_window',
  'ui.book_frame_50',
  // Issue 17: the heat map's and the montage's own draw time per frame, beside the whole frame.
  'ui.book_draw',
  'ui.batch_decode',
  'mem.growth',
  // Issue 18: the positioning page's read over a month of sessions.
  'store.positioning',
  // Issue 19: ingest on a trade-heavy input (one option update in three a trade).
  'ingest.l1_trades',
  // Issue 19: the recorded size of an hour at max intensity.
  'store.size',
  'replay.seek',
];

function expectShape(line: FigureLine): void {
  expect(Object.keys(line).sort()).toEqual(['ceiling', 'name', 'notes', 'ratio', 'target', 'unit', 'value']);
  expect(typeof line.name).toBe('string');
  expect(typeof line.unit).toBe('string');
  expect(typeof line.notes).toBe('string');
  expect(line.notes.length).toBeGreaterThan(0);
  expect(JSON.parse(JSON.stringify(line))).toEqual(line);
}

describe('npm run bench', () => {
  it('has every figure of issue 10, the 50-level book figures, the book window of issue 17 and the history search of issue 18, once', () => {
    expect(FIGURES.map((f) => f.name).sort()).toEqual([...ISSUE_FIGURES].sort());
  });

  it('selects by exact name or prefix and refuses unknown names', () => {
    expect(selectFigures(['ingest']).map((f) => f.name)).toEqual(['ingest.l1', 'ingest.l1_trades', 'ingest.book', 'ingest.book_50']);
    expect(selectFigures(['ingest.book']).map((f) => f.name)).toEqual(['ingest.book']);
    expect(selectFigures(['ui.book_frame', 'ui.book_frame_50']).map((f) => f.name)).toEqual(['ui.book_frame', 'ui.book_frame_50']);
    expect(selectFigures(['store.frames']).map((f) => f.name)).toEqual(['store.frames']);
    expect(() => selectFigures(['nope'])).toThrow(/unknown figure nope/);
  });

  it('has a trade-heavy input in which the engine finds a print in one option update in three', () => {
    const input = tradeHeavyFrames(2000);
    expect(input.frames).toHaveLength(2000);
    expect(tradeHeavyFrames(2000).frames).toEqual(input.frames);
    const processor = new FrameProcessor();
    const engine = new FlowEngine({ sessionId: '1', settings: { ...DEFAULT_FLOW_SETTINGS } });
    processor.events.on('optionQuote', (u) => engine.onOptionQuote(u));
    for (const f of input.frames) processor.process(f.text, f.receivedAt);
    const counts = engine.counts();
    expect(counts.baselines).toBe(input.contracts);
    expect(counts.updates).toBe(input.updates + input.contracts);
    expect(counts.prints).toBe(input.trades);
    expect(Math.round(input.updates / input.trades)).toBe(3);
    expect(counts.flows).toBeGreaterThan(input.trades / 3);
  });

  it('computes ratios per key and keeps failures as lines', () => {
    const figure = { name: 'x.y', unit: 'u', target: 1 };
    expect(toLine(figure, { value: 5, ceiling: 10, notes: 'n' }).ratio).toBe(0.5);
    expect(toLine(figure, { value: { a: 1, b: 3 }, ceiling: { a: 2, b: 4 }, notes: 'n' }).ratio).toEqual({ a: 0.5, b: 0.75 });
    expect(toLine(figure, { value: null, notes: 'failed' })).toMatchObject({ value: null, ceiling: null, ratio: null });
  });

  it('has the statistics the figures rely on', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(linearFit([0, 1, 2, 3], [1, 3, 5, 7])).toEqual({ slope: 2, intercept: 1 });
  });

  it('runs figures on a tiny seeded input and prints one well-formed JSON line each', async () => {
    const printed: FigureLine[] = [];
    const lines = await runBench({
      names: ['ingest', 'store.frames'],
      quick: true,
      sessionMinutes: 0.2,
      bookSeconds: 2,
      out: (line) => printed.push(line),
      log: () => undefined,
    });
    expect(lines.map((l) => l.name)).toEqual(['ingest.l1', 'ingest.l1_trades', 'ingest.book', 'ingest.book_50', 'store.frames']);
    expect(lines[1]?.notes).toMatch(/of which \d+ trades: one in three/);
    // ingest.book reads the live shape, ingest.book_50 the deepest books.
    expect(lines[2]?.notes).toMatch(/OPTIONS_BOOK at one level a side \(the live shape/);
    expect(lines[3]?.notes).toMatch(/OPTIONS_BOOK at 50 levels a side with venues/);
    expect(printed).toEqual(lines);
    for (const line of lines) {
      expectShape(line);
      expect(line.notes).not.toMatch(/^failed/);
      expect(typeof line.value).toBe('number');
      expect(typeof line.ceiling).toBe('number');
      expect(typeof line.ratio).toBe('number');
    }
  }, 120_000);

  it('reads a month of positioning on a small input and sums every stored flow', async () => {
    const [line] = await runBench({ names: ['store.positioning'], quick: true, out: () => undefined, log: () => undefined });
    expect(line).toBeDefined();
    if (!line) return;
    expectShape(line);
    expect(line.notes).not.toMatch(/^failed/);
    expect(line.notes).toContain('30 sessions x 200 stored flows of SPY (6000;');
    expect(typeof line.value).toBe('number');
  }, 60_000);
});
