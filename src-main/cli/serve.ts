// `fathom serve [--port N] [--demo] [--db file]`: the whole app in a browser. Demo mode (the
// embedded simulator) when asked or when there are no Schwab credentials.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { composeApp, type ComposedApp } from '../app/compose.ts';
import { rememberDataDir, resolveDataDir, PROJECT_ROOT, RENDERER_DIR } from '../app/paths.ts';
import { webHostCapabilities } from '../hosts/web/web-capabilities.ts';
import { startWebHost, type WebHost } from '../hosts/web/web-host.ts';
import { systemClock } from '../util/clock.ts';
import { createLogger } from '../util/log.ts';
import { describeFailure } from '../util/process-guards.ts';
import { defineCommand, numberFlag, parseCommand, UsageError } from './args.ts';
import type { CliIo } from './io.ts';

export const serveSpec = defineCommand({
  name: 'serve',
  summary: 'run the whole app in a browser; prints its URL with a per-run token',
  details: [
    'Demo mode (the embedded simulator) when asked or when there are no Schwab credentials in the',
    'environment or the keychain. Runs until Ctrl-C.',
  ],
  flags: {
    port: { type: 'string', value: 'N', description: 'the port to listen on, 0 for any free one (default: 5199)' },
    host: { type: 'string', value: '<address>', description: 'the address to bind (default: 127.0.0.1); on another, anyone with the URL can watch' },
    demo: { type: 'boolean', description: 'use the embedded simulator even with Schwab credentials' },
    db: { type: 'string', value: '<file>', description: 'the SQLite database (default: fathom.db in the data folder)' },
    seed: { type: 'string', value: 'N', description: 'the simulator\'s seed in demo mode (default: 7)' },
    intensity: { type: 'string', value: 'X', description: 'the simulator\'s activity, 0.01 to 1000, in demo mode (default: 1)' },
    levels: { type: 'string', value: 'N', description: 'the simulator\'s book levels, 1 to 50, in demo mode (default: 1: the touch split by venue, as live)' },
    'test-hooks': {
      type: 'boolean',
      hidden: true,
      description: 'demo only: open the simulator\'s fault endpoint and print its address (end-to-end tests break the stream through it)',
    },
    'days-ago': {
      type: 'string',
      value: 'N',
      hidden: true,
      description: 'demo only: run the demo session N days in the past (end-to-end tests record a "yesterday" for the next day\'s open-interest check)',
    },
  },
  examples: ['npx fathom serve', 'npx fathom serve --demo --port 8080 --db demo.db'],
});

export async function serveCommand(args: string[], io: CliIo, until: Promise<void> = signalled()): Promise<number> {
  const flags = parseCommand(serveSpec, args);
  const port = numberFlag(flags.port, 'port', { min: 0, max: 65_535, integer: true }) ?? 5199;
  const host = flags.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost') io.err(`fathom serve: binding to ${host}: anyone who can reach it and has the token can watch the feed`);
  const clock = systemClock();
  const logger = createLogger({ level: (process.env.FATHOM_LOG_LEVEL as 'debug' | undefined) ?? 'warn' });
  ensureRendererBuilt(io);

  const dataDir = flags.db ? dirname(flags.db) : resolveDataDir();
  if (flags.db && !existsSync(dataDir)) throw new UsageError(`the folder for --db does not exist: ${dataDir}`);
  const exportsDir = join(dataDir, 'exports');
  let app: ComposedApp | null = null;
  let web: WebHost | null = null;
  try {
    app = await composeApp({
      host: {
        ...webHostCapabilities(exportsDir),
        // The data folder chosen in settings applies at the next start, unless --db pins one.
        ...(flags.db ? {} : { rememberDataDir: (folder: string | null) => rememberDataDir(folder) }),
      },
      version: version(),
      clock,
      logger,
      env: process.env,
      dbPath: flags.db ?? join(dataDir, 'fathom.db'),
      demo: flags.demo === true,
      demoSource: {
        seed: numberFlag(flags.seed, 'seed', { integer: true }) ?? 7,
        intensity: numberFlag(flags.intensity, 'intensity', { min: 0.01, max: 1000 }) ?? 1,
        bookLevels: numberFlag(flags.levels, 'levels', { min: 1, max: 50, integer: true }) ?? 1,
        ...(flags['test-hooks'] === true ? { faultEndpoint: true } : {}),
        ...(flags['days-ago'] !== undefined ? { daysAgo: numberFlag(flags['days-ago'], 'days-ago', { min: 0, max: 30, integer: true }) ?? 0 } : {}),
      },
      workerEntry: new URL('../ingest/worker-entry.ts', import.meta.url),
    });
    const core = app.core;
    const live = core.source.kind === 'live';
    web = await startWebHost({ core, rendererDir: RENDERER_DIR, exportsDir, port, host, logger });
    io.out(`Fathom (${live ? 'live' : 'demo'}) is at ${web.url}`);
    if (flags['test-hooks'] === true && core.simulatorUrl) io.out(`demo market (fault endpoint on) at ${core.simulatorUrl}`);
    await until;
    return 0;
  } finally {
    // Whatever started stops, also when starting failed half-way (a port in use): the worker
    // left running would keep the process alive with nothing listening.
    await web?.close().catch((error: unknown) => logger.warn('the web host did not close cleanly', { reason: describeFailure(error) }));
    await app?.stop().catch((error: unknown) => logger.warn('the app did not stop cleanly', { reason: describeFailure(error) }));
  }
}

function ensureRendererBuilt(io: CliIo): void {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  io.err('fathom serve: building the windows first (npm run build)…');
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error('the renderer build failed; run `npm run build` to see why');
}

/** How long a stop may take after the first Ctrl-C or SIGTERM before the process just exits. */
const STOP_DEADLINE_MS = 15_000;

/**
 * Resolves at the first SIGINT or SIGTERM, at any point of the start-up or after it; a second
 * one, or a stop that outlasts its deadline, ends the process at once. A signal is never
 * swallowed by a process that is still starting.
 */
function signalled(): Promise<void> {
  return new Promise((resolve) => {
    let received = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      received++;
      if (received > 1) process.exit(130);
      process.stderr.write(`fathom serve: ${signal}, stopping (again to quit at once)\n`);
      setTimeout(() => process.exit(1), STOP_DEADLINE_MS).unref();
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function version(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
