// The whole app core in this thread on a ManualClock, on the demo simulator: what both hosts
// run, minus the worker thread, for integration tests.
import { AppCore, type AppCoreOptions } from '../app/app-core.ts';
import { handlersFor, InThreadIngest } from '../app/ingest-port.ts';
import { IngestService } from '../app/ingest-service.ts';
import { ReplayController } from '../replay/replay-controller.ts';
import { ManualClock } from '../util/clock.ts';
import { DEMO_START } from './demo-harness.ts';

export interface AppHarness {
  clock: ManualClock;
  core: AppCore;
  /** Moves the clock in small steps, letting sockets deliver between steps, until `done` holds. */
  runUntil(done: () => boolean, what: string, limitMs?: number, stepMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startAppHarness(
  options: { dataDir: string; seed?: number; intensity?: number; bookLevels?: number } & Partial<AppCoreOptions>,
): Promise<AppHarness> {
  const clock = new ManualClock(DEMO_START);
  const core = new AppCore({
    host: 'web',
    version: 'test',
    source: { kind: 'demo', seed: options.seed ?? 5, intensity: options.intensity ?? 3, bookLevels: options.bookLevels ?? 10 },
    ...options,
    clock,
    createIngest: (onBatch, tokens) => {
      const service = new IngestService({ clock, onBatch, ...(tokens ? { liveTokens: tokens } : {}) });
      const replay = new ReplayController({ clock, onBatch, live: service });
      return new InThreadIngest(handlersFor(service, replay));
    },
  });
  await core.start();
  return {
    clock,
    core,
    async runUntil(done, what, limitMs = 120_000, stepMs = 50) {
      const end = clock.now() + limitMs;
      while (!done()) {
        if (clock.now() >= end) throw new Error(`gave up waiting for ${what}`);
        clock.advance(stepMs);
        for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
    stop: () => core.stop(),
  };
}
