// The feed's pages of stored flows through the app core: the request validated against the
// contract, answered by the worker from the database the app records into, and refused plainly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFlowBatch, type FlowPage } from '../../shared/ipc/flows.ts';
import { api } from '../../shared/ipc/index.ts';
import { openDatabase } from '../store/database.ts';
import { startAppOnHistory, type AppHarness, type AppOnHistory } from './app-harness.testkit.ts';

let recorded: AppOnHistory;
let app: AppHarness;
let session: number;

beforeAll(async () => {
  recorded = await startAppOnHistory('pages-app', { sessions: 1, flowsPerSession: 300, seed: 9 });
  app = recorded.app;
  session = recorded.history.sessionIds[0] as number;
}, 120_000);

afterAll(() => recorded.stop());

describe('flows.page through the app core', () => {
  it('answers a feed window with the older flows of a recorded session, newest first, page after page', async () => {
    app.core.attachWindow({ id: 'w', kind: 'feed', symbol: null, send: () => undefined });
    const db = openDatabase(recorded.dbPath, { readonly: true });
    const stored = db.prepare('SELECT id, time FROM flows WHERE session_id = ? ORDER BY time DESC, id DESC').all(session) as { id: number; time: number }[];
    db.close();
    const ids = stored.map((r) => `${session}-${r.id - session * 2 ** 32}`);
    const seen: string[] = [];
    let from = { id: ids[0] as string, time: (stored[0] as { time: number }).time };
    for (;;) {
      const answer = (await app.core.dispatch('w', api.flows.page.channel, { direction: 'older', from: from.id, time: from.time, limit: 120 })) as { ok: true; value: FlowPage };
      expect(answer.ok).toBe(true);
      const rows = decodeFlowBatch(answer.value.rows);
      seen.push(...rows.map((r) => r.id));
      if (answer.value.end) break;
      const last = rows.at(-1)!;
      from = { id: last.id, time: last.time };
    }
    expect(seen).toEqual(ids.slice(1));
  });

  it('refuses a page that is not valid, and one from a book window', async () => {
    app.core.attachWindow({ id: 'b', kind: 'book', symbol: 'SPY   261218C00600000', send: () => undefined });
    expect(await app.core.dispatch('w', api.flows.page.channel, { direction: 'older', from: 'x', time: 0, limit: 10 })).toMatchObject({ ok: false });
    expect(await app.core.dispatch('w', api.flows.page.channel, { direction: 'older', from: `${session}-1`, time: 0, limit: 100_000 })).toMatchObject({ ok: false });
    expect(await app.core.dispatch('b', api.flows.page.channel, { direction: 'older', from: `${session}-1`, time: 0, limit: 10 })).toMatchObject({ ok: false });
  });
});
