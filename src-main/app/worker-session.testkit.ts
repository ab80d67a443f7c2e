// A demo session recorded by a real ingest worker thread, from its source entry or its built
// bundle: started, narrowed to a few SPY contracts, watched until it pushes what is asked for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Push } from '../../shared/ipc/push.ts';
import type { IngestStarted, MarketSource } from '../ingest-protocol/requests.ts';
import type { AccessTokenSource } from '../schwab/token-manager.ts';
import { WorkerIngest } from './ingest-client.ts';

export interface WorkerSession {
  ingest: WorkerIngest;
  started: IngestStarted;
  /** Resolves with the first push that passes `match` (seen before or after the call). */
  next(match: (push: Push) => boolean, what: string, limitMs?: number): Promise<Push>;
  close(): Promise<void>;
}

export async function startWorkerSession(entry: URL | string, source: MarketSource, tokens?: AccessTokenSource): Promise<WorkerSession> {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-worker-'));
  const seen: Push[] = [];
  const waiting = new Set<() => void>();
  const ingest = new WorkerIngest({
    entry,
    ...(tokens ? { tokens } : {}),
    onPushes: (pushes) => {
      seen.push(...pushes);
      for (const wake of [...waiting]) wake();
    },
  });
  const started = await ingest.call('start', { dbPath: join(dir, 'worker.db'), source });
  return {
    ingest,
    started,
    next(match, what, limitMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = seen.find(match);
          if (!found) return;
          waiting.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`no ${what} within ${limitMs} ms`));
        }, limitMs);
        waiting.add(check);
        check();
      });
    },
    async close() {
      await ingest.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A small watchlist: the 4 SPY strikes around the money of the nearest expiry. */
export const FEW_SPY = { entries: [{ underlying: 'SPY', mode: 'around' as const, contracts: [], strikesAround: 2, expiries: 1 }] };
