// `fathom serve [--port N] [--demo] [--db file]`: the whole app in a browser. Demo mode (the
// embedded simulator) when asked or when there are no Schwab credentials.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { composeApp } from '../app/compose.ts';
import { resolveDataDir, PROJECT_ROOT, RENDERER_DIR } from '../core/paths.ts';
import { startWebHost } from '../hosts/web/web-host.ts';
import { systemClock } from '../util/clock.ts';
import { createLogger } from '../util/log.ts';
import { numberFlag, parseFlags, UsageError } from './args.ts';
import type { CliIo } from './main.ts';

export async function serveCommand(args: string[], io: CliIo, until: Promise<void> = signalled()): Promise<number> {
  const flags = parseFlags(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    demo: { type: 'boolean' },
    db: { type: 'string' },
    seed: { type: 'string' },
    intensity: { type: 'string' },
    levels: { type: 'string' },
    'test-hooks': { type: 'boolean' },
  });
  const port = numberFlag(flags.port, 'port', { min: 0, max: 65_535, integer: true }) ?? 5199;
  const host = flags.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost') io.err(`fathom serve: binding to ${host}: anyone who can reach it and has the token can watch the feed`);
  const clock = systemClock();
  const logger = createLogger({ level: (process.env.FATHOM_LOG_LEVEL as 'debug' | undefined) ?? 'warn' });
  ensureRendererBuilt(io);

  const dataDir = flags.db ? dirname(flags.db) : resolveDataDir();
  if (flags.db && !existsSync(dataDir)) throw new UsageError(`the folder for --db does not exist: ${dataDir}`);
  const app = await composeApp({
    host: 'web',
    version: version(),
    clock,
    logger,
    env: process.env,
    dataDir,
    ...(flags.db ? { dbPath: flags.db } : {}),
    demo: flags.demo === true,
    demoSource: {
      seed: numberFlag(flags.seed, 'seed', { integer: true }) ?? 7,
      intensity: numberFlag(flags.intensity, 'intensity', { min: 0.01, max: 1000 }) ?? 1,
      bookLevels: numberFlag(flags.levels, 'levels', { min: 1, max: 50, integer: true }) ?? 10,
    },
    workerEntry: new URL('../app/ingest-worker.ts', import.meta.url),
  });
  const core = app.core;
  const live = core.source.kind === 'live';
  const testHooks = flags['test-hooks'] === true && !live;
  const web = await startWebHost({ core, rendererDir: RENDERER_DIR, exportsDir: join(dataDir, 'exports'), port, host, logger, testHooks });
  io.out(`Fathom (${live ? 'live' : 'demo'}) is at ${web.url}`);
  await until;
  await web.close();
  await app.stop();
  return 0;
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

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function version(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
