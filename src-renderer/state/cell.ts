// A value outside React that components read with useSyncExternalStore; changes notify once
// per frame through the batcher.
import type { FrameBatcher } from './frame-batcher.ts';

export class Cell<T> {
  private value: T;
  private readonly listeners = new Set<() => void>();
  private readonly batcher: FrameBatcher;

  constructor(value: T, batcher: FrameBatcher) {
    this.value = value;
    this.batcher = batcher;
  }

  get = (): T => this.value;

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    this.batcher.queue(this.emit);
  }

  update(change: (current: T) => T): void {
    this.set(change(this.value));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private readonly emit = (): void => {
    for (const listener of this.listeners) listener();
  };
}
