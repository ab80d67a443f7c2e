// Timed callbacks in (time, insertion) order: the market's single source of ordering, so the
// same events always run in the same order however advanceTo is sliced.

interface QueuedEvent {
  time: number;
  seq: number;
  run: () => void;
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class EventQueue {
  private readonly heap: QueuedEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, run: () => void): void {
    const heap = this.heap;
    heap.push({ time, seq: this.seq++, run });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const node = heap[i] as QueuedEvent;
      const up = heap[parent] as QueuedEvent;
      if (!before(node, up)) break;
      heap[i] = up;
      heap[parent] = node;
      i = parent;
    }
  }

  /** Time of the next event, Infinity when empty. */
  peekTime(): number {
    return this.heap[0]?.time ?? Infinity;
  }

  pop(): QueuedEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left] as QueuedEvent, heap[smallest] as QueuedEvent)) smallest = left;
      if (right < heap.length && before(heap[right] as QueuedEvent, heap[smallest] as QueuedEvent)) smallest = right;
      if (smallest === i) break;
      const tmp = heap[i] as QueuedEvent;
      heap[i] = heap[smallest] as QueuedEvent;
      heap[smallest] = tmp;
      i = smallest;
    }
    return top;
  }
}
