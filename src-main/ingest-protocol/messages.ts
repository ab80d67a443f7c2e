// The messages on the wire between main and the ingest worker (worker_threads postMessage).
import type { Push } from '../../shared/ipc/push.ts';

export type MainToWorker =
  | { type: 'req'; id: number; name: string; args: unknown[] }
  /** Is the worker's event loop turning? Answered at once, outside the request table. */
  | { type: 'ping'; id: number }
  | { type: 'token-reply'; id: number; token: string | null; error?: string; needsSignIn?: boolean };

export type WorkerToMain =
  | { type: 'res'; id: number; ok: true; value: unknown }
  | { type: 'res'; id: number; ok: false; error: string }
  /** Everything the windows should see since the last flush, coalesced (one stage, here). */
  | { type: 'pushes'; pushes: Push[] }
  | { type: 'token-request'; id: number; force: boolean }
  | { type: 'pong'; id: number };
