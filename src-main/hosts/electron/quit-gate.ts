// A clean shutdown: the first quit request is held back while the app stops (the ingest worker
// flushes its batched writes and closes the store, window placements are saved), then the quit
// goes through. A stop that hangs does not keep the app alive forever. Electron-free: `app`
// is reduced to "prevent this quit" and "quit now".
import type { Clock } from '../../util/clock.ts';
import { silentLogger, type Logger } from '../../util/log.ts';

export interface QuitGateOptions {
  stop(): Promise<void>;
  /** Quits for real (Electron's app.quit(); before-quit fires again and passes). */
  quit(): void;
  clock: Clock;
  timeoutMs?: number;
  logger?: Logger;
}

export const STOP_TIMEOUT_MS = 10_000;

export type QuitState = 'running' | 'stopping' | 'stopped';

export class QuitGate {
  private state: QuitState = 'running';
  private readonly options: QuitGateOptions;
  private readonly log: Logger;

  constructor(options: QuitGateOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('quit');
  }

  get current(): QuitState {
    return this.state;
  }

  /** Call from `before-quit` with the event's preventDefault. */
  beforeQuit(prevent: () => void): void {
    if (this.state === 'stopped') return;
    prevent();
    if (this.state === 'stopping') return;
    this.state = 'stopping';
    void this.stopThenQuit();
  }

  private async stopThenQuit(): Promise<void> {
    const { clock } = this.options;
    const timeoutMs = this.options.timeoutMs ?? STOP_TIMEOUT_MS;
    let timer: ReturnType<Clock['setTimeout']> | null = null;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = clock.setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const outcome = await Promise.race([this.options.stop().then(() => 'stopped' as const), timedOut]);
      if (outcome === 'timeout') this.log.error('the app did not stop in time; quitting anyway', { timeoutMs });
    } catch (error) {
      this.log.error('the app did not stop cleanly', { reason: (error as Error)?.message });
    } finally {
      clock.clearTimeout(timer);
    }
    this.state = 'stopped';
    this.options.quit();
  }
}
