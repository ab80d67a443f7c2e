import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../util/random.ts';
import { EventQueue } from './event-queue.ts';

describe('EventQueue', () => {
  it('pops by time, then by insertion order for equal times', () => {
    const queue = new EventQueue();
    const out: string[] = [];
    queue.push(5, () => out.push('a5'));
    queue.push(1, () => out.push('b1'));
    queue.push(5, () => out.push('c5'));
    queue.push(3, () => out.push('d3'));
    queue.push(1, () => out.push('e1'));
    expect(queue.peekTime()).toBe(1);
    while (queue.size > 0) queue.pop()?.run();
    expect(out).toEqual(['b1', 'e1', 'd3', 'a5', 'c5']);
    expect(queue.peekTime()).toBe(Infinity);
    expect(queue.pop()).toBeUndefined();
  });

  it('keeps order over many random pushes and pops', () => {
    const queue = new EventQueue();
    const random = seededRandom(3);
    const popped: number[] = [];
    for (let i = 0; i < 5000; i++) {
      queue.push(Math.floor(random() * 1000), () => undefined);
      if (random() < 0.3) popped.push(queue.pop()?.time ?? -1);
    }
    const rest: number[] = [];
    while (queue.size > 0) rest.push(queue.pop()?.time ?? -1);
    expect(rest).toEqual([...rest].sort((a, b) => a - b));
  });
});
