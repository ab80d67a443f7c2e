import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import { SAVED_SEARCHES } from '../../shared/domain/history-search.ts';
import type { StrategyLink, StrategyType } from '../../shared/domain/strategy.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { etToEpoch } from '../../shared/time/eastern.ts';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from './database.ts';
import { MIGRATIONS } from './migrations.ts';
import { searchFlows, searchPlan } from './flow-search.ts';
import { upsertFlows } from './flows.ts';
import { addSession, openOfDay, recordHistory, storedFlow } from './history.testkit.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ids = (rows: Iterable<FlowRow>) => [...rows].map((r) => r.id);

describe('history search criteria, over four recorded sessions', () => {
  let db: Db;
  let all: FlowRow[];
  beforeAll(() => {
    db = openDatabase(join(dir, 'criteria.db'));
    const history = recordHistory(db, { sessions: 4, flowsPerSession: 300, seed: 7 });
    all = [...searchFlows(db, {})];
    expect(all).toHaveLength(history.flows);
  });
  afterAll(() => db.close());

  /** Each criterion must keep exactly the flows the predicate keeps, and be a real narrowing. */
  const cases: [string, () => HistoryQuery, (row: FlowRow) => boolean][] = [
    ['underlying', () => ({ underlyings: ['QQQ'] }), (r) => r.underlying === 'QQQ'],
    ['several underlyings', () => ({ underlyings: ['AAPL', 'TSLA'] }), (r) => r.underlying === 'AAPL' || r.underlying === 'TSLA'],
    ['contract', () => ({ contract: (all[17] as FlowRow).symbol }), (r) => r.symbol === (all[17] as FlowRow).symbol],
    ['strike range', () => ({ strikeMin: 340, strikeMax: 520 }), (r) => r.strike >= 340 && r.strike <= 520],
    ['expiry range', () => ({ expiryFrom: expiries()[1], expiryTo: expiries()[2] }), (r) => r.expiry >= (expiries()[1] as string) && r.expiry <= (expiries()[2] as string)],
    ['one expiry', () => ({ expiryFrom: expiries()[0], expiryTo: expiries()[0] }), (r) => r.expiry === expiries()[0]],
    ['calls or puts', () => ({ rights: ['P'] }), (r) => r.right === 'P'],
    ['kind', () => ({ kinds: ['SWEEP', 'BLOCK'] }), (r) => r.kind === 'SWEEP' || r.kind === 'BLOCK'],
    ['side', () => ({ sides: ['ABOVE_ASK', 'BELOW_BID'] }), (r) => r.side === 'ABOVE_ASK' || r.side === 'BELOW_BID'],
    ['premium range', () => ({ minPremium: 20_000, maxPremium: 60_000 }), (r) => r.premium >= 20_000 && r.premium <= 60_000],
    ['sentiment', () => ({ sentiments: ['BEARISH'] }), (r) => r.sentiment === 'BEARISH'],
    ['date range', () => ({ from: openOfDay(1), to: openOfDay(3) }), (r) => r.time >= openOfDay(1) && r.time < openOfDay(3)],
    [
      'every criterion at once',
      () => ({ underlyings: ['SPY'], strikeMin: 580, rights: ['C'], sides: ['ASK', 'ABOVE_ASK'], minPremium: 5_000, sentiments: ['BULLISH'], from: openOfDay(1) }),
      (r) => r.underlying === 'SPY' && r.strike >= 580 && r.right === 'C' && (r.side === 'ASK' || r.side === 'ABOVE_ASK') && r.premium >= 5_000 && r.sentiment === 'BULLISH' && r.time >= openOfDay(1),
    ],
  ];
  const expiries = () => [...new Set(all.map((r) => r.expiry))].sort();

  for (const [name, query, keep] of cases) {
    it(`filters by ${name}`, () => {
      const expected = all.filter(keep);
      expect(expected.length, 'the criterion keeps some flows').toBeGreaterThan(0);
      expect(expected.length, 'the criterion drops some flows').toBeLessThan(all.length);
      expect(ids(searchFlows(db, query()))).toEqual(ids(expected));
    });
  }

  it('returns every session, newest first', () => {
    expect(new Set(all.map((r) => r.sessionId)).size).toBe(4);
    for (let i = 1; i < all.length; i++) expect((all[i] as FlowRow).time).toBeLessThanOrEqual((all[i - 1] as FlowRow).time);
  });

  it('an empty range finds nothing rather than failing', () => {
    expect(ids(searchFlows(db, { strikeMin: 500, strikeMax: 400 }))).toEqual([]);
  });

  it('walks an index in time order: the first rows never wait for a sort of the whole history', () => {
    const queries: HistoryQuery[] = [{}, { underlyings: ['SPY'] }, { underlyings: ['SPY', 'QQQ'], minPremium: 1 }, { contract: (all[3] as FlowRow).symbol }, { from: 1, to: 2, sentiments: ['BULLISH'] }];
    for (const query of queries) {
      const plan = searchPlan(query);
      const steps = (db.prepare(`EXPLAIN QUERY PLAN ${plan.sql}`).all(...plan.params) as { detail: string }[]).map((s) => s.detail);
      expect(steps.join(' | '), JSON.stringify(query)).toContain(`USING INDEX ${plan.index}`);
      expect(steps.join(' | '), JSON.stringify(query)).not.toContain('TEMP B-TREE');
    }
  });
});

describe('the repeat-buyers saved search', () => {
  let db: Db;
  interface Contract {
    underlying: string;
    strike: number;
    right: 'C' | 'P';
    expiry: string;
  }
  const A: Contract = { underlying: 'SPY', strike: 600, right: 'C', expiry: '2026-06-18' };
  const B = { ...A, strike: 610 };
  const C: Contract = { ...A, strike: 590, right: 'P' };
  const D = { ...A, strike: 620 };
  const E = { ...A, strike: 630 };
  const bought = { side: 'ASK' as const, direction: 'BUY' as const };
  const sold = { side: 'BID' as const, direction: 'SELL' as const };
  const mid = { side: 'MID' as const, direction: 'UNKNOWN' as const };
  let a: string;
  let c: string;
  let e: string;

  beforeAll(() => {
    db = openDatabase(join(dir, 'repeat.db'));
    const day = [0, 1, 2, 3].map((d) => addSession(db, openOfDay(d)));
    const at = (d: number, minutes: number) => openOfDay(d) + minutes * 60_000;
    let seq = 0;
    const flow = (session: number, time: number, contract: Contract, how: typeof bought | typeof sold | typeof mid) => storedFlow(session, seq++, { ...contract, ...how, time });
    const flows = [
      // A bought on three days: a repeat buyer.
      flow(day[0] as number, at(0, 5), A, bought),
      flow(day[1] as number, at(1, 5), A, bought),
      flow(day[2] as number, at(2, 5), A, bought),
      flow(day[2] as number, at(2, 6), A, sold),
      // B bought four times, but on two days only.
      flow(day[0] as number, at(0, 1), B, bought),
      flow(day[0] as number, at(0, 2), B, bought),
      flow(day[0] as number, at(0, 3), B, bought),
      flow(day[3] as number, at(3, 3), B, bought),
      // C sold on three days: a repeat seller, not a buyer.
      flow(day[0] as number, at(0, 7), C, sold),
      flow(day[1] as number, at(1, 7), C, sold),
      flow(day[3] as number, at(3, 7), C, sold),
      // D bought on two days; the third day's print has no known direction.
      flow(day[0] as number, at(0, 9), D, bought),
      flow(day[1] as number, at(1, 9), D, mid),
      flow(day[2] as number, at(2, 9), D, bought),
    ];
    // E bought at 23:30 and 00:30 ET (the same UTC day: only ET days count) and on a third day.
    const late = etToEpoch(2026, 3, 3, 23, 30);
    const early = etToEpoch(2026, 3, 4, 0, 30);
    expect(new Date(late).toISOString().slice(0, 10)).toBe(new Date(early).toISOString().slice(0, 10));
    flows.push(storedFlow(day[1] as number, seq++, { ...E, ...bought, time: late }), storedFlow(day[2] as number, seq++, { ...E, ...bought, time: early }), storedFlow(day[3] as number, seq++, { ...E, ...bought, time: at(3, 30) }));
    upsertFlows(db, flows);
    const symbolOf = (contract: Contract) => storedFlow(1, 0, contract).symbol;
    [a, c, e] = [symbolOf(A), symbolOf(C), symbolOf(E)];
  });
  afterAll(() => db.close());

  const repeatBuyers = (SAVED_SEARCHES.find((s) => s.id === 'repeat-buyers') as { query: HistoryQuery }).query;

  it('finds the contracts bought on three distinct ET days, with every buy of theirs', () => {
    const rows = [...searchFlows(db, repeatBuyers)];
    expect(new Set(rows.map((r) => r.symbol))).toEqual(new Set([a, e]));
    expect(rows.every((r) => r.direction === 'BUY')).toBe(true);
    expect(rows.filter((r) => r.symbol === a)).toHaveLength(3);
    expect(rows.filter((r) => r.symbol === e)).toHaveLength(3);
  });

  it('the same side means the same direction: repeat sellers are their own search', () => {
    const rows = [...searchFlows(db, { repeat: { direction: 'SELL', minDays: 3 } })];
    expect(new Set(rows.map((r) => r.symbol))).toEqual(new Set([c]));
  });

  it('counts days within the other criteria: a date range can leave too few', () => {
    expect(new Set([...searchFlows(db, { ...repeatBuyers, from: openOfDay(1) })].map((r) => r.symbol))).toEqual(new Set([e]));
    expect(new Set([...searchFlows(db, { repeat: { direction: 'BUY', minDays: 2 } })].map((r) => r.symbol)).size).toBe(4);
  });
});

describe('flows stored before the history search', () => {
  it('are found by every criterion once the database is opened (migration 5 fills their columns)', () => {
    const path = join(dir, 'v3.db');
    const old = new Database(path);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 3)) migration.up(old);
    old.pragma('user_version = 3');
    old.prepare("INSERT INTO sessions (source, symbols, settings, started_at) VALUES ('demo', '[]', '{}', 0)").run();
    const flow = storedFlow(1, 0, { strike: 455, right: 'P', side: 'BELOW_BID', direction: 'SELL', sentiment: 'BULLISH', time: openOfDay(0), strategy: link('STRANGLE', 'S1-0') });
    old
      .prepare('INSERT INTO flows (id, session_id, time, underlying, symbol, kind, premium, whale, version, data) VALUES (?, 1, ?, ?, ?, ?, ?, 0, 1, ?)')
      .run(2 ** 32, flow.time, flow.underlying, flow.symbol, flow.kind, flow.premium, JSON.stringify(flow));
    old.close();
    const db = openDatabase(path);
    const query: HistoryQuery = { strikeMin: 455, strikeMax: 455, expiryFrom: flow.expiry, expiryTo: flow.expiry, rights: ['P'], sides: ['BELOW_BID'], sentiments: ['BULLISH'], strategies: ['STRANGLE'], repeat: { direction: 'SELL', minDays: 1 } };
    expect(ids(searchFlows(db, query))).toEqual([flow.id]);
    expect(ids(searchFlows(db, { sides: ['ASK'] }))).toEqual([]);
    db.close();
  });
});

/** A strategy link as the engine attaches it to a leg (FLOW-RULES.md §8); only its type matters here. */
function link(type: StrategyType, id: string): StrategyLink {
  return { id, type, rule: 'STRATEGY_TIME_RATIO', legs: [], netPremium: null, netDelta: null, sentiment: 'NEUTRAL', reason: 'two prints within the window in a 1:1 ratio' };
}

describe('the strategy criterion', () => {
  it('finds the legs of strategies of the chosen types, the link read from the flow as last written', () => {
    const db = openDatabase(join(dir, 'strategies.db'));
    const session = addSession(db, openOfDay(0));
    const at = (minute: number) => openOfDay(0) + minute * 60_000;
    const vertical = [storedFlow(session, 0, { strike: 600, time: at(1), strategy: link('VERTICAL', 'S1-0') }), storedFlow(session, 1, { strike: 605, time: at(1), strategy: link('VERTICAL', 'S1-0') })];
    const straddle = storedFlow(session, 2, { right: 'P', time: at(2), strategy: link('STRADDLE', 'S1-2') });
    const single = storedFlow(session, 3, { time: at(3) });
    upsertFlows(db, [...vertical, straddle, single]);
    // A later version links a flow that had none (the engine groups legs as they arrive).
    upsertFlows(db, [{ ...single, version: 2, strategy: link('RATIO', 'S1-3') }]);
    expect(ids(searchFlows(db, { strategies: ['VERTICAL'] })).sort()).toEqual(vertical.map((f) => f.id).sort());
    expect(ids(searchFlows(db, { strategies: ['STRADDLE', 'RATIO'] }))).toEqual([single.id, straddle.id]);
    expect(ids(searchFlows(db, { strategies: ['CONDOR'] }))).toEqual([]);
    expect(ids(searchFlows(db, {}))).toHaveLength(4);
    db.close();
  });
});
