// Main's side of the ingest worker: starts it with memory limits, forwards calls, answers its
// token requests from main's token source (the keychain never leaves main), hands its pushes to
// the windows, and watches that it lives: an exit, an error or an event loop that stops
// answering pings is reported once, with why, so main can say so and start a new one.
import type { Readable } from 'node:stream';
import type { HeapInfo } from 'node:v8';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Push } from '../../shared/ipc/push.ts';
import type { MainToWorker, WorkerToMain } from '../ingest-protocol/messages.ts';
import type { IngestPort } from '../ingest-protocol/port.ts';
import type { IngestRequestName, IngestRequests, IngestResult } from '../ingest-protocol/requests.ts';
import { NeedsSignInError, type AccessTokenSource } from '../schwab/token-manager.ts';
import { systemClock, type Clock, type TimerHandle } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';

/**
 * The market worker's heap limits: a runaway dies, not main. They also set how much memory the
 * worker keeps beyond what it uses: V8 lets the old generation grow to its live size times a
 * factor whose ceiling depends on the limit (4 at 1 GB and up, or 2 GB without pointer
 * compression as in Node; about 1.3 at 128 MB; linear between). At the demo's highest load the
 * worker's live heap is about 70 MB after a full collection. After four minutes of mem.growth
 * (tools/bench/mem.ts) the worker's heap stood at 190 to 320 MB and the host at 430 to 480 MB RSS
 * with 2,048 MB and a 64 MB young generation; at 140 to 160 MB and 320 to 335 MB with these
 * limits. The young generation's 32 MB less costs more scavenges: the pipeline alone replaying a
 * 10-minute max-intensity session in a worker took about 2% more CPU. Halving it again to 16 MB
 * (V8 splits it between its two semi-spaces and the young large objects) took the worker's
 * committed heap from 129 to 133 MB to 115 and 116 MB at three minutes of mem.growth, with the
 * host's CPU over those minutes the same (46 s in both of a pair run one after the other).
 * 1,024 MB still leaves a replay's checkpoints their 512 MiB budget
 * (src-main/replay/checkpoint-size.ts) beside the live state. Electron's V8 compresses pointers,
 * so there the ceiling stays 4 (not measured here).
 */
export const WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 16 };

export interface WorkerLiveness {
  /** How often the worker is pinged. */
  everyMs: number;
  /** How long a ping may wait for its answer before the worker counts as hung. */
  timeoutMs: number;
  /** The first answer may take longer: the worker loads its modules and the market first. */
  startupTimeoutMs: number;
}

export const DEFAULT_LIVENESS: WorkerLiveness = { everyMs: 5_000, timeoutMs: 30_000, startupTimeoutMs: 120_000 };

export interface WorkerIngestOptions {
  /** The worker's entry: ingest/worker-entry.ts under Node, the bundled file in Electron. */
  entry: URL | string;
  onPushes: (pushes: Push[]) => void;
  tokens?: AccessTokenSource;
  logger?: Logger;
  clock?: Clock;
  liveness?: WorkerLiveness;
  resourceLimits?: ResourceLimits;
  /** The worker ended without being closed: it exited, failed or hung (then it is terminated). */
  onExit?: (why: string) => void;
}

export class WorkerIngest implements IngestPort {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly liveness: WorkerLiveness;
  private nextId = 1;
  private exited = false;
  private closing = false;
  private failure: string | null = null;
  private pingTimer: TimerHandle | null = null;
  private pingSentAt: number | null = null;
  private pingId = 0;
  private answered = false;

  constructor(options: WorkerIngestOptions) {
    this.log = (options.logger ?? silentLogger).child('ingest');
    this.clock = options.clock ?? systemClock();
    this.liveness = options.liveness ?? DEFAULT_LIVENESS;
    this.worker = new Worker(options.entry, { resourceLimits: options.resourceLimits ?? WORKER_LIMITS });
    this.worker.on('message', (message: WorkerToMain) => {
      if (message.type === 'pushes') options.onPushes(message.pushes);
      else if (message.type === 'res') this.settle(message);
      else if (message.type === 'pong') {
        if (message.id === this.pingId) {
          this.pingSentAt = null;
          this.answered = true;
        }
      } else void this.answerToken(message.id, message.force, options.tokens);
    });
    this.worker.on('error', (error) => {
      this.failure = error.message;
      this.log.error('the ingest worker failed', { reason: error.message });
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.clock.clearTimeout(this.pingTimer);
      const why = this.failure ? `it failed: ${this.failure}` : `it exited with code ${code}`;
      for (const [, p] of this.pending) p.reject(new Error(`the market worker stopped (${why})`));
      this.pending.clear();
      if (!this.closing) options.onExit?.(why);
    });
    this.schedulePing();
  }

  call<N extends IngestRequestName>(name: N, ...args: Parameters<IngestRequests[N]>): Promise<IngestResult<N>> {
    if (this.exited) return Promise.reject(new Error('the market worker is not running'));
    const id = this.nextId++;
    return new Promise<IngestResult<N>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ type: 'req', id, name, args });
    });
  }

  /** The worker's V8 heap (its own isolate: not in main's `v8.getHeapStatistics()`), for the memory figures. */
  heapStatistics(): Promise<HeapInfo> {
    return this.worker.getHeapStatistics();
  }

  /** A heap snapshot of the worker's isolate (the memory figures' breakdown). */
  heapSnapshot(): Promise<Readable> {
    return this.worker.getHeapSnapshot();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.clock.clearTimeout(this.pingTimer);
    if (!this.exited) await this.worker.terminate();
  }

  /** A ping unanswered past its deadline means the worker's event loop is stuck: end it. */
  private schedulePing(): void {
    this.pingTimer = this.clock.setTimeout(() => {
      if (this.exited || this.closing) return;
      const now = this.clock.now();
      const deadline = this.answered ? this.liveness.timeoutMs : this.liveness.startupTimeoutMs;
      if (this.pingSentAt !== null && now - this.pingSentAt >= deadline) {
        this.failure = `it stopped answering for ${Math.round((now - this.pingSentAt) / 1000)} s`;
        this.log.error('the ingest worker hangs; ending it', { silentMs: now - this.pingSentAt });
        void this.worker.terminate();
        return;
      }
      if (this.pingSentAt === null) {
        this.pingSentAt = now;
        this.post({ type: 'ping', id: ++this.pingId });
      }
      this.schedulePing();
    }, this.liveness.everyMs);
  }

  private settle(message: Extract<WorkerToMain, { type: 'res' }>): void {
    const pending = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (!pending) return;
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new Error(message.error));
  }

  private async answerToken(id: number, force: boolean, tokens: AccessTokenSource | undefined): Promise<void> {
    if (!tokens) {
      this.post({ type: 'token-reply', id, token: null, error: 'no Schwab credentials in this app', needsSignIn: true });
      return;
    }
    try {
      this.post({ type: 'token-reply', id, token: await tokens.getAccessToken({ force }) });
    } catch (error) {
      this.post({ type: 'token-reply', id, token: null, error: (error as Error).message, needsSignIn: error instanceof NeedsSignInError });
    }
  }

  private post(message: MainToWorker): void {
    if (this.exited) return;
    this.worker.postMessage(message);
  }
}
