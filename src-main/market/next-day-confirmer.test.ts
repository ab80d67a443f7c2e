// The next day's checker on a real SQLite file: when a quote counts, once per contract, REST in
// its budget, and bad answers or a failing request losing nothing (FLOW-RULES.md §10).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { etToEpoch } from '../../shared/time/eastern.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { getFlow, upsertFlows } from '../store/flows.ts';
import { createSession } from '../store/sessions.ts';
import { createLogger, type Logger } from '../util/log.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { NEXT_DAY_REST_BATCH, NEXT_DAY_REST_REQUESTS, NextDayConfirmer, type QuotesAnswer } from './next-day-confirmer.ts';

const MONDAY = etToEpoch(2026, 11, 23, 10, 0, 0, 0);
const TUESDAY_OPEN = etToEpoch(2026, 11, 24, 9, 30, 0, 0);

let dir: string;
let db: Db;
let session: number;
let warnings: string[];
let logger: Logger;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-confirmer-'));
  db = openDatabase(join(dir, 'fathom.db'));
  session = createSession(db, { source: 'demo', symbols: [], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: MONDAY });
  warnings = [];
  logger = createLogger({ level: 'warn', sink: (line) => warnings.push(line) });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const symbolOf = (i: number) => `SPY   261218C00${String(500 + i).padStart(3, '0')}000`;

/** One flow on each of `n` contracts, the first the largest premium. */
function record(n: number, size = 100): void {
  const flows: Flow[] = [];
  for (let i = 0; i < n; i++) {
    const { cancelled: _c, ...row } = flowRow({ id: `${session}-${i + 1}`, sessionId: String(session), symbol: symbolOf(i), size, premium: 1_000_000 - i, time: MONDAY + i * 1000, openInterest: 1_000 });
    flows.push({ ...row, evidence: { prints: [], reasons: [], kindRule: 'DEFAULT: one print' } });
  }
  upsertFlows(db, flows);
}

function confirmer(at: number, pushed: Flow[] = []): NextDayConfirmer {
  return new NextDayConfirmer({ db, clock: new ManualClock(at), logger, onChecked: (flows) => pushed.push(...flows) });
}

describe('NextDayConfirmer', () => {
  it('has nothing to check on the day the flows printed', () => {
    record(2);
    expect(confirmer(MONDAY + 3_600_000).day).toBeNull();
  });

  it('checks a contract once, at its first quote of a later day carrying open interest', () => {
    record(2);
    const pushed: Flow[] = [];
    const c = confirmer(TUESDAY_OPEN, pushed);
    expect(c.day).toBe('2026-11-23');
    expect(c.pendingSymbols()).toEqual([symbolOf(0), symbolOf(1)]);
    // A quote still stamped Monday (a late frame), or one without open interest, says nothing.
    expect(c.observe(symbolOf(0), 1_090, MONDAY + 7 * 3_600_000)).toBe(0);
    expect(c.observe(symbolOf(0), undefined, TUESDAY_OPEN)).toBe(0);
    expect(c.observe(symbolOf(0), 1_090, TUESDAY_OPEN)).toBe(1);
    expect(c.observe(symbolOf(0), 900, TUESDAY_OPEN + 1000)).toBe(0);
    expect(getFlow(db, `${session}-1`)?.nextDay).toMatchObject({ label: 'OPENING', oiBefore: 1_000, oiAfter: 1_090, change: 90, source: 'stream' });
    expect(pushed.map((f) => [f.id, f.nextDay?.label])).toEqual([[`${session}-1`, 'OPENING']]);
    expect(c.pendingSymbols()).toEqual([symbolOf(1)]);
    // A session started later that day finds the first contract checked already.
    expect(confirmer(TUESDAY_OPEN + 60_000).pendingSymbols()).toEqual([symbolOf(1)]);
  });

  it('asks REST only for contracts not streamed, in at most its requests, largest premium first', async () => {
    const n = NEXT_DAY_REST_BATCH * NEXT_DAY_REST_REQUESTS + 30;
    record(n);
    const c = confirmer(TUESDAY_OPEN);
    const asked: string[][] = [];
    const quotes = async (symbols: readonly string[]): Promise<QuotesAnswer> => {
      asked.push([...symbols]);
      return Object.fromEntries(symbols.map((s) => [s, { quote: { openInterest: 800 } }]));
    };
    const checked = await c.checkByRest(quotes, new Set([symbolOf(0)]));
    expect(asked.map((batch) => batch.length)).toEqual(Array.from({ length: NEXT_DAY_REST_REQUESTS }, () => NEXT_DAY_REST_BATCH));
    expect(asked[0]?.[0]).toBe(symbolOf(1));
    expect(checked).toBe(NEXT_DAY_REST_BATCH * NEXT_DAY_REST_REQUESTS);
    expect(getFlow(db, `${session}-2`)?.nextDay).toMatchObject({ label: 'CLOSING', change: -200, source: 'rest' });
    // The streamed contract and the ones past the budget still wait for the stream.
    expect(c.pendingSymbols()).toHaveLength(n - NEXT_DAY_REST_BATCH * NEXT_DAY_REST_REQUESTS);
    expect(c.pendingSymbols()[0]).toBe(symbolOf(0));
  });

  it('skips answers without a usable open interest, and a failed request loses nothing', async () => {
    record(3);
    const c = confirmer(TUESDAY_OPEN);
    const answer: QuotesAnswer = { [symbolOf(0)]: { quote: { openInterest: 'many' } }, [symbolOf(1)]: null, [symbolOf(2)]: { quote: { openInterest: 1_000 } } };
    expect(await c.checkByRest(async () => answer, new Set())).toBe(1);
    expect(getFlow(db, `${session}-3`)?.nextDay?.label).toBe('MIXED');
    expect(await c.checkByRest(async () => Promise.reject(new Error('HTTP 429')), new Set())).toBe(0);
    expect(warnings.join('\n')).toContain('HTTP 429');
    expect(c.pendingSymbols()).toEqual([symbolOf(0), symbolOf(1)]);
  });
});
