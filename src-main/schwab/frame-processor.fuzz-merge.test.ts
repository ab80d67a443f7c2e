// The parse stage's seeded fuzz (see frame-processor.fuzz.test.ts), point 2: hostile frames never
// touch the merged quotes of other contracts, and a valid delta after them still merges exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBar } from './fields.ts';
import { checkFields, feed, OPTION_TYPES, watch } from './frame-listener-checks.testkit.ts';
import { FrameProcessor, type FrameEvents } from './frame-processor.ts';
import { asJ, BYSTANDER_BARS, BYSTANDER_EQUITY, BYSTANDER_OPTIONS, dataFrame, equityItem, equityValues, json, mixedFrames, optionItem, optionValues, runs, TARGET } from './hostile-frames.testkit.ts';

describe('FrameProcessor under hostile frames (seeded fuzz)', () => {
  it("keeps other contracts' merged quotes exactly, and merges a valid delta after hostile frames", () => {
    const setup = fc.record({
      b0: optionValues,
      b1: optionValues,
      eq: equityValues,
      target: optionValues,
      barSeq: fc.nat(5_000),
    });
    fc.assert(
      fc.property(setup, mixedFrames(true, 10), optionValues, optionValues, equityValues, (s, frames, delta, targetDelta, eqDelta) => {
        const p = new FrameProcessor();
        const w = watch(p);
        feed(p, json(dataFrame('LEVELONE_OPTIONS', [optionItem(BYSTANDER_OPTIONS[0], s.b0, true), optionItem(BYSTANDER_OPTIONS[1], s.b1, true)])), 1);
        feed(p, json(dataFrame('LEVELONE_EQUITIES', [equityItem(BYSTANDER_EQUITY, s.eq, true)])), 2);
        feed(p, json(dataFrame('LEVELONE_OPTIONS', [optionItem(TARGET, s.target, true)])), 3);
        feed(p, json(dataFrame('CHART_EQUITY', [asJ(encodeBar({ symbol: BYSTANDER_BARS, seq: s.barSeq, minuteIndex: 1, time: 60_000, open: 1, high: 2, low: 1, close: 2, volume: 5, chartDay: 0 }))])), 4);
        const kept = {
          b0: structuredClone(p.optionQuote(BYSTANDER_OPTIONS[0])),
          b1: structuredClone(p.optionQuote(BYSTANDER_OPTIONS[1])),
          eq: structuredClone(p.equityQuote(BYSTANDER_EQUITY)),
        };

        frames.forEach((text, i) => feed(p, text, 10 + i));
        const after = structuredClone({ b0: p.optionQuote(BYSTANDER_OPTIONS[0]), b1: p.optionQuote(BYSTANDER_OPTIONS[1]), eq: p.equityQuote(BYSTANDER_EQUITY) });

        // A valid delta for a bystander merges field by field onto the kept state.
        let option: FrameEvents['optionQuote'] | undefined;
        let equity: FrameEvents['equityQuote'] | undefined;
        p.events.on('optionQuote', (u) => (option = structuredClone(u)));
        p.events.on('equityQuote', (u) => (equity = structuredClone(u)));
        feed(p, json(dataFrame('LEVELONE_OPTIONS', [optionItem(BYSTANDER_OPTIONS[0], delta, false)])), 500);
        const bystanderUpdate = option && { symbol: option.symbol, snapshot: option.snapshot, changed: option.changed, quote: option.quote };
        feed(p, json(dataFrame('LEVELONE_EQUITIES', [equityItem(BYSTANDER_EQUITY, eqDelta, false)])), 501);
        const equityUpdate = equity && { snapshot: equity.snapshot, changed: equity.changed, quote: equity.quote };
        // The target took hostile items; whatever it kept is well-typed, and a delta merges onto it.
        const target = structuredClone(p.optionQuote(TARGET));
        if (target) checkFields('target', target, OPTION_TYPES, true, w.errors);
        feed(p, json(dataFrame('LEVELONE_OPTIONS', [optionItem(TARGET, targetDelta, false)])), 502);
        // The bystander's bar dedupe was not moved by bars for other symbols.
        const bars = w.bars.length;
        feed(p, json(dataFrame('CHART_EQUITY', [asJ(encodeBar({ symbol: BYSTANDER_BARS, seq: s.barSeq + 1, minuteIndex: 2, time: 120_000, open: 2, high: 2, low: 2, close: 2, volume: 1, chartDay: 0 }))])), 503);

        // One comparison per run (expect is slow enough to matter over hundreds of runs).
        expect({ kept, after, bystanderUpdate, equityUpdate, target: option?.quote, nextBar: w.bars.length - bars, errors: w.errors }).toEqual({
          kept: { b0: { symbol: BYSTANDER_OPTIONS[0], delayed: false, ...s.b0 }, b1: { symbol: BYSTANDER_OPTIONS[1], delayed: false, ...s.b1 }, eq: { symbol: BYSTANDER_EQUITY, delayed: false, ...s.eq } },
          after: kept,
          bystanderUpdate: { symbol: BYSTANDER_OPTIONS[0], snapshot: false, changed: delta, quote: { ...kept.b0, ...delta } },
          equityUpdate: { snapshot: false, changed: eqDelta, quote: { ...kept.eq, ...eqDelta } },
          target: target ? { ...target, ...targetDelta } : { symbol: TARGET, ...targetDelta },
          nextBar: 1,
          errors: [],
        });
      }),
      runs(1_200),
    );
  });
});
