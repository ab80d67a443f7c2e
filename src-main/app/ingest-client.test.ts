// The ingest worker in its own thread, through main's client: it records a demo session and
// pushes what the windows need; live tokens are asked of main, which owns the keychain.
import { describe, expect, it } from 'vitest';
import { flowEvents } from '../../shared/ipc/flows.ts';
import { marketEvents } from '../../shared/ipc/market-data.ts';
import { payloadIf } from '../../shared/ipc/push.ts';
import { NeedsSignInError } from '../schwab/token-manager.ts';
import { FEW_SPY, startWorkerSession } from './worker-session.testkit.ts';

const entry = new URL('../ingest/worker-entry.ts', import.meta.url);

describe('the ingest worker thread', () => {
  it('records a demo session off the main thread and pushes to main', async () => {
    const session = await startWorkerSession(entry, { kind: 'demo', seed: 3, intensity: 20, bookLevels: 5 });
    try {
      expect(session.started.sessionId).toBe('1');
      expect(await session.ingest.call('setWatchlist', FEW_SPY)).toEqual(FEW_SPY);
      const live = await session.next((p) => payloadIf(p, marketEvents.status)?.state === 'live', 'live status');
      expect(payloadIf(live, marketEvents.status)?.source).toBe('demo');
      await session.next((p) => p.channel === flowEvents.batch.channel, 'a flow batch');
      const summary = await session.ingest.call('stop');
      expect(summary.sessionId).toBe('1');
      expect(summary.frames).toBeGreaterThan(0);
    } finally {
      await session.close();
    }
  }, 60_000);

  it('asks main for live tokens and says why it stopped when main has none', async () => {
    const tokens = { getAccessToken: async () => Promise.reject(new NeedsSignInError('sign in to Schwab')) };
    const session = await startWorkerSession(entry, { kind: 'live', apiBase: 'http://127.0.0.1:9' }, tokens);
    try {
      const error = await session.next((p) => payloadIf(p, marketEvents.status)?.state === 'error', 'an error status');
      expect(error.payload).toMatchObject({ state: 'error', source: 'live', reason: expect.stringMatching(/sign in/) });
      await session.ingest.call('stop');
    } finally {
      await session.close();
    }
  }, 60_000);
});
