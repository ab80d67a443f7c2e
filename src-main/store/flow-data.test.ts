import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow, FlowEvidence } from '../../shared/domain/flow.ts';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import { withSenderRule } from '../market/flow-builder.ts';
import { openDatabase, type Db } from './database.ts';
import { decodeFlowData, decodeFlowHead, encodeFlowData, flowDataFieldSql } from './flow-data.ts';
import { searchFlows } from './flow-search.ts';
import { flowRowId, getFlow, iterateFlows, storedFlowsBySeq, upsertFlows } from './flows.ts';
import { addSession, storedFlow } from './history.testkit.ts';
import { readPositioningFlows } from './positioning-flows.ts';

let dir: string;
let db: Db;
let session: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-flow-data-'));
  db = openDatabase(join(dir, 'fathom.db'));
  session = addSession(db, 1_732_890_000_000);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const strategy: StrategyLink = {
  id: 'S1-1',
  type: 'VERTICAL',
  rule: 'STRATEGY_TIME_RATIO',
  legs: [{ flowId: '1-1', symbol: 'SPY   241129C00450000', expiry: '2024-11-29', strike: 450, right: 'C', direction: 'BUY', size: 50, ratio: 1, premium: 6250 }],
  netPremium: null,
  netDelta: 16,
  sentiment: 'BULLISH',
  reason: 'VERTICAL: two legs',
} as StrategyLink;

/** Flows with every optional key there, none of them, nulls where a flow may have them, and prints with and without a quote. */
function flows(): Flow[] {
  const evidence: FlowEvidence = {
    prints: [
      { receivedAt: 2, time: 1, size: 30, price: 1.25, volumeBefore: 0, volumeAfter: 30, lastSize: 30, side: 'ASK', quote: { time: 0, bid: 1.2, ask: 1.25, bidSize: 10, askSize: 12 } },
      { receivedAt: 4, time: 3, size: 20, price: 1.3, volumeBefore: 30, volumeAfter: 50, lastSize: null, side: 'ABOVE_ASK', quote: null },
    ],
    reasons: ['30 @ 1.25: price 1.25 = ask 1.25', 'a "quoted" reason, with a comma'],
    kindRule: 'SWEEP_MULTI: two venues',
    senderRule: 'SENDER institutional 0.70',
  };
  const full = storedFlow(session, 1, { cancelled: true, strategy, institutional: 0.7, nextDay: { label: 'OPENING', oiBefore: 1, oiAfter: 51, change: 50, flowSize: 50, dayTotal: 50, at: 9, source: 'rest', reason: 'OI rose' }, evidence });
  const { cancelled: _c, strategy: _s, institutional: _i, nextDay: _n, ...bare } = storedFlow(session, 2, { evidence: { prints: [], reasons: [], kindRule: 'DEFAULT: one print' } });
  const nulls = storedFlow(session, 3, { moneyness: null, otmPercent: null, bid: null, ask: null, underlyingPrice: null, openInterest: null, dayVolume: null, iv: null, delta: null, cancelled: false });
  // The flow builder's evidence: its sender words are a getter, read when the flow is written.
  const lazy = storedFlow(session, 4, { institutional: 0.2, evidence: withSenderRule({ prints: [], reasons: ['r'], kindRule: 'k' }, { size: 5, premium: 100, side: 'ASK', kind: 'SINGLE', prints: 1, spreadLeg: false, time: 1 }) });
  return [full, bare, nulls, lazy];
}

describe("a flow's data as an array of values (migration 9)", () => {
  it('reads back every flow equal to the one written, optional keys absent where they were', () => {
    for (const flow of flows()) {
      const data = encodeFlowData(flow);
      expect(data.startsWith('[')).toBe(true);
      const back = decodeFlowData(data);
      expect(back).toStrictEqual(JSON.parse(JSON.stringify(flow)));
      const { evidence: _e, ...head } = back;
      expect(decodeFlowHead(data)).toStrictEqual(head);
    }
    // The head is read without parsing the evidence (a reader of a month of flows needs only it).
    const full = flows()[0] as Flow;
    const data = encodeFlowData(full);
    const { evidence: _e, ...head } = JSON.parse(JSON.stringify(full)) as Flow;
    expect(decodeFlowHead(`${data.slice(0, data.indexOf(',[['))},[[not json`)).toStrictEqual(head);
    const [, bare] = flows().map((f) => decodeFlowData(encodeFlowData(f)));
    expect(bare && ['cancelled', 'strategy', 'institutional', 'nextDay'].some((k) => k in bare)).toBe(false);
    expect(bare && 'senderRule' in bare.evidence).toBe(false);
  });

  it('is stored about half the size of the JSON object', () => {
    const flow = flows()[0] as Flow;
    expect(encodeFlowData(flow).length).toBeLessThan(JSON.stringify(flow).length * 0.75);
  });

  it('refuses a layout it does not know, and reads one of its fields in SQL as an object row is read', () => {
    expect(() => decodeFlowData('[2,"1-1"]')).toThrow(/unknown layout: 2/);
    const flow = flows()[0] as Flow;
    const read = db.prepare(`SELECT ${flowDataFieldSql('d', 'id')} AS id, ${flowDataFieldSql('d', 'size')} AS size, ${flowDataFieldSql('d', 'openInterest')} AS oi, ${flowDataFieldSql('d', 'cancelled')} AS cancelled FROM (SELECT ? AS d)`);
    const expected = { id: flow.id, size: flow.size, oi: flow.openInterest, cancelled: 1 };
    expect(read.get(encodeFlowData(flow))).toEqual(expected);
    expect(read.get(JSON.stringify(flow))).toEqual(expected);
  });

  it('reads rows an older version stored as JSON objects beside new ones, through every reader', () => {
    const [full, bare, nulls, lazy] = flows() as [Flow, Flow, Flow, Flow];
    upsertFlows(db, [full, bare]);
    upsertFlows(db, [nulls, lazy]);
    // What versions before migration 9 wrote.
    db.prepare('UPDATE flows SET data = ? WHERE id = ?').run(JSON.stringify(bare), flowRowId(bare.id));
    db.prepare('UPDATE flows SET data = ? WHERE id = ?').run(JSON.stringify(lazy), flowRowId(lazy.id));
    expect((db.prepare('SELECT data FROM flows WHERE id = ?').get(flowRowId(full.id)) as { data: string }).data.startsWith('[')).toBe(true);
    const plain = (f: Flow) => JSON.parse(JSON.stringify(f)) as Flow;
    expect([...iterateFlows(db, { sessionId: session })]).toEqual([full, bare, nulls, lazy].map(plain));
    expect(getFlow(db, lazy.id)).toEqual(plain(lazy));
    expect([...storedFlowsBySeq(db, session, [1, 2, 3, 4], 1).values()]).toEqual([full, bare, nulls, lazy].map(plain));
    expect([...searchFlows(db, {})].map((r) => r.id).sort()).toEqual([full, bare, nulls, lazy].map((f) => f.id).sort());
    const positioning = readPositioningFlows(db, { underlying: full.underlying, sessionId: session });
    expect([...positioning.rows].map((r) => [r.rowId, r.size, r.strike])).toEqual([full, bare, nulls, lazy].map((f) => [flowRowId(f.id), f.size, f.strike]));
    expect(positioning.skipped()).toBe(0);
  });
});
