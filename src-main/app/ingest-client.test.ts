import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLLING_SETTINGS, DEFAULT_FLOW_SETTINGS } from '../../shared/domain/settings.ts';
import { NeedsSignInError } from '../schwab/token-manager.ts';
import type { IngestBatch } from './ingest-types.ts';
import { WorkerIngest } from './worker-ingest.ts';

const entry = new URL('./ingest-worker.ts', import.meta.url);

function waitFor<T>(check: () => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > 20_000) return reject(new Error(`no ${what}`));
      setImmediate(poll);
    };
    poll();
  });
}

describe('the ingest pipeline in its worker thread', () => {
  it('records a demo session off the main thread and pushes batches to main', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fathom-worker-'));
    const batches: IngestBatch[] = [];
    const ingest = new WorkerIngest({ entry, onBatch: (b) => batches.push(b) });
    try {
      const started = await ingest.call('start', {
        dbPath: join(dir, 'w.db'),
        source: { kind: 'demo', seed: 3, intensity: 20, bookLevels: 5 },
        settings: { ...DEFAULT_FLOW_SETTINGS },
        rolling: { ...DEFAULT_ROLLING_SETTINGS },
        alertRules: [],
        options: [],
        tickers: ['SPY'],
      });
      expect(started.sessionId).toBe(1);
      const chain = await ingest.call('chain', { underlying: 'SPY', strikeCount: 4, expiries: 1 });
      await ingest.call('setSymbols', { options: chain.contracts.map((c) => c.symbol), tickers: ['SPY'] });
      const live = await waitFor(() => batches.find((b) => b.status?.state === 'live'), 'live status');
      expect(live.status?.source).toBe('demo');
      await waitFor(() => (batches.some((b) => b.flows.length > 0) ? true : undefined), 'a flow');
      const summary = await ingest.call('stop');
      expect(summary.sessionId).toBe(1);
      expect(summary.frames).toBeGreaterThan(0);
    } finally {
      await ingest.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('asks main for live tokens and stops cleanly when main has none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fathom-worker-'));
    const batches: IngestBatch[] = [];
    const tokens = { getAccessToken: async () => Promise.reject(new NeedsSignInError('sign in to Schwab')) };
    const ingest = new WorkerIngest({ entry, onBatch: (b) => batches.push(b), tokens });
    try {
      await ingest.call('start', {
        dbPath: join(dir, 'w.db'),
        source: { kind: 'live', apiBase: 'http://127.0.0.1:9' },
        settings: { ...DEFAULT_FLOW_SETTINGS },
        rolling: { ...DEFAULT_ROLLING_SETTINGS },
        alertRules: [],
        options: [],
        tickers: ['SPY'],
      });
      const error = await waitFor(() => batches.find((b) => b.status?.state === 'error'), 'error status');
      expect(error.status).toMatchObject({ state: 'error', source: 'live', reason: expect.stringMatching(/sign in/) });
      await ingest.call('stop');
    } finally {
      await ingest.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
