// The worker entry electron-vite builds for the desktop app (out/main/ingest-worker.js), run
// under plain Node 22 (the Node inside Electron 45): it must load its externals from
// node_modules and record a demo session. Skipped, with the reason, before `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flowEvents } from '../../../shared/ipc/flows.ts';
import { FEW_SPY, startWorkerSession } from '../../app/worker-session.testkit.ts';

const bundle = fileURLToPath(new URL('../../../out/main/ingest-worker.js', import.meta.url));
const built = existsSync(bundle);
if (!built) console.log(`worker-bundle.test.ts: skipped, ${bundle} is not built yet (npm run build)`);

describe.skipIf(!built)('the bundled ingest worker', () => {
  it('records a demo session from out/main/ingest-worker.js', async () => {
    const session = await startWorkerSession(bundle, { kind: 'demo', seed: 4, intensity: 20, bookLevels: 5 });
    try {
      expect(session.started.sessionId).toBe('1');
      await session.ingest.call('setWatchlist', FEW_SPY);
      await session.next((p) => p.channel === flowEvents.batch.channel, 'a flow batch');
      expect((await session.ingest.call('stop')).frames).toBeGreaterThan(0);
    } finally {
      await session.close();
    }
  }, 60_000);
});
