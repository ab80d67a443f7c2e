import { describe, expect, it } from 'vitest';
import { Cell } from './cell.ts';
import { FrameBatcher } from './frame-batcher.ts';

function manualFrames() {
  const frames: (() => void)[] = [];
  const batcher = new FrameBatcher((cb) => frames.push(cb));
  return { batcher, frames, tick: () => frames.splice(0).forEach((f) => f()) };
}

describe('FrameBatcher and Cell', () => {
  it('notifies once per frame however many changes', () => {
    const { batcher, frames, tick } = manualFrames();
    const cell = new Cell(0, batcher);
    let renders = 0;
    cell.subscribe(() => renders++);
    for (let i = 1; i <= 50; i++) cell.set(i);
    expect(frames).toHaveLength(1);
    expect(renders).toBe(0);
    tick();
    expect(renders).toBe(1);
    expect(cell.get()).toBe(50);
  });

  it('does not notify for an unchanged value, and stops after unsubscribe', () => {
    const { batcher, frames, tick } = manualFrames();
    const cell = new Cell('a', batcher);
    let renders = 0;
    const off = cell.subscribe(() => renders++);
    cell.set('a');
    expect(frames).toHaveLength(0);
    cell.update((v) => v + 'b');
    off();
    tick();
    expect(renders).toBe(0);
    expect(cell.get()).toBe('ab');
  });

  it('runs input tasks first in a frame, so what they change notifies in that same frame', () => {
    const { batcher, frames, tick } = manualFrames();
    const cell = new Cell(0, batcher);
    const seen: number[] = [];
    cell.subscribe(() => seen.push(cell.get()));
    batcher.queueInput(() => cell.set(7));
    batcher.queueInput(() => cell.set(8));
    expect(frames).toHaveLength(1);
    tick();
    expect(seen).toEqual([8]);
    expect(frames).toHaveLength(0);
  });
});
