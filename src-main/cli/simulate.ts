// `fathom simulate --port N [--seed S] [--intensity X] [--levels L]`: runs the Schwab simulator
// on the system clock until SIGINT/SIGTERM, for pointing a client (or curl) at it by hand.
import { startSimulator, type SimulatorOptions } from '../simulator/server/simulator.ts';
import { systemClock } from '../util/clock.ts';
import { defineCommand, parseCommand, UsageError } from './args.ts';
import type { CliIo } from './io.ts';

export interface SimulateFlags {
  port: number;
  seed: number;
  intensity: number;
  bookLevels: number;
}

type FlagParse = { ok: true; flags: SimulateFlags } | { ok: false; error: string };

export const simulateSpec = defineCommand({
  name: 'simulate',
  summary: 'run the Schwab-protocol simulator alone (OAuth, REST, streamer) on loopback',
  details: ['Prints its API base, streamer URL, app key and callback URL, for pointing a client at it;', 'runs until Ctrl-C.'],
  flags: {
    port: { type: 'string', value: 'N', description: 'the port to listen on, 0 to 65535 (default: 0, any free one)' },
    seed: { type: 'string', value: 'S', description: 'the seed of the simulated market, an integer (default: 1)' },
    intensity: { type: 'string', value: 'X', description: 'the market\'s activity, above 0 and at most 1000 (default: 1)' },
    levels: { type: 'string', value: 'L', description: 'book levels per side, 1 to 50 (default: 1: the touch split by venue, as Schwab sends it)' },
  },
  examples: ['npx fathom simulate --port 8123', 'npx fathom simulate --seed 7 --intensity 5 --levels 20'],
  once: true,
});

/** How each flag's value is checked, and which field it sets. */
const RULES: Record<keyof typeof simulateSpec.flags, { field: keyof SimulateFlags; check: (n: number) => boolean; rule: string }> = {
  port: {
    field: 'port',
    check: (n) => Number.isInteger(n) && n >= 0 && n <= 65_535,
    rule: 'an integer 0..65535',
  },
  seed: { field: 'seed', check: Number.isSafeInteger, rule: 'an integer' },
  intensity: {
    field: 'intensity',
    check: (n) => Number.isFinite(n) && n > 0 && n <= 1000,
    rule: 'a number above 0, at most 1000',
  },
  levels: {
    field: 'bookLevels',
    check: (n) => Number.isInteger(n) && n >= 1 && n <= 50,
    rule: 'an integer 1..50',
  },
};

/** Accepts `--flag value` and `--flag=value`; every flag at most once. */
export function parseSimulateFlags(args: readonly string[]): FlagParse {
  let values;
  try {
    values = parseCommand(simulateSpec, args);
  } catch (error) {
    if (error instanceof UsageError) return { ok: false, error: error.message };
    throw error;
  }
  const flags: SimulateFlags = { port: 0, seed: 1, intensity: 1, bookLevels: 1 };
  for (const [name, spec] of Object.entries(RULES)) {
    const text = values[name as keyof typeof RULES];
    if (text === undefined) continue;
    if (text === '') return { ok: false, error: `--${name} needs a value (${spec.rule})` };
    const value = Number(text);
    if (!spec.check(value)) return { ok: false, error: `--${name} must be ${spec.rule}, got "${text}"` };
    flags[spec.field] = value;
  }
  return { ok: true, flags };
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

/** `until` replaces the signal wait (tests); the default waits for SIGINT or SIGTERM. */
export async function simulateCommand(
  args: string[],
  io: CliIo,
  until: () => Promise<unknown> = untilSignal,
): Promise<number> {
  const parsed = parseSimulateFlags(args);
  if (!parsed.ok) {
    io.err(`fathom simulate: ${parsed.error}`);
    return 2;
  }
  const { port, seed, intensity, bookLevels } = parsed.flags;
  const options: SimulatorOptions = { clock: systemClock(), port, seed, intensity, bookLevels };
  let sim;
  try {
    sim = await startSimulator(options);
  } catch (error) {
    io.err(
      `fathom simulate: cannot start: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  io.out(
    `Schwab simulator (seed ${seed}, intensity ${intensity}, ${bookLevels} book levels) — Ctrl-C to stop`,
  );
  io.out(`  apiBase:  ${sim.apiBase}`);
  io.out(`  streamer: ${sim.wsUrl}`);
  io.out(`  app key:  ${sim.app.appKey}  callback: ${sim.app.callbackUrl}`);
  await until();
  await sim.stop();
  io.out('simulator stopped');
  return 0;
}
