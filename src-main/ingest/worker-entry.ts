// The ingest worker's entry: the market runs here, off main's event loop. Main sends requests
// and token answers; the worker answers requests, asks main for access tokens (main owns the
// keychain) and posts the coalesced pushes for the windows.
import { parentPort } from 'node:worker_threads';
import type { MainToWorker, WorkerToMain } from '../ingest-protocol/messages.ts';
import { NeedsSignInError } from '../schwab/token-manager.ts';
import { systemClock } from '../util/clock.ts';
import { createLogger, registerSecret } from '../util/log.ts';
import { installProcessGuards } from '../util/process-guards.ts';
import { IngestHost } from './ingest-host.ts';
import { requestTable } from './request-table.ts';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts runs only as a worker thread');

const post = (message: WorkerToMain) => port.postMessage(message);
const logger = createLogger({ scope: 'worker' });
// A missed catch is logged and the market goes on; an uncaught exception ends the worker, and
// main's supervisor restarts it (src-main/app/ingest-client.ts).
installProcessGuards(logger);
const pendingTokens = new Map<number, { resolve: (token: string) => void; reject: (error: Error) => void }>();
let nextTokenRequest = 1;

const tokens = {
  getAccessToken(options: { force?: boolean } = {}): Promise<string> {
    const id = nextTokenRequest++;
    post({ type: 'token-request', id, force: options.force === true });
    return new Promise((resolve, reject) => pendingTokens.set(id, { resolve, reject }));
  },
};

const host = new IngestHost({ clock: systemClock(), logger, tokens, out: (pushes) => post({ type: 'pushes', pushes }) });
const handlers = requestTable(host) as Record<string, ((...args: unknown[]) => unknown) | undefined>;

port.on('message', (message: MainToWorker) => {
  if (message.type === 'ping') {
    post({ type: 'pong', id: message.id });
    return;
  }
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
  if (message.type !== 'req') return;
  const handler = Object.hasOwn(handlers, message.name) ? handlers[message.name] : undefined;
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
