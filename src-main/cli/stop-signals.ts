// The end of a command that runs until told: after N seconds, at SIGINT or SIGTERM (Ctrl-C), or
// as soon as something else is done. One pair of signal listeners stays for the whole wait and
// the waits after it: with Node 22, a SIGINT sent after its listeners were removed and added again
// often ended the process with the default action instead (7 runs in 10, in plain Node), which
// turned the second Ctrl-C that stops `fathom record`'s wait for webhooks into a kill.

export class StopSignals {
  private readonly waiters = new Set<() => void>();
  /** A signal came while nobody waited: the next wait ends at once. */
  private missed = false;
  private readonly onSignal = (): void => {
    if (this.waiters.size === 0) this.missed = true;
    for (const wake of [...this.waiters]) wake();
  };

  constructor() {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /** Resolves after N seconds (never without them), at the next SIGINT or SIGTERM, or when `sooner` resolves. */
  until(seconds: number | undefined, sooner?: Promise<void>): Promise<void> {
    if (this.missed) {
      this.missed = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = seconds === undefined ? undefined : setTimeout(done, seconds * 1000);
      this.waiters.add(done);
      void sooner?.then(done);
    });
  }

  /** Signals get Node's default action again (they end the process). */
  close(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    for (const wake of [...this.waiters]) wake();
  }
}
