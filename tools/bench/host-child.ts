// The app host under test, as its own process (fork): the real AppCore with the real ingest
// worker (src-main/ingest/worker-entry.ts in a worker_threads worker), signed in to the market child's REST and
// streamer as a live Schwab session would be. With `web` it also serves the real web host for
// Chromium; without, a feed WindowLink that only counts stands in for the window. It measures
// its own main thread's event-loop delay and reports its RSS (main and worker: one process).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { defaultAppSettings } from '../../shared/domain/app-settings.ts';
import { flowEvents, type FlowBatchWire } from '../../shared/ipc/flows.ts';
import { api } from '../../shared/ipc/index.ts';
import { AppCore } from '../../src-main/app/app-core.ts';
import { WorkerIngest } from '../../src-main/app/ingest-client.ts';
import { RENDERER_DIR } from '../../src-main/app/paths.ts';
import { webHostCapabilities } from '../../src-main/hosts/web/web-capabilities.ts';
import { startWebHost } from '../../src-main/hosts/web/web-host.ts';
import { SchwabRest } from '../../src-main/schwab/rest.ts';
import { saveSettings } from '../../src-main/store/app-state.ts';
import { openDatabase } from '../../src-main/store/database.ts';
import { AccessTokenManager } from '../../src-main/schwab/token-manager.ts';
import { DEMO_APP } from '../../src-main/simulator/server/simulator.ts';
import { systemClock } from '../../src-main/util/clock.ts';
import { createLogger } from '../../src-main/util/log.ts';
import { configFromParent } from './child-config.ts';

export interface HostChildConfig {
  apiBase: string;
  refreshToken: string;
  dataDir: string;
  web: boolean;
  /** Levels a book window shows (settings.book.levels), written before the app starts. */
  bookLevels?: number;
}

export interface HostLag {
  p50: number;
  p99: number;
  max: number;
  mean: number;
  samples: number;
  /** Flow rows the counting window received, and push batches. */
  flows: number;
  pushes: number;
  seconds: number;
}

export interface HostMemory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** Where the host's RSS is (FATHOM_BENCH_MEM_DETAIL=1): each V8 heap, Buffers, and the kernel's split of RSS. */
export interface HostMemoryDetail {
  rss: number;
  /** /proc/self/status: anonymous pages (heaps, malloc, stacks) and file pages (the binary, libraries). */
  rssAnon: number;
  rssFile: number;
  /**
   * /proc/self/smaps: resident anonymous memory in V8's pages (mappings of exactly 256 KiB at
   * 256 KiB-aligned addresses, and executable ones). V8's committed figures leave out the free
   * parts of its pages after a full collection that did not reduce memory, which stay resident:
   * this is what RSS holds of them.
   */
  v8Pages: number;
  main: { committed: number; used: number; external: number; arrayBuffers: number; newSpace: number };
  worker: { committed: number; used: number; external: number } | null;
  /** CPU seconds of the whole process (main, the worker, V8's and libuv's threads) since it started. */
  cpuSeconds: number;
}

const send = (message: object) => process.send?.(message);

async function main(config: HostChildConfig): Promise<void> {
  const clock = systemClock();
  if (config.bookLevels) {
    const db = openDatabase(join(config.dataDir, 'fathom.db'));
    const settings = defaultAppSettings();
    saveSettings(db, { ...settings, book: { ...settings.book, levels: config.bookLevels } }, clock.now());
    db.close();
  }
  const logger = createLogger({ level: 'error' });
  const rest = new SchwabRest({ apiBase: config.apiBase });
  const tokens = new AccessTokenManager({
    rest,
    app: DEMO_APP,
    clock,
    logger,
    store: { load: async () => config.refreshToken, rotated: async () => undefined },
  });
  let ingest: WorkerIngest | null = null;
  const core = new AppCore({
    dbPath: join(config.dataDir, 'fathom.db'),
    clock,
    logger,
    host: webHostCapabilities(join(config.dataDir, 'exports')),
    version: 'bench',
    source: { kind: 'live', apiBase: config.apiBase },
    tokens,
    createIngest: (onPushes, liveTokens) => {
      ingest = new WorkerIngest({ entry: new URL('../../src-main/ingest/worker-entry.ts', import.meta.url), onPushes, logger, ...(liveTokens ? { tokens: liveTokens } : {}) });
      return ingest;
    },
  });
  await core.start();
  let flows = 0;
  let pushes = 0;
  let url: string | null = null;
  let stopWeb = async (): Promise<void> => undefined;
  if (config.web) {
    const web = await startWebHost({ core, rendererDir: RENDERER_DIR, exportsDir: join(config.dataDir, 'exports'), port: 0, logger });
    url = web.url;
    stopWeb = () => web.close();
  } else {
    core.attachWindow({
      id: 'bench-feed',
      kind: 'feed',
      symbol: null,
      send(events) {
        pushes++;
        for (const [channel, payload] of events) {
          if (channel !== flowEvents.batch.channel) continue;
          const wire = payload as FlowBatchWire;
          flows += wire.format === 'rows' ? wire.rows.length : wire.n;
        }
      },
    });
    await core.dispatch('bench-feed', api.flows.subscribe.channel, { backlog: 0 });
  }

  let histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  let since = performance.now();
  histogram.enable();
  process.on('message', (message: unknown) => {
    if (message === 'lag-start') {
      histogram.disable();
      histogram = monitorEventLoopDelay({ resolution: 10 });
      histogram.enable();
      flows = 0;
      pushes = 0;
      since = performance.now();
      send({ lagStarted: true });
    } else if (message === 'lag') {
      const ms = (ns: number) => ns / 1e6;
      const lag: HostLag = {
        p50: ms(histogram.percentile(50)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
        mean: ms(histogram.mean),
        samples: histogram.count,
        flows,
        pushes,
        seconds: (performance.now() - since) / 1000,
      };
      send({ lag });
    } else if (message === 'memory') {
      const m = process.memoryUsage();
      send({ memory: { rss: m.rss, heapUsed: m.heapUsed, external: m.external } satisfies HostMemory });
    } else if (message === 'memory-detail') {
      void memoryDetail(ingest)
        .catch((error: unknown) => (console.error(`memory detail not read: ${String(error)}`), null))
        .then((detail) => send({ memoryDetail: detail }));
    } else if (typeof message === 'object' && message !== null && 'snapshot' in message) {
      // A snapshot that cannot be written is said on stderr; the bench goes on either way.
      void heapSnapshots(ingest, String((message as { snapshot: unknown }).snapshot))
        .catch((error: unknown) => console.error(`heap snapshot not written: ${String(error)}`))
        .then(() => send({ snapshotted: true }));
    }
  });
  const stop = async () => {
    await stopWeb();
    await core.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  send({ ready: { url, pid: process.pid, status: core.status().state } });
}

async function memoryDetail(ingest: WorkerIngest | null): Promise<HostMemoryDetail> {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  const heap = getHeapStatistics();
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
  const worker = ingest ? await ingest.heapStatistics().catch(() => null) : null;
  return {
    rss: m.rss,
    rssAnon: kb('RssAnon'),
    rssFile: kb('RssFile'),
    v8Pages: v8PageBytes(readFileSync('/proc/self/smaps', 'utf8')),
    main: { committed: heap.total_physical_size, used: heap.used_heap_size, external: heap.external_memory, arrayBuffers: m.arrayBuffers, newSpace },
    worker: worker ? { committed: worker.total_physical_size, used: worker.used_heap_size, external: worker.external_memory } : null,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

const V8_PAGE = 256 * 1024;

/** Resident bytes of V8's page mappings in an smaps text (see HostMemoryDetail). */
function v8PageBytes(smaps: string): number {
  let bytes = 0;
  let inPage = false;
  for (const line of smaps.split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (mapping) {
      const start = Number.parseInt(mapping[1] ?? '0', 16);
      const size = Number.parseInt(mapping[2] ?? '0', 16) - start;
      inPage = mapping[4] === '' && ((size === V8_PAGE && start % V8_PAGE === 0) || (mapping[3] ?? '').includes('x'));
    } else if (inPage && line.startsWith('Rss:')) bytes += Number(/(\d+) kB/.exec(line)?.[1] ?? 0) * 1024;
  }
  return bytes;
}

/** Heap snapshots of main (`<prefix>-main.heapsnapshot`) and of the ingest worker (`-worker`). */
async function heapSnapshots(ingest: WorkerIngest | null, prefix: string): Promise<void> {
  writeHeapSnapshot(`${prefix}-main.heapsnapshot`);
  if (ingest) await pipeline(await ingest.heapSnapshot(), createWriteStream(`${prefix}-worker.heapsnapshot`));
}

configFromParent<HostChildConfig>()
  .then(main)
  .catch((error: unknown) => {
    process.stderr.write(`host child failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  });
