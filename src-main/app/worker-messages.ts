// Messages between main and the ingest worker.
import type { IngestBatch } from './ingest-types.ts';

export type MainToWorker =
  | { type: 'req'; id: number; name: string; args: unknown[] }
  | { type: 'token-reply'; id: number; token: string | null; error?: string; needsSignIn?: boolean };

export type WorkerToMain =
  | { type: 'res'; id: number; ok: true; value: unknown }
  | { type: 'res'; id: number; ok: false; error: string }
  | { type: 'batch'; batch: IngestBatch }
  | { type: 'token-request'; id: number; force: boolean };
