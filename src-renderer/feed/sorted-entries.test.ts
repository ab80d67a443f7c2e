import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowEntry } from './sorted-entries.ts';
import { compareEntries, mergeSorted } from './sorted-entries.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';

let seq = 0;
function entry(time: number): FlowEntry {
  return { row: flowRow({ time }), seq: seq++, arrivedAt: 0, grewAt: 0, visible: true };
}

const sorted = (entries: FlowEntry[]): FlowEntry[] => [...entries].sort(compareEntries);

describe('mergeSorted', () => {
  it('appends when every addition comes after the end', () => {
    const list = [entry(1), entry(2)];
    const additions = [entry(3), entry(4)];
    const merged = mergeSorted(list, additions);
    expect(merged.map((e) => e.row.time)).toEqual([1, 2, 3, 4]);
  });

  it('merges late additions into the tail, in place', () => {
    const list = [entry(1), entry(5), entry(9)];
    const additions = sorted([entry(4), entry(10), entry(6)]);
    const merged = mergeSorted(list, additions);
    expect(merged).toBe(list);
    expect(merged.map((e) => e.row.time)).toEqual([1, 4, 5, 6, 9, 10]);
  });

  it('keeps an equal time after the entries already held (arrival order)', () => {
    const held = entry(5);
    const late = entry(5);
    expect(mergeSorted([entry(1), held], [late])).toEqual([expect.anything(), held, late]);
  });

  it('equals sorting everything, for any sorted list and additions', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 })), fc.array(fc.integer({ min: 0, max: 50 })), (a, b) => {
        const list = sorted(a.map(entry));
        const additions = sorted(b.map(entry));
        const expected = sorted([...list, ...additions]);
        expect(mergeSorted(list, additions)).toEqual(expected);
      }),
    );
  });
});
