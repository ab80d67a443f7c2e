// A small surface for the end-to-end tests to wait on instead of sleeping: named app events on
// `window.__fathomTest`, plus data-* attributes on the window root (see README.md). It carries
// nothing secret: no token, no settings beyond what the page shows.

export interface TestEvent {
  name: string;
  /** Date.now() when it happened. */
  at: number;
  detail: unknown;
}

export interface FathomTestSurface {
  /** Every event so far, oldest first (the last 1000). */
  readonly events: TestEvent[];
  /** Calls `listener` for each later event of that name; returns its unsubscribe. */
  on(name: string, listener: (event: TestEvent) => void): () => void;
  /** The latest event of that name, if any. */
  last(name: string): TestEvent | undefined;
  /** A value the page exposed for tests (e.g. `flows`), computed on demand; null if none. */
  read(name: string): unknown;
}

export interface TestHooks {
  emit(name: string, detail?: unknown): void;
  /** Lets tests read a value on demand (never anything secret). */
  expose(name: string, read: () => unknown): void;
}

declare global {
  interface Window {
    __fathomTest?: FathomTestSurface;
  }
}

const MAX_EVENTS = 1000;

export function installTestHooks(target: Window): TestHooks {
  const events: TestEvent[] = [];
  const listeners = new Map<string, Set<(event: TestEvent) => void>>();
  const readers = new Map<string, () => unknown>();
  const surface: FathomTestSurface = {
    events,
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    last(name) {
      for (let i = events.length - 1; i >= 0; i--) if (events[i]?.name === name) return events[i];
      return undefined;
    },
    read(name) {
      const read = readers.get(name);
      return read ? read() : null;
    },
  };
  target.__fathomTest = surface;
  return {
    expose(name, read) {
      readers.set(name, read);
    },
    emit(name, detail = null) {
      const event: TestEvent = { name, at: Date.now(), detail };
      events.push(event);
      if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
      for (const listener of listeners.get(name) ?? []) {
        try {
          listener(event);
        } catch {
          // A test's listener must never break the app.
        }
      }
    },
  };
}
