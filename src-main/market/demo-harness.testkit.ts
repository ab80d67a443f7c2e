// A deterministic market session for tests, the evaluation and benchmarks: the real simulator
// and the real client on loopback, both on one ManualClock. `run(ms)` moves time in small steps
// and waits until every frame the simulator sent has reached the client, so the session is the
// same on every run for a seed.
import { pickAroundTheMoney } from '../schwab/chain-picker.ts';
import { SchwabRest } from '../schwab/rest.ts';
import { SchwabStreamer } from '../schwab/streamer.ts';
import { AccessTokenManager } from '../schwab/token-manager.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/server/simulator.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { seededRandom } from '../util/random.ts';

export interface DemoHarness {
  clock: ManualClock;
  sim: Simulator;
  rest: SchwabRest;
  tokens: AccessTokenManager;
  streamer: SchwabStreamer;
  /** The demo refresh token the harness signed in with (for secret-leak checks). */
  refreshToken: string;
  /** Advances the clock by `ms` in steps of `stepMs`, delivering every frame after each step. */
  run(ms: number, stepMs?: number): Promise<void>;
  /** Resolves once the client has received every frame the simulator sent. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface DemoHarnessOptions extends Partial<Omit<SimulatorOptions, 'clock'>> {
  start?: number;
  logger?: Logger;
  perMessageDeflate?: boolean;
}

/** 2026-11-24 10:00 ET, a Tuesday: markets open, not an expiry Friday. */
export const DEMO_START = Date.UTC(2026, 10, 24, 15, 0, 0);

export async function startDemoHarness(options: DemoHarnessOptions = {}): Promise<DemoHarness> {
  const clock = new ManualClock(options.start ?? DEMO_START);
  const logger = options.logger ?? silentLogger;
  const sim = await startSimulator({ seed: 11, intensity: 1, bookLevels: 10, ...options, clock, logger });
  const rest = new SchwabRest({ apiBase: sim.apiBase });
  const refreshToken = sim.issueRefreshToken();
  const tokens = new AccessTokenManager({ rest, app: sim.app, clock, logger, store: { load: async () => refreshToken, rotated: async () => undefined } });
  const streamer = new SchwabStreamer({
    tokens,
    streamerInfo: (token) => rest.streamerInfo(token),
    clock,
    random: seededRandom(5),
    source: 'demo',
    logger,
    perMessageDeflate: options.perMessageDeflate ?? false,
  });

  const settle = async () => {
    // Wait on the event loop, not on time: each turn lets socket data in. Frames sent to a
    // socket that was cut never arrive, so stop once nothing has moved for a while.
    let last = -1;
    let idle = 0;
    for (let turns = 0; turns < 200_000 && idle < 200; turns++) {
      const client = streamer.stats();
      const server = sim.stats();
      const received = client.frames + server.framesReceived;
      if (client.frames >= server.framesSent && server.framesReceived >= client.framesSent) return;
      idle = received === last ? idle + 1 : 0;
      last = received;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  return {
    clock,
    sim,
    rest,
    tokens,
    streamer,
    refreshToken,
    settle,
    async run(ms, stepMs = 50) {
      const end = clock.now() + ms;
      while (clock.now() < end) {
        clock.advance(Math.min(stepMs, end - clock.now()));
        await settle();
      }
    },
    async stop() {
      await streamer.stop();
      await sim.stop();
    },
  };
}

/** Waits (on the event loop) until `condition` holds, e.g. a login finished on real sockets. */
export async function until(condition: () => boolean, what: string, turns = 200_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Option symbols around the money from the simulator's chain, as a user would pick them. */
export async function contractsAround(h: DemoHarness, underlying: string, strikes: number, expiries = 1): Promise<string[]> {
  const token = await h.tokens.getAccessToken();
  const chain = await h.rest.chains(token, underlying, { strikeCount: strikes });
  return pickAroundTheMoney(chain, { strikes, expiries });
}
