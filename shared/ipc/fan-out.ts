// Delivers pushed events to a window's listeners by channel. One helper for both ways a window
// receives them (the Electron preload's events channel and the web host's socket), so both
// treat malformed batches, repeated subscriptions and throwing listeners the same way.

type Listener = (payload: unknown) => void;

export class EventFanOut {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly onListenerError: (channel: string, error: unknown) => void;

  constructor(onListenerError: (channel: string, error: unknown) => void = () => undefined) {
    this.onListenerError = onListenerError;
  }

  /** Each call is its own subscription with its own unsubscribe, even for the same function. */
  subscribe(channel: string, listener: Listener): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    const own: Listener = (payload) => listener(payload);
    set.add(own);
    return () => {
      set.delete(own);
      if (set.size === 0 && this.listeners.get(channel) === set) this.listeners.delete(channel);
    };
  }

  /**
   * Delivers a batch of `[channel, payload]` pairs in order. Anything else (not an array, an
   * item without a string channel) is skipped; a listener that throws is reported and the
   * others still run.
   */
  deliver(batch: unknown): void {
    if (!Array.isArray(batch)) return;
    for (const item of batch as unknown[]) {
      if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
      const channel = item[0];
      const set = this.listeners.get(channel);
      if (!set) continue;
      for (const listener of [...set]) {
        try {
          listener(item[1]);
        } catch (error) {
          this.onListenerError(channel, error);
        }
      }
    }
  }
}
