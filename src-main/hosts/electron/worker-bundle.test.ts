// The worker entry electron-vite builds for the desktop app (out/main/ingest-worker.js), run
// under plain Node 22 (the Node inside Electron 45): it must load its externals from
// node_modules and record a demo session. Skipped, with the reason, before `npm run build`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../../shared/domain/settings.ts';
import type { IngestBatch } from '../../app/ingest-types.ts';
import { WorkerIngest } from '../../app/worker-ingest.ts';

const bundle = fileURLToPath(new URL('../../../out/main/ingest-worker.js', import.meta.url));
const built = existsSync(bundle);
if (!built) console.log(`worker-bundle.test.ts: skipped, ${bundle} is not built yet (npm run build)`);

describe.skipIf(!built)('the bundled ingest worker', () => {
  it('records a demo session from out/main/ingest-worker.js', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fathom-bundle-'));
    const batches: IngestBatch[] = [];
    const ingest = new WorkerIngest({ entry: bundle, onBatch: (b) => batches.push(b) });
    try {
      const started = await ingest.call('start', {
        dbPath: join(dir, 'bundle.db'),
        source: { kind: 'demo', seed: 4, intensity: 20, bookLevels: 5 },
        settings: { ...DEFAULT_FLOW_SETTINGS },
        rolling: { ...DEFAULT_ROLLING_SETTINGS },
        alertRules: [],
        options: [],
        tickers: ['SPY'],
      });
      expect(started.sessionId).toBe(1);
      const chain = await ingest.call('chain', { underlying: 'SPY', strikeCount: 4, expiries: 1 });
      await ingest.call('setSymbols', { options: chain.contracts.map((c) => c.symbol), tickers: ['SPY'] });
      const deadline = Date.now() + 30_000;
      while (!batches.some((b) => b.flows.length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(batches.some((b) => b.flows.length > 0)).toBe(true);
      expect((await ingest.call('stop')).frames).toBeGreaterThan(0);
    } finally {
      await ingest.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
