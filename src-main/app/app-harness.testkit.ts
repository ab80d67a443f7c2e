// The whole app core in this thread on a ManualClock, on the demo simulator: what both hosts
// run, with the ingest worker's host called in-thread instead of over postMessage, for
// integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Push } from '../../shared/ipc/push.ts';
import { IngestHost } from '../ingest/ingest-host.ts';
import { requestTable } from '../ingest/request-table.ts';
import { openDatabase } from '../store/database.ts';
import { recordHistory, type SimulatedHistory } from '../store/history.testkit.ts';
import type { IngestHandlers, IngestPort } from '../ingest-protocol/port.ts';
import type { IngestRequestName, IngestRequests, IngestResult } from '../ingest-protocol/requests.ts';
import { DEMO_START } from '../market/demo-harness.testkit.ts';
import type { AccessTokenSource } from '../schwab/token-manager.ts';
import { type Clock } from '../util/clock.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { webHostCapabilities } from '../hosts/web/web-capabilities.ts';
import { AppCore, type AppCoreOptions } from './app-core.ts';

/** The ingest worker's requests answered in this thread (same host, same request table). */
export class InThreadIngest implements IngestPort {
  /** Every request main made, in order (what a test can check main asked of the worker). */
  readonly calls: { name: IngestRequestName; args: unknown[] }[] = [];
  private readonly handlers: IngestHandlers;

  constructor(options: { clock: Clock; onPushes: (pushes: Push[]) => void; tokens?: AccessTokenSource }) {
    const host = new IngestHost({
      clock: options.clock,
      out: (pushes) => options.onPushes(structuredClone(pushes)),
      ...(options.tokens ? { tokens: options.tokens } : {}),
    });
    this.handlers = requestTable(host);
  }

  async call<N extends IngestRequestName>(name: N, ...args: Parameters<IngestRequests[N]>): Promise<IngestResult<N>> {
    this.calls.push({ name, args: structuredClone(args) });
    const handler = this.handlers[name] as (...a: Parameters<IngestRequests[N]>) => IngestResult<N> | Promise<IngestResult<N>>;
    // Structured clone, as postMessage does: nothing shared by reference across the boundary.
    return structuredClone(await handler(...(structuredClone(args) as Parameters<IngestRequests[N]>)));
  }

  async close(): Promise<void> {}
}

export interface AppHarness {
  clock: ManualClock;
  core: AppCore;
  /** The requests main made of the (in-thread) worker, across source switches. */
  ingestCalls(name: IngestRequestName): unknown[][];
  /** Moves the clock in small steps, letting sockets deliver between steps, until `done` holds. */
  runUntil(done: () => boolean, what: string, limitMs?: number, stepMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface AppHarnessOptions extends Partial<Omit<AppCoreOptions, 'clock' | 'createIngest' | 'source'>> {
  dataDir: string;
  seed?: number;
  intensity?: number;
  bookLevels?: number;
  /** The clock's start (the demo's default trading time). */
  start?: number;
}

export async function startAppHarness(options: AppHarnessOptions): Promise<AppHarness> {
  const clock = new ManualClock(options.start ?? DEMO_START);
  const ports: InThreadIngest[] = [];
  const { dataDir, seed, intensity, bookLevels, start: _start, ...rest } = options;
  const core = new AppCore({
    version: 'test',
    dbPath: join(dataDir, 'fathom.db'),
    host: webHostCapabilities(join(dataDir, 'exports')),
    ...rest,
    source: { kind: 'demo', seed: seed ?? 5, intensity: intensity ?? 3, bookLevels: bookLevels ?? 10 },
    clock,
    createIngest: (onPushes, tokens) => {
      const port = new InThreadIngest({ clock, onPushes, ...(tokens ? { tokens } : {}) });
      ports.push(port);
      return port;
    },
  });
  await core.start();
  return {
    clock,
    core,
    ingestCalls: (name) => ports.flatMap((port) => port.calls.filter((c) => c.name === name).map((c) => c.args)),
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

export interface AppOnHistory {
  /** The data directory; its database is `fathom.db`. */
  dir: string;
  dbPath: string;
  app: AppHarness;
  history: SimulatedHistory;
  /** Stops the app and deletes the directory. */
  stop(): Promise<void>;
}

/**
 * The app core (demo at intensity 1) on a fresh data directory whose database already holds
 * `history`'s recorded sessions: what a test of the app's reads of stored flows starts from.
 */
export async function startAppOnHistory(name: string, history: Parameters<typeof recordHistory>[1]): Promise<AppOnHistory> {
  const dir = mkdtempSync(join(tmpdir(), `fathom-${name}-`));
  const dbPath = join(dir, 'fathom.db');
  const db = openDatabase(dbPath);
  let recorded: SimulatedHistory;
  try {
    recorded = recordHistory(db, history);
  } finally {
    db.close();
  }
  const app = await startAppHarness({ dataDir: dir, intensity: 1 });
  return {
    dir,
    dbPath,
    app,
    history: recorded,
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
