import { describe, expect, it } from 'vitest';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { mergeFlows } from './recent-flows.ts';

const SYM = 'SPY   241129C00450000';
const row = (id: string, time: number, version = 1, symbol = SYM) => ({ id, time, version, symbol }) as FlowRow;

describe('mergeFlows', () => {
  it('keeps the newest first, replaces a grown flow and ignores other contracts', () => {
    let list = mergeFlows([], [row('a', 1), row('b', 3), row('x', 9, 1, 'QQQ   241129C00400000')], SYM);
    expect(list.map((r) => r.id)).toEqual(['b', 'a']);
    list = mergeFlows(list, [row('a', 1, 2), row('c', 2)], SYM);
    expect(list.map((r) => `${r.id}${r.version}`)).toEqual(['b1', 'c1', 'a2']);
  });

  it('returns the same array when nothing changed, and caps the list', () => {
    const list = mergeFlows([], [row('a', 1, 2)], SYM);
    expect(mergeFlows(list, [row('a', 1, 1)], SYM)).toBe(list);
    const many = mergeFlows([], Array.from({ length: 10 }, (_, i) => row(`f${i}`, i)), SYM, 4);
    expect(many.map((r) => r.id)).toEqual(['f9', 'f8', 'f7', 'f6']);
  });
});
