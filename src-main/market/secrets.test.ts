import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { openDatabase } from '../store/database.ts';
import { contractsAround, startDemoHarness, until } from './demo-harness.testkit.ts';
import { memoryLogger } from '../util/memory-logger.testkit.ts';
import { Recording } from './recording.ts';
import { SymbolSubscriptions } from './symbol-subscriptions.ts';

describe('secrets', () => {
  it('never reach the database or the logs, through reconnects and refreshes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fathom-secrets-'));
    const path = join(dir, 's.db');
    const { logger, lines } = memoryLogger('debug');
    const h = await startDemoHarness({ logger, intensity: 3 });
    const db = openDatabase(path);
    try {
      const options = await contractsAround(h, 'SPY', 2);
      const recording = new Recording({ db, streamer: h.streamer, source: 'demo', clock: h.clock, settings: DEFAULT_FLOW_SETTINGS, rolling: DEFAULT_ROLLING_SETTINGS, symbols: options, logger });
      new SymbolSubscriptions(h.streamer).set(options, ['SPY']);
      recording.start();
      await until(() => h.streamer.status().state === 'live', 'live');
      await h.run(20_000, 100);
      const firstToken = await h.tokens.getAccessToken();
      h.sim.faults.cutSockets();
      await h.run(40 * 60_000, 2_000); // past the 30-minute access token: a refresh and a reconnect
      const secondToken = await h.tokens.getAccessToken();
      await recording.stop();
      expect(secondToken).not.toBe(firstToken);
      db.close();
      const files = [path, `${path}-wal`, `${path}-shm`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
      const haystacks = [...files, lines.join('\n')];
      expect(lines.length).toBeGreaterThan(5);
      for (const secret of [firstToken, secondToken, h.refreshToken, h.sim.app.appSecret]) {
        for (const text of haystacks) expect(text.includes(secret)).toBe(false);
      }
    } finally {
      await h.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
