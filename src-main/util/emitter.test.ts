import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter.ts';

interface Events {
  tick: number;
}

describe('Emitter', () => {
  it('calls listeners in the order they were added, each once however often it was added', () => {
    const e = new Emitter<Events>();
    const seen: string[] = [];
    const a = (n: number) => seen.push(`a${n}`);
    e.on('tick', a);
    e.on('tick', (n) => seen.push(`b${n}`));
    e.on('tick', a);
    e.emit('tick', 1);
    expect(seen).toEqual(['a1', 'b1']);
    expect(e.listenerCount('tick')).toBe(2);
  });

  it('reports a listener that throws and still calls the others', () => {
    const errors: unknown[] = [];
    const e = new Emitter<Events>((_event, error) => errors.push(error));
    const seen: number[] = [];
    e.on('tick', () => {
      throw new Error('boom');
    });
    e.on('tick', (n) => seen.push(n));
    e.emit('tick', 7);
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });

  it('as a Set iterates: a listener added during an emit is called by it, one removed before its turn is not', () => {
    const e = new Emitter<Events>();
    const seen: string[] = [];
    let offC: () => void = () => undefined;
    e.on('tick', (n) => {
      seen.push(`a${n}`);
      offC();
      if (n === 1) e.on('tick', (m) => seen.push(`d${m}`));
    });
    e.on('tick', (n) => seen.push(`b${n}`));
    offC = e.on('tick', (n) => seen.push(`c${n}`));
    e.emit('tick', 1);
    e.emit('tick', 2);
    expect(seen).toEqual(['a1', 'b1', 'd1', 'a2', 'b2', 'd2']);
    expect(e.listenerCount('tick')).toBe(3);
  });

  it('a listener removed and added again during an emit moves to the end and is called again, as with a Set', () => {
    const e = new Emitter<Events>();
    const seen: string[] = [];
    const b = (n: number) => seen.push(`b${n}`);
    let offB = e.on('tick', b);
    e.on('tick', (n) => {
      seen.push(`c${n}`);
      if (n === 1) {
        offB();
        offB = e.on('tick', b);
      }
    });
    e.emit('tick', 1);
    e.emit('tick', 2);
    expect(seen).toEqual(['b1', 'c1', 'b1', 'c2', 'b2']);
  });

  it('unsubscribes, including from inside a nested emit of the same event', () => {
    const e = new Emitter<Events>();
    const seen: string[] = [];
    let offB: () => void = () => undefined;
    e.on('tick', (n) => {
      seen.push(`a${n}`);
      if (n === 1) {
        e.emit('tick', 2);
        offB();
      }
    });
    offB = e.on('tick', (n) => seen.push(`b${n}`));
    e.emit('tick', 1);
    e.emit('tick', 3);
    expect(seen).toEqual(['a1', 'a2', 'b2', 'a3']);
    expect(e.listenerCount('tick')).toBe(1);
    offB();
    expect(e.listenerCount('tick')).toBe(1);
  });

  it('clear forgets every listener', () => {
    const e = new Emitter<Events>();
    const seen: number[] = [];
    e.on('tick', (n) => seen.push(n));
    e.clear();
    e.emit('tick', 1);
    expect(seen).toEqual([]);
    expect(e.listenerCount('tick')).toBe(0);
  });
});
