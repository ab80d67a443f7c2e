// A typed event emitter whose listeners cannot hurt each other: one that throws is reported and
// the rest still run. Every `on` returns its own unsubscribe.

export type Unsubscribe = () => void;

type Listener<T> = (payload: T) => void;

/**
 * One event's listeners, in the order they were added, as a Set iterates them (a listener added
 * during an emit is called by it, one removed before its turn is not, adding one twice keeps one)
 * but walked as an array: a Set's iterator is an object per emit, and the ingest path emits
 * several events per Level 1 update. A listener removed during an emit leaves a hole (null) that
 * is closed once no emit is walking the array.
 */
interface Listeners {
  readonly set: Set<Listener<never>>;
  list: (Listener<never> | null)[];
  holes: number;
  emitting: number;
}

export class Emitter<Events extends { [K in keyof Events]: unknown }> {
  private listeners = new Map<keyof Events, Listeners>();
  private readonly onListenerError: (event: keyof Events, error: unknown) => void;

  constructor(onListenerError: (event: keyof Events, error: unknown) => void = () => undefined) {
    this.onListenerError = onListenerError;
  }

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    let slots = this.listeners.get(event);
    if (!slots) {
      slots = { set: new Set(), list: [], holes: 0, emitting: 0 };
      this.listeners.set(event, slots);
    }
    const entry = listener as Listener<never>;
    if (!slots.set.has(entry)) {
      slots.set.add(entry);
      slots.list.push(entry);
    }
    const own = slots;
    return () => {
      if (own.set.delete(entry)) remove(own, entry);
    };
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const slots = this.listeners.get(event);
    if (!slots || slots.set.size === 0) return;
    slots.emitting++;
    try {
      // The length is read on every turn: listeners added by a listener are called too.
      for (let i = 0; i < slots.list.length; i++) {
        const listener = slots.list[i] as Listener<Events[K]> | null;
        if (listener === null) continue;
        try {
          listener(payload);
        } catch (error) {
          this.onListenerError(event, error);
        }
      }
    } finally {
      if (--slots.emitting === 0 && slots.holes > 0) closeHoles(slots);
    }
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.set.size ?? 0;
  }

  /** Forgets every listener for the emits to come (an emit under way finishes its walk). */
  clear(): void {
    this.listeners.clear();
  }
}

function remove(slots: Listeners, entry: Listener<never>): void {
  const i = slots.list.indexOf(entry);
  if (i < 0) return;
  if (slots.emitting > 0) {
    slots.list[i] = null;
    slots.holes++;
  } else {
    slots.list.splice(i, 1);
  }
}

function closeHoles(slots: Listeners): void {
  slots.list = slots.list.filter((l) => l !== null);
  slots.holes = 0;
}
