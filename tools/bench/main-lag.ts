// main.lag: event-loop delay p99 of the host's main thread while the ingest worker takes the
// max-intensity session at 5k messages/s, with a feed window attached (a WindowLink that counts
// the flows pushed to it, encoded as for a real window).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startAppScenario, untilFlowing } from './app-scenario.ts';
import { round, sig, sleep, type Figure } from './figure.ts';

const MESSAGES_PER_SECOND = 5000;
const WARM_MS = 3000;
const WINDOW_MS = 10_000;
/** monitorEventLoopDelay records the whole interval between its timer's runs: resolution + delay. */
const RESOLUTION_MS = 10;

export const mainLag: Figure = {
  name: 'main.lag',
  unit: 'ms',
  target: 10,
  async run(ctx) {
    const scenario = await startAppScenario(ctx.inputs, { messagesPerSecond: MESSAGES_PER_SECOND, web: false });
    try {
      await untilFlowing(scenario);
      await sleep(ctx.quick ? 500 : WARM_MS);
      await scenario.resetLag();
      const sent0 = await scenario.sent();
      // The same measure in this process, which only sleeps meanwhile: the machine's own noise.
      const idle = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      idle.enable();
      await sleep(ctx.quick ? 1000 : WINDOW_MS);
      idle.disable();
      const lag = await scenario.lag();
      const idleP99 = idle.percentile(99) / 1e6 - RESOLUTION_MS;
      const frames = (await scenario.sent()) - sent0;
      return {
        value: round(lag.p99 - RESOLUTION_MS, 2),
        notes:
          `delay beyond the timer: monitorEventLoopDelay (10 ms resolution, reported minus it) on the host's main thread over ${sig(lag.seconds)} s: AppCore + WorkerIngest ` +
          `(ingest-worker.ts: streamer, parse, engine, SQLite recording) signed in to the market child, which streams the recorded ` +
          `max-intensity session at ${sig(scenario.rate)}x (${sig((frames / lag.seconds) * scenario.itemsPerFrame)} messages/s, ` +
          `${sig(frames / lag.seconds)} frames/s, permessage-deflate); feed window received ${sig(lag.flows / lag.seconds)} flow rows/s in ` +
          `${sig(lag.pushes / lag.seconds)} pushes/s; p50 ${round(lag.p50 - RESOLUTION_MS, 2)} ms, max ${round(lag.max - RESOLUTION_MS, 1)} ms; ` +
          `an idle Node process (this one, asleep) measured ${round(idleP99, 2)} ms p99 in the same window: the machine's scheduling noise`,
      };
    } finally {
      await scenario.stop();
    }
  },
};
