// `fathom simulate --port N [--seed S] [--intensity X] [--levels L]`: runs the Schwab simulator
// on the system clock until SIGINT/SIGTERM, for pointing a client (or curl) at it by hand.
import { startSimulator, type SimulatorOptions } from '../simulator/server/simulator.ts';
import { systemClock } from '../util/clock.ts';
import type { CliIo } from './main.ts';

export interface SimulateFlags {
  port: number;
  seed: number;
  intensity: number;
  bookLevels: number;
}

type FlagParse = { ok: true; flags: SimulateFlags } | { ok: false; error: string };

const USAGE = 'usage: fathom simulate [--port N] [--seed S] [--intensity X] [--levels L]';

interface FlagSpec {
  name: keyof SimulateFlags;
  check: (n: number) => boolean;
  rule: string;
}

const FLAGS: Record<string, FlagSpec> = {
  '--port': {
    name: 'port',
    check: (n) => Number.isInteger(n) && n >= 0 && n <= 65_535,
    rule: 'an integer 0..65535',
  },
  '--seed': { name: 'seed', check: Number.isSafeInteger, rule: 'an integer' },
  '--intensity': {
    name: 'intensity',
    check: (n) => Number.isFinite(n) && n > 0 && n <= 1000,
    rule: 'a number above 0, at most 1000',
  },
  '--levels': {
    name: 'bookLevels',
    check: (n) => Number.isInteger(n) && n >= 1 && n <= 50,
    rule: 'an integer 1..50',
  },
};

/** Accepts `--flag value` and `--flag=value`; every flag at most once. */
export function parseSimulateFlags(args: readonly string[]): FlagParse {
  const flags: SimulateFlags = { port: 0, seed: 1, intensity: 1, bookLevels: 10 };
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const spec = FLAGS[name];
    if (!spec) return { ok: false, error: `unknown option "${arg}". ${USAGE}` };
    if (seen.has(name)) return { ok: false, error: `${name} given twice` };
    seen.add(name);
    const text = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (text === undefined || text === '')
      return { ok: false, error: `${name} needs a value (${spec.rule})` };
    const value = Number(text);
    if (!spec.check(value))
      return { ok: false, error: `${name} must be ${spec.rule}, got "${text}"` };
    flags[spec.name] = value;
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
