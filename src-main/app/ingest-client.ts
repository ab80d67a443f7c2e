// Main's side of the ingest worker: starts it, forwards calls, answers its token requests from
// main's token source (the keychain never leaves main), and hands its pushes to the windows.
import { Worker } from 'node:worker_threads';
import type { Push } from '../../shared/ipc/push.ts';
import type { MainToWorker, WorkerToMain } from '../ingest-protocol/messages.ts';
import type { IngestPort } from '../ingest-protocol/port.ts';
import type { IngestRequestName, IngestRequests, IngestResult } from '../ingest-protocol/requests.ts';
import { NeedsSignInError, type AccessTokenSource } from '../schwab/token-manager.ts';
import { silentLogger, type Logger } from '../util/log.ts';

export interface WorkerIngestOptions {
  /** The worker's entry: ingest/worker-entry.ts under Node, the bundled file in Electron. */
  entry: URL | string;
  onPushes: (pushes: Push[]) => void;
  tokens?: AccessTokenSource;
  logger?: Logger;
  onExit?: (code: number) => void;
}

export class WorkerIngest implements IngestPort {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private readonly log: Logger;
  private exited = false;

  constructor(options: WorkerIngestOptions) {
    this.log = (options.logger ?? silentLogger).child('ingest');
    this.worker = new Worker(options.entry);
    this.worker.on('message', (message: WorkerToMain) => {
      if (message.type === 'pushes') options.onPushes(message.pushes);
      else if (message.type === 'res') this.settle(message);
      else void this.answerToken(message.id, message.force, options.tokens);
    });
    this.worker.on('error', (error) => this.log.error('ingest worker failed', { reason: error.message }));
    this.worker.on('exit', (code) => {
      this.exited = true;
      for (const [, p] of this.pending) p.reject(new Error(`the ingest worker exited (${code})`));
      this.pending.clear();
      options.onExit?.(code);
    });
  }

  call<N extends IngestRequestName>(name: N, ...args: Parameters<IngestRequests[N]>): Promise<IngestResult<N>> {
    if (this.exited) return Promise.reject(new Error('the ingest worker is not running'));
    const id = this.nextId++;
    return new Promise<IngestResult<N>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.post({ type: 'req', id, name, args });
    });
  }

  async close(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
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
    this.worker.postMessage(message);
  }
}
