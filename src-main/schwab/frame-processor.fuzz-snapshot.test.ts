// The parse stage's seeded fuzz (see frame-processor.fuzz.test.ts), point 4: snapshot() and
// restore() round-trip the state hostile input left behind.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feed, watch } from './frame-listener-checks.testkit.ts';
import { FrameProcessor } from './frame-processor.ts';
import { mixedFrames, runs } from './hostile-frames.testkit.ts';

describe('FrameProcessor under hostile frames (seeded fuzz)', () => {
  it('snapshot() and restore() round-trip the state hostile input left, and the copies stay apart', () => {
    fc.assert(
      fc.property(mixedFrames(false, 8), mixedFrames(false, 5), (before, after) => {
        const live = new FrameProcessor();
        before.forEach((text, i) => feed(live, text, i));
        const checkpoint = live.snapshot();
        const kept = live.snapshot();
        const restored = new FrameProcessor();
        restored.restore(checkpoint);
        expect(restored.snapshot()).toEqual(checkpoint);
        expect(restored.stats()).toEqual(live.stats());
        // The two go on alike, event for event, and neither reaches into the checkpoint.
        const a = watch(live, true);
        const b = watch(restored, true);
        after.forEach((text, i) => {
          feed(live, text, 100 + i);
          feed(restored, text, 100 + i);
        });
        expect(b.log).toEqual(a.log);
        expect(restored.snapshot()).toEqual(live.snapshot());
        expect(checkpoint).toEqual(kept);
        expect([...a.errors, ...b.errors]).toEqual([]);
      }),
      runs(400),
    );
  });
});
