import { describe, expect, it } from 'vitest';
import { encodeFlowBatch } from '../../shared/ipc/flows.ts';
import { encodeFlows } from '../../shared/ipc/flow-codec-encode.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { CATCH_UP_AFTER_MS, CAUGHT_UP_AFTER_MS, FlowIntake } from './flow-intake.ts';

function intake() {
  let now = 0;
  const states: boolean[] = [];
  const refused: unknown[] = [];
  const it = new FlowIntake({ now: () => now, onCatchingUp: (s) => states.push(s), onRefused: (e) => refused.push(e) });
  return { it, states, refused, advance: (ms: number) => (now += ms) };
}

const packed = (rows: ReturnType<typeof flowRow>[]) => ({ format: 'packed' as const, n: rows.length, bytes: encodeFlows(rows) });

describe('FlowIntake', () => {
  it('takes every batch of a frame at once, keeping only the newest version of each flow', () => {
    const { it: take } = intake();
    const a1 = flowRow({ version: 1 });
    const b1 = flowRow({ version: 1 });
    expect(take.offer(packed([a1, b1]))).toBe(true);
    expect(take.offer(encodeFlowBatch([{ ...a1, version: 3, size: 300 }]))).toBe(false);
    // An older version arriving after a newer one (two sources) never wins.
    take.offer(packed([{ ...a1, version: 2, size: 200 }]));
    const frame = take.take();
    expect(frame.rows.map((r) => [r.id, r.version, r.size])).toEqual([
      [a1.id, 3, 300],
      [b1.id, 1, b1.size],
    ]);
    expect(frame.superseded).toBe(2);
    expect(take.take().rows).toEqual([]);
  });

  it('says it is catching up when a frame takes batches older than the bound, and stops once it kept up for a while', () => {
    const { it: take, states, advance } = intake();
    take.offer(packed([flowRow()]));
    advance(16);
    expect(take.take().lagMs).toBe(16);
    expect(take.catchingUp).toBe(false);
    take.offer(packed([flowRow()]));
    advance(CATCH_UP_AFTER_MS + 50);
    take.take();
    expect(states).toEqual([true]);
    // Keeping up for less than the hold time is not enough.
    for (let t = 0; t < CAUGHT_UP_AFTER_MS - 100; t += 16) {
      take.offer(packed([flowRow()]));
      advance(16);
      take.take();
    }
    expect(take.catchingUp).toBe(true);
    for (let t = 0; t < 200; t += 16) {
      take.offer(packed([flowRow()]));
      advance(16);
      take.take();
    }
    expect(states).toEqual([true, false]);
  });

  it('reports a batch it cannot read and keeps the others', () => {
    const { it: take, refused } = intake();
    const good = flowRow();
    take.offer({ format: 'packed', n: 1, bytes: new Uint8Array(40) });
    take.offer(packed([good]));
    const frame = take.take();
    expect(frame.rows.map((r) => r.id)).toEqual([good.id]);
    expect(frame.refused).toBe(1);
    expect(refused).toHaveLength(1);
  });

  it('drops what waits when the window is reset', () => {
    const { it: take } = intake();
    take.offer(packed([flowRow()]));
    take.drop();
    expect(take.take().rows).toEqual([]);
    expect(take.newestReceived).toBe(Number.NEGATIVE_INFINITY);
  });

  it('knows the latest first print it was sent, from packed batches without decoding them', () => {
    const { it: take } = intake();
    take.offer(packed([flowRow({ time: 5_000 }), flowRow({ time: 9_000 }), flowRow({ time: 7_000 })]));
    expect(take.newestReceived).toBe(9_000);
    take.offer(encodeFlowBatch([flowRow({ time: 8_000 })]));
    expect(take.newestReceived).toBe(9_000);
    take.offer(encodeFlowBatch(Array.from({ length: 70 }, (_, i) => flowRow({ time: 10_000 + i }))));
    expect(take.newestReceived).toBe(10_069);
  });
});
