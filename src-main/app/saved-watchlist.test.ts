// A watchlist the contract accepts is one the streamer can subscribe, and a saved entry that is
// no longer valid (an older version accepted 11- and 12-character tickers, which the streamer
// refuses) never stops the app: it is dropped, said in the window, and the rest is kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, events } from '../../shared/ipc/index.ts';
import type { Notice } from '../../shared/ipc/market-data.ts';
import type { WireEvent } from '../../shared/ipc/push.ts';
import { validateRequest } from '../../shared/ipc/validate.ts';
import { loadWatchlist } from '../store/app-state.ts';
import { openDatabase } from '../store/database.ts';
import { startAppHarness } from './app-harness.testkit.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-watchlist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry = (underlying: string, contracts: string[] = []) => ({
  underlying,
  mode: contracts.length > 0 ? 'contracts' : 'around',
  contracts,
  strikesAround: 2,
  expiries: 1,
});

describe('watchlist symbols', () => {
  it('refuses at the contract a ticker the streamer could not subscribe', () => {
    const eleven = validateRequest(api.marketData.setWatchlist.channel, { entries: [entry('ABCDEFGHIJK')] }, 'feed');
    expect(eleven).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/longer than a ticker/) } });
    const contract = validateRequest(api.marketData.setWatchlist.channel, { entries: [entry('SPY', ['NOT A CONTRACT AT ALL'])] }, 'feed');
    expect(contract).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    // Any accepted form of a contract travels on in Schwab's form.
    const compact = validateRequest(api.marketData.setWatchlist.channel, { entries: [entry('spy', ['SPY261218C00600000'])] }, 'feed');
    expect(compact).toMatchObject({ ok: true, value: { entries: [{ underlying: 'SPY', contracts: ['SPY   261218C00600000'] }] } });
  });

  it('starts on a saved watchlist with entries the streamer would refuse: drops them, says so, keeps the rest', async () => {
    const db = openDatabase(join(dir, 'fathom.db'));
    const saved = [entry('SPY'), entry('ABCDEFGHIJK'), entry('QQQ', ['QQQ   261218C00500000', 'garbage'])];
    db.prepare('INSERT INTO watchlists (name, entries, updated_at) VALUES (?, ?, ?)').run('default', JSON.stringify(saved), 0);
    db.close();

    const app = await startAppHarness({ dataDir: dir, intensity: 5 });
    try {
      const received: WireEvent[] = [];
      app.core.attachWindow({ id: 'feed', kind: 'feed', symbol: null, send: (batch) => received.push(...batch) });
      const list = await app.core.dispatch('feed', api.marketData.getWatchlist.channel, {});
      expect(list).toMatchObject({ ok: true, value: { entries: [{ underlying: 'SPY' }, { underlying: 'QQQ', contracts: ['QQQ   261218C00500000'] }] } });
      const notice = () => received.find(([c]) => c === events.marketData.notice.channel)?.[1] as Notice | undefined;
      await app.runUntil(() => notice() !== undefined, 'the notice');
      expect(notice()?.text).toMatch(/ABCDEFGHIJK/);
      expect(notice()?.text).toMatch(/garbage/);
      await app.runUntil(() => app.core.status().state === 'live', 'the market to stream');
    } finally {
      await app.stop();
    }
    // Dropped for good: the next start finds only what was kept.
    const again = openDatabase(join(dir, 'fathom.db'));
    expect(loadWatchlist(again, { entries: [] })).toEqual({ watchlist: { entries: [entry('SPY'), entry('QQQ', ['QQQ   261218C00500000'])] }, dropped: [] });
    again.close();
  }, 60_000);
});
