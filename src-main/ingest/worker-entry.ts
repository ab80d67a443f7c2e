// The ingest worker's entry: the pipeline runs here, off main's event loop. Main sends requests
// and token answers; the worker answers requests, asks main for access tokens (main owns the
// keychain) and posts batches for the windows.
import { parentPort } from 'node:worker_threads';
import { systemClock } from '../util/clock.ts';
import { createLogger, registerSecret } from '../util/log.ts';
import { ReplayController } from '../replay/replay-controller.ts';
import { NeedsSignInError } from '../schwab/token-manager.ts';
import { IngestService } from './ingest-service.ts';
import { handlersFor } from './ingest-port.ts';
import type { IngestRequestName } from './ingest-types.ts';
import type { MainToWorker, WorkerToMain } from './worker-messages.ts';

const port = parentPort;
if (!port) throw new Error('ingest-worker.ts runs only as a worker thread');

const post = (message: WorkerToMain) => port.postMessage(message);
const clock = systemClock();
const logger = createLogger({ scope: 'worker' });
const pendingTokens = new Map<number, { resolve: (token: string) => void; reject: (error: Error) => void }>();
let nextTokenRequest = 1;

const liveTokens = {
  getAccessToken(options: { force?: boolean } = {}): Promise<string> {
    const id = nextTokenRequest++;
    post({ type: 'token-request', id, force: options.force === true });
    return new Promise((resolve, reject) => pendingTokens.set(id, { resolve, reject }));
  },
};

const service = new IngestService({ clock, logger, liveTokens, onBatch: (batch) => post({ type: 'batch', batch }) });
const replay = new ReplayController({ clock, logger, onBatch: (batch) => post({ type: 'batch', batch }), live: service });
const handlers = handlersFor(service, replay);

port.on('message', (message: MainToWorker) => {
  if (message.type === 'token-reply') {
    const pending = pendingTokens.get(message.id);
    pendingTokens.delete(message.id);
    if (!pending) return;
    if (message.token !== null) {
      registerSecret(message.token);
      pending.resolve(message.token);
    } else {
      const reason = message.error ?? 'no access token';
      pending.reject(message.needsSignIn ? new NeedsSignInError(reason) : new Error(reason));
    }
    return;
  }
  const name = message.name as IngestRequestName;
  const handler = handlers[name] as ((...args: unknown[]) => unknown) | undefined;
  if (!handler) {
    post({ type: 'res', id: message.id, ok: false, error: `unknown ingest request ${String(message.name)}` });
    return;
  }
  Promise.resolve()
    .then(() => handler(...message.args))
    .then(
      (value) => post({ type: 'res', id: message.id, ok: true, value }),
      (error: unknown) => post({ type: 'res', id: message.id, ok: false, error: (error as Error)?.message ?? String(error) }),
    );
});
