// Runs one evaluation session in a worker thread (tools/eval/run-eval.ts runs them side by side).
import { parentPort, workerData } from 'node:worker_threads';
import { runSession, type SessionConfig } from './session.ts';

runSession(workerData as SessionConfig).then(
  (result) => parentPort?.postMessage({ ok: true, result }),
  (error: unknown) => parentPort?.postMessage({ ok: false, error: (error as Error).stack ?? String(error) }),
);
