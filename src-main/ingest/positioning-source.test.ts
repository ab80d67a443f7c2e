import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { MarketPipeline } from '../market/pipeline.ts';
import { FrameProcessor } from '../schwab/frame-processor.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { upsertFlows } from '../store/flows.ts';
import { createSession } from '../store/sessions.ts';
import { computePositioning, PositioningReader, ROWS_PER_TURN, type PositioningSource } from './positioning-source.ts';

const T0 = Date.UTC(2026, 11, 3, 15, 0, 0);
const CALL_600 = 'SPY   261218C00600000';
const PUT_600 = 'SPY   261218P00600000';
const CALL_610 = 'SPY   261218C00610000';

let dir: string;
let db: Db;
let first: number;
let second: number;
let processor: FrameProcessor;
let pipeline: MarketPipeline;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-positioning-'));
  db = openDatabase(join(dir, 'fathom.db'));
  const session = (startedAt: number) => createSession(db, { source: 'demo', symbols: ['SPY'], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt });
  first = session(T0 - 86_400_000);
  second = session(T0);
  processor = new FrameProcessor();
  pipeline = new MarketPipeline({ sessionId: String(second), settings: DEFAULT_FLOW_SETTINGS });
  pipeline.attach(processor.events);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function flow(session: number, seq: number, overrides: Partial<Flow> = {}): Flow {
  const row = flowRow({ id: `${session}-${seq}`, sessionId: String(session), time: T0 + seq * 1000, symbol: CALL_600, expiry: '2026-12-18', strike: 600, ...overrides });
  const { cancelled: _cancelled, ...rest } = row;
  return { ...rest, ...(overrides.cancelled ? { cancelled: true } : {}), evidence: { prints: [], reasons: [], kindRule: 'DEFAULT: one print' } };
}

function source(overrides: Partial<PositioningSource> = {}): PositioningSource {
  return { sessionId: String(second), source: 'demo', quotes: pipeline.quotes, held: () => [], beforeSeq: null, before: null, note: null, ...overrides };
}

/** A snapshot carries the meta keys; a delta only the changed fields (docs/schwab-streaming.md). */
function quote(key: string, fields: Record<string, unknown>, at = T0, snapshot = true) {
  const meta = snapshot ? { delayed: false, assetMainType: 'OPTION' } : {};
  processor.process(JSON.stringify({ data: [{ service: 'LEVELONE_OPTIONS', timestamp: at, command: 'SUBS', content: [{ key, ...meta, ...fields }] }] }), at);
}

describe('positioning from the store and the session on screen', () => {
  beforeEach(() => {
    upsertFlows(db, [
      flow(first, 1, { premium: 1_000, size: 10, time: T0 - 86_000_000 }),
      flow(second, 1, { premium: 5_000.5, size: 50 }),
      flow(second, 2, { strike: 610, symbol: CALL_610, premium: 2_000, size: 20, direction: 'SELL', sentiment: 'BEARISH' }),
      flow(second, 3, { right: 'P', symbol: PUT_600, premium: 3_000, size: 30, direction: 'BUY', sentiment: 'BEARISH' }),
      flow(second, 4, { premium: 9_999, size: 99, cancelled: true }),
      flow(second, 5, { underlying: 'QQQ', symbol: 'QQQ   261218C00500000', strike: 500, premium: 7_777, size: 7 }),
    ]);
  });

  it('reads the session on screen: its flows of the underlying, cancelled ones out', async () => {
    const view = await computePositioning(db, source(), { underlying: 'SPY', scope: { kind: 'session' } }, T0 + 60_000);
    expect(view.totals).toMatchObject({ flows: 3, cancelled: 1, premium: 10_000.5, volume: 100, callPremium: 7_000.5, putPremium: 3_000, netPremium: 5_000.5 - 2_000 - 3_000 });
    expect(view.strikes.map((s) => [s.strike, s.callPremium, s.putPremium])).toEqual([[600, 5_000.5, 3_000], [610, 2_000, 0]]);
    expect(view).toMatchObject({ sessionId: String(second), sessions: 1, at: T0 + 60_000, source: 'demo', note: null });
  });

  it('lays the flows still growing over their stored versions', async () => {
    const grown = flow(second, 1, { premium: 8_000, size: 80, version: 3 });
    const fresh = flow(second, 9, { strike: 605, symbol: 'SPY   261218C00605000', premium: 500, size: 5 });
    const other = flow(second, 10, { underlying: 'QQQ', strike: 500, premium: 1 });
    const view = await computePositioning(db, source({ held: () => [grown, fresh, other] }), { underlying: 'SPY', scope: { kind: 'session' } }, T0);
    expect(view.totals.flows).toBe(4);
    expect(view.totals.premium).toBe(8_000 + 2_000 + 3_000 + 500);
    expect(view.strikes.map((s) => s.strike)).toEqual([600, 605, 610]);
  });

  it('a replay reads only the flows made so far (by sequence) or first seen before its position', async () => {
    const bySeq = await computePositioning(db, source({ beforeSeq: 3 }), { underlying: 'SPY', scope: { kind: 'session' } }, T0);
    expect(bySeq.totals.flows).toBe(2);
    const byTime = await computePositioning(db, source({ before: T0 + 2_500, note: 'other rules' }), { underlying: 'SPY', scope: { kind: 'session' } }, T0);
    expect(byTime.totals.premium).toBe(5_000.5 + 2_000);
    expect(byTime.note).toBe('other rules');
  });

  it('a date range reads every session first seen inside it', async () => {
    const all = await computePositioning(db, source(), { underlying: 'SPY', scope: { kind: 'range', from: T0 - 2 * 86_400_000, to: T0 + 86_400_000 } }, T0);
    expect(all).toMatchObject({ sessions: 2, sessionId: null });
    expect(all.totals.premium).toBe(11_000.5);
    const yesterday = await computePositioning(db, source(), { underlying: 'SPY', scope: { kind: 'range', from: T0 - 2 * 86_400_000, to: T0 } }, T0);
    expect(yesterday.totals).toMatchObject({ flows: 1, premium: 1_000 });
  });

  it('skips a stored row that is not a flow, and says so', async () => {
    db.prepare('UPDATE flows SET data = ? WHERE id = ?').run(JSON.stringify({ strike: 'six hundred' }), second * 2 ** 32 + 2);
    const view = await computePositioning(db, source(), { underlying: 'SPY', scope: { kind: 'session' } }, T0);
    expect(view.totals.flows).toBe(2);
    expect(view.note).toBe('1 stored flows could not be read and are left out');
  });

  it('takes open interest and gamma from the latest quotes the parse stage merged', async () => {
    // Fields: 9 open interest, 29 gamma, 35 underlying price (src-main/schwab/fields.ts).
    quote(CALL_600, { '9': 1_000, '29': 0.05, '35': 599 }, T0);
    quote(PUT_600, { '9': 2_000, '29': 0.04 }, T0 + 1);
    quote(CALL_610, { '9': 500 }, T0 + 2);
    // A delta: only the changed fields travel; the merged quote keeps the rest.
    quote(CALL_600, { '29': 0.06, '35': 600 }, T0 + 3, false);
    const view = await computePositioning(db, source(), { underlying: 'SPY', scope: { kind: 'session' } }, T0);
    const unit = 100 * 600 * 600 * 0.01;
    expect(view.gex).toMatchObject({ spot: 600, used: 2, noGamma: 1, noOpenInterest: 0, missing: null });
    expect(view.gex.rows).toHaveLength(1);
    expect(view.gex.rows[0]?.call).toBeCloseTo(0.06 * 1_000 * unit, 4);
    expect(view.gex.rows[0]?.put).toBeCloseTo(-0.04 * 2_000 * unit, 4);
    expect(view.quotesAt).toBe(T0 + 3);
    expect((await computePositioning(db, source(), { underlying: 'QQQ', scope: { kind: 'session' } }, T0)).gex.missing).toBe('no underlying price received yet');
  });

  it('gives the event loop back every few thousand rows, and a reader of its own answers the same, one request at a time', async () => {
    const many = Array.from({ length: ROWS_PER_TURN * 2 + 5 }, (_, i) => flow(second, 100 + i, { premium: 1, size: 1 }));
    upsertFlows(db, many);
    let turns = 0;
    const direct = await computePositioning(db, source(), { underlying: 'SPY', scope: { kind: 'session' } }, T0, async () => void turns++);
    expect(turns).toBe(2);
    expect(direct.totals.flows).toBe(3 + many.length);
    const reader = new PositioningReader(join(dir, 'fathom.db'));
    try {
      const query = { underlying: 'SPY', scope: { kind: 'session' as const } };
      const [a, b] = await Promise.all([reader.read(source(), query, T0), reader.read(source(), query, T0)]);
      expect(a).toEqual(direct);
      expect(b).toEqual(direct);
    } finally {
      reader.close();
    }
  });
});
