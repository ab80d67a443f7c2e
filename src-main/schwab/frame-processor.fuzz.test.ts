// A seeded fuzz test of the parse stage (issue 15, item 9): hostile frames of every kind, mixed
// with valid ones, through FrameProcessor.process. It proves three things and a fourth:
//   1. process() never throws; what it cannot use it counts and reports as a problem;
//   2. hostile frames never touch the merged quotes of other contracts, and a valid delta after
//      them still merges exactly;
//   3. no listener receives a malformed object (every payload is checked against its type, with
//      every number finite);
//   4. snapshot()/restore() round-trips the state hostile input left behind.
// This file proves 1 and 3; 2 is frame-processor.fuzz-merge.test.ts, 4 frame-processor.fuzz-snapshot.test.ts.
// The frames are hostile-frames.testkit.ts's, the checks frame-listener-checks.testkit.ts's.
// Runs are seeded (3 100 of them over the three files, a few seconds): a failure prints its seed and path and
// reproduces with them. To explore further, FATHOM_FUZZ_SEED=<n> FATHOM_FUZZ_RUNS=<multiplier>
// npx vitest run src-main/schwab/frame-processor.fuzz
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBar } from './fields.ts';
import { feed, malformedBlocks, watch } from './frame-listener-checks.testkit.ts';
import { FrameProcessor } from './frame-processor.ts';
import { asJ, dataFrame, json, mixedFrames, runs } from './hostile-frames.testkit.ts';

describe('FrameProcessor under hostile frames (seeded fuzz)', () => {
  it('never throws, reports what it drops, and hands listeners only well-formed objects', () => {
    fc.assert(
      fc.property(mixedFrames(false, 10), fc.boolean(), (frames, throwingListener) => {
        const p = new FrameProcessor();
        const w = watch(p);
        // A listener that throws on everything must not break the boundary either.
        if (throwingListener) {
          for (const event of ['optionQuote', 'equityQuote', 'book', 'bar', 'heartbeat', 'response', 'admin', 'problem'] as const) {
            p.events.on(event, () => {
              throw new Error('listener bug');
            });
          }
        }
        frames.forEach((text, i) => {
          const counted = p.stats().malformedItems;
          const reported = w.problems.length;
          feed(p, text, 1_000 + i);
          const { blocks, malformed } = malformedBlocks(text);
          if (malformed > 0 && malformed < blocks && (p.stats().malformedItems - counted < malformed || w.problems.length === reported)) {
            w.errors.push(`${malformed} malformed data block(s) dropped without a count and a problem: ${text.slice(0, 160)}`);
          }
        });
        // Bars reach listeners in increasing seq per symbol (the dedupe holds), and a rejected
        // bar never moved it: the next seq after the last one delivered still goes through.
        const last = new Map<string, number>();
        for (const bar of w.bars) {
          const prev = last.get(bar.symbol);
          if (prev !== undefined && bar.seq <= prev) w.errors.push(`bar ${bar.symbol} seq ${bar.seq} after ${prev}`);
          last.set(bar.symbol, bar.seq);
        }
        for (const [symbol, seq] of last) {
          const n = w.bars.length;
          feed(p, json(dataFrame('CHART_EQUITY', [asJ(encodeBar({ symbol, seq: seq + 1, minuteIndex: 1, time: 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1, chartDay: 0 }))])), 9_999);
          if (w.bars.length !== n + 1) w.errors.push(`a valid bar for ${symbol} after seq ${seq} was dropped`);
        }
        const stats = p.stats();
        if (!Object.values(stats).every((v) => Number.isSafeInteger(v) && v >= 0)) w.errors.push(`stats ${JSON.stringify(stats)}`);
        const notes = frames.filter((t) => t.startsWith('{"fathomClient":')).length;
        if (stats.frames !== frames.length - notes + last.size) w.errors.push(`${stats.frames} frames counted of ${frames.length - notes + last.size}`);
        expect(w.errors).toEqual([]);
      }),
      runs(1_500),
    );
  });
});
