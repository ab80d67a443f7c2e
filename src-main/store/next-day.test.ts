// The next_day_checks table against a real SQLite file: what waits, what is written, what every
// read of flows carries, the exports' columns, and pruning.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextDayCheck } from '../../shared/analytics/next-day.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { etToEpoch } from '../../shared/time/eastern.ts';
import { openDatabase, type Db } from './database.ts';
import { writeFlows } from './flow-export.ts';
import { flowRowId, getFlow, iterateFlows, newestFlows, upsertFlows } from './flows.ts';
import { checkedFlowsOf, pendingNextDay, saveNextDayChecks } from './next-day.ts';
import { createSession } from './sessions.ts';

const MONDAY = etToEpoch(2026, 11, 23, 10, 0, 0, 0);
const TUESDAY = '2026-11-24';
const CALL = 'SPY   261218C00600000';
const PUT = 'SPY   261218P00590000';

let dir: string;
let db: Db;
let monday: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-next-day-'));
  db = openDatabase(join(dir, 'fathom.db'));
  monday = createSession(db, { source: 'demo', symbols: [], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: MONDAY });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function flow(seq: number, symbol: string, size: number, overrides: Partial<Flow> = {}): Flow {
  const { cancelled: _c, ...row } = flowRow({ id: `${monday}-${seq}`, sessionId: String(monday), symbol, size, time: MONDAY + seq * 60_000, openInterest: 5_000, premium: size * 100, ...overrides });
  return { ...row, ...(overrides.cancelled ? { cancelled: true } : {}), evidence: { prints: [], reasons: ['price 1.25 = ask 1.25'], kindRule: 'DEFAULT: one print' } };
}

describe('flows waiting for the next day (FLOW-RULES.md §10)', () => {
  it('are the last trading day\'s, by contract, with its open interest and the day\'s total (busted flows left out)', () => {
    upsertFlows(db, [flow(1, CALL, 300), flow(2, CALL, 20), flow(3, CALL, 50, { cancelled: true }), flow(4, PUT, 10, { premium: 9_000_000 })]);
    expect(pendingNextDay(db, '2026-11-23')).toBeNull();
    const day = pendingNextDay(db, TUESDAY);
    expect(day?.date).toBe('2026-11-23');
    expect(day?.contracts.get(CALL)).toMatchObject({ oiBefore: 5_000, dayTotal: 320, flows: [{ id: `${monday}-1`, size: 300 }, { id: `${monday}-2`, size: 20 }] });
    expect([...(day?.contracts.keys() ?? [])].sort()).toEqual([CALL, PUT].sort());
  });

  it('leave out a contract whose flows never carried open interest', () => {
    upsertFlows(db, [flow(1, CALL, 300, { openInterest: null })]);
    expect(pendingNextDay(db, TUESDAY)).toBeNull();
  });

  it('once checked, are carried by every read of flows and wait no more', async () => {
    upsertFlows(db, [flow(1, CALL, 300), flow(2, CALL, 20)]);
    const check = nextDayCheck({ oiBefore: 5_000, oiAfter: 5_310, flowSize: 300, dayTotal: 320, at: etToEpoch(2026, 11, 24, 9, 31, 0, 0), source: 'rest' });
    saveNextDayChecks(db, [{ rowId: flowRowId(`${monday}-1`), check }]);
    // A second check of the same flow keeps the first.
    saveNextDayChecks(db, [{ rowId: flowRowId(`${monday}-1`), check: { ...check, label: 'CLOSING' } }]);
    expect(getFlow(db, `${monday}-1`)?.nextDay).toEqual(check);
    expect(getFlow(db, `${monday}-1`)?.evidence.reasons).toEqual(['price 1.25 = ask 1.25', check.reason]);
    expect(getFlow(db, `${monday}-2`)?.nextDay).toBeUndefined();
    expect(newestFlows(db, monday, 10).find((r) => r.id === `${monday}-1`)?.nextDay?.label).toBe('OPENING');
    expect([...iterateFlows(db, { sessionId: monday, minPremium: 1 })].map((f) => f.nextDay?.label ?? null)).toEqual(['OPENING', null]);
    expect(checkedFlowsOf(db, '2026-11-23', 10).map((f) => f.id)).toEqual([`${monday}-1`]);
    expect(pendingNextDay(db, TUESDAY)?.contracts.get(CALL)?.flows.map((f) => f.id)).toEqual([`${monday}-2`]);

    let csv = '';
    await writeFlows(iterateFlows(db, { sessionId: monday }), 'csv', new Writable({ write: (chunk: Buffer, _e, done) => ((csv += chunk.toString()), done()) }));
    const [head, first, second] = csv.trim().split('\n').map((line) => line.split(','));
    const cell = (line: string[] | undefined, name: string) => line?.[head?.indexOf(name) ?? -1];
    expect([cell(first, 'nextDay'), cell(first, 'nextDayOiBefore'), cell(first, 'nextDayOiAfter'), cell(first, 'nextDayOiChange'), cell(first, 'nextDayFlowSize'), cell(first, 'nextDayDayTotal')]).toEqual(['OPENING', '5000', '5310', '310', '300', '320']);
    expect(cell(second, 'nextDay')).toBe('');
  });

  it('go with their session when it is pruned', () => {
    upsertFlows(db, [flow(1, CALL, 300)]);
    saveNextDayChecks(db, [{ rowId: flowRowId(`${monday}-1`), check: nextDayCheck({ oiBefore: 1, oiAfter: 2, flowSize: 300, dayTotal: 300, at: 0, source: 'stream' }) }]);
    db.prepare('DELETE FROM sessions WHERE id = ?').run(monday);
    expect(db.prepare('SELECT COUNT(*) AS n FROM next_day_checks').get()).toEqual({ n: 0 });
  });
});
