// The whole app under load, for main.lag, the UI figures and mem.growth: the market child streams
// the recorded max-intensity session paced at `rate` times its recorded speed, and the host child
// (real AppCore, worker ingest, optionally the web host) receives it live over WebSocket with
// permessage-deflate, as from Schwab.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChild, startStreamChild, streamChildStats, writeDataFrames, type Child, type ChildOptions, type StreamChild } from './children.ts';
import { sleep } from './figure.ts';
import type { HostChildConfig, HostLag, HostMemory, HostMemoryDetail } from './host-child.ts';
import { SEED, type BenchInputs, type Frame } from './inputs.ts';

export interface AppScenario {
  stream: StreamChild;
  host: Child<{ url: string | null; pid: number; status: string }>;
  /** Messages (data items) and new flows per second the paced stream carries. */
  messagesPerSecond: number;
  flowsPerSecond: number;
  rate: number;
  dataFrames: number;
  /** Data items per data frame of the session, to turn frames/s into messages/s. */
  itemsPerFrame: number;
  lag(): Promise<HostLag>;
  resetLag(): Promise<void>;
  memory(): Promise<HostMemory>;
  /** Each V8 heap of the host and the kernel's split of its RSS. */
  memoryDetail(): Promise<HostMemoryDetail | null>;
  /** Writes heap snapshots of the host's main thread and ingest worker to `<prefix>-main|worker.heapsnapshot`. */
  snapshot(prefix: string): Promise<void>;
  /** Data frames the market child has sent so far. */
  sent(): Promise<number>;
  stop(): Promise<void>;
}

let nextScenario = 1;

/** What the market child streams: the recorded session unless told otherwise. */
export interface PacedSource {
  name: string;
  frames: readonly Frame[];
  items: number;
  spanMs: number;
  /** New flows in the recording (0 when unknown). */
  newFlows: number;
}

/** `rate` multiplies the recorded density; `messagesPerSecond` or `flowsPerSecond` pick it instead. */
export async function startAppScenario(
  inputs: BenchInputs,
  options: { rate?: number; messagesPerSecond?: number; flowsPerSecond?: number; web: boolean; source?: PacedSource; bookLevels?: number },
): Promise<AppScenario> {
  const session: PacedSource = options.source ?? { name: 'session', ...(await inputs.session()) };
  const span = session.spanMs / 1000;
  const baseMessages = session.items / span;
  const baseFlows = session.newFlows / span;
  const rate =
    options.rate ??
    (options.messagesPerSecond ? options.messagesPerSecond / baseMessages : options.flowsPerSecond ? options.flowsPerSecond / baseFlows : 1);
  const file = writeDataFrames(inputs.dir, `${session.name}.frames`, session.frames);
  const stream = await startStreamChild({ mode: 'paced', framesFile: file.path, rate, seed: SEED });
  const dataDir = join(inputs.dir, `host-${nextScenario++}`);
  mkdirSync(dataDir, { recursive: true });
  const config: HostChildConfig = {
    apiBase: stream.ready.apiBase,
    refreshToken: stream.ready.refreshToken,
    dataDir,
    web: options.web,
    ...(options.bookLevels ? { bookLevels: options.bookLevels } : {}),
  };
  let host: AppScenario['host'];
  try {
    host = await startChild('./host-child.ts', config, 'ready', hostChildOptions());
  } catch (error) {
    await stream.stop();
    throw error;
  }
  return {
    stream,
    host,
    rate,
    dataFrames: file.count,
    itemsPerFrame: session.items / Math.max(1, file.count),
    messagesPerSecond: baseMessages * rate,
    flowsPerSecond: baseFlows * rate,
    lag: () => host.ask<HostLag>('lag', 'lag'),
    resetLag: async () => {
      await host.ask('lag-start', 'lagStarted');
    },
    memory: () => host.ask<HostMemory>('memory', 'memory'),
    memoryDetail: () => host.ask<HostMemoryDetail | null>('memory-detail', 'memoryDetail'),
    snapshot: async (prefix) => {
      await host.ask({ snapshot: prefix }, 'snapshotted');
    },
    sent: async () => (await streamChildStats(stream)).sent,
    async stop() {
      await host.stop();
      await stream.stop();
    },
  };
}

/** What `npm start` gives the web host's process (src-main/hosts/start.mjs): V8 flags and environment. */
interface WebHostProcess {
  nodeFlags: string[];
  env: Record<string, string>;
}

/**
 * The host child runs with the web host's process settings (src-main/hosts/web-host-process.json),
 * so the figures are the product's. To try a setting on the host process alone:
 * FATHOM_BENCH_HOST_ENV (`NAME=value` pairs, space separated, added to its environment:
 * MALLOC_ARENA_MAX=8, say) and FATHOM_BENCH_HOST_FLAGS (Node or V8 flags after the product's:
 * --max-semi-space-size=16, say). FATHOM_BENCH_HOST_EXEC runs it through another program, which
 * is given Node's arguments and must exec this Node with them (heaptrack, say).
 */
function hostChildOptions(): ChildOptions {
  const product = JSON.parse(readFileSync(new URL('../../src-main/hosts/web-host-process.json', import.meta.url), 'utf8')) as WebHostProcess;
  const words = (value: string | undefined) => (value ?? '').split(/\s+/).filter((w) => w !== '');
  const env: NodeJS.ProcessEnv = { ...product.env, ...process.env };
  for (const pair of words(process.env.FATHOM_BENCH_HOST_ENV)) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`FATHOM_BENCH_HOST_ENV: expected NAME=value, got ${pair}`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const execPath = process.env.FATHOM_BENCH_HOST_EXEC;
  return { env, execArgv: [...product.nodeFlags, ...words(process.env.FATHOM_BENCH_HOST_FLAGS)], ...(execPath ? { execPath } : {}) };
}

/** Waits until the host's window has received flows, so measuring starts on a live pipeline. */
export async function untilFlowing(scenario: AppScenario, timeoutMs = 30_000): Promise<void> {
  const started = performance.now();
  await scenario.resetLag();
  while (performance.now() - started < timeoutMs) {
    await sleep(250);
    if ((await scenario.lag()).flows > 0) return;
  }
  throw new Error('the host received no flows');
}
