import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { openDatabase, type Db } from './database.ts';
import { EXPORT_COLUMNS, writeFlows } from './flow-export.ts';
import { getFlow, upsertFlows } from './flows.ts';
import { createSession } from './sessions.ts';

let dir: string;
let db: Db;
let session: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-strategies-'));
  db = openDatabase(join(dir, 'fathom.db'));
  session = createSession(db, { source: 'demo', symbols: ['SPY'], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: 1000 });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function leg(seq: number, strategy?: StrategyLink): Flow {
  const { cancelled: _c, strategy: _s, ...row } = flowRow({ id: `${session}-${seq}`, sessionId: String(session), version: strategy ? 2 : 1 });
  return { ...row, ...(strategy ? { strategy } : {}), evidence: { prints: [], reasons: strategy ? [strategy.reason] : [], kindRule: 'DEFAULT: one print' } };
}

function straddle(): StrategyLink {
  return {
    id: `S${session}-1`,
    type: 'STRADDLE',
    rule: 'STRATEGY_TIME_RATIO',
    legs: [
      { flowId: `${session}-1`, symbol: 'SPY   241129C00450000', expiry: '2024-11-29', strike: 450, right: 'C', direction: 'BUY', size: 50, ratio: 1, premium: 6250 },
      { flowId: `${session}-2`, symbol: 'SPY   241129P00450000', expiry: '2024-11-29', strike: 450, right: 'P', direction: 'BUY', size: 50, ratio: 1, premium: 5000 },
    ],
    netPremium: 11_250,
    netDelta: 150,
    sentiment: 'NEUTRAL',
    reason: 'STRADDLE (STRATEGY_TIME_RATIO): 2 legs on SPY printed within 2 ms (window 100 ms), sizes 50:50 (1:1)',
  };
}

describe('strategies in the store and exports (FLOW-RULES.md §8)', () => {
  it('keeps the link of the highest version, and a flow without one has none', () => {
    upsertFlows(db, [leg(1), leg(2), leg(3)]);
    const link = straddle();
    upsertFlows(db, [leg(1, link), leg(2, link)]);
    expect(getFlow(db, `${session}-1`)?.strategy).toEqual(link);
    expect(getFlow(db, `${session}-2`)?.strategy?.id).toBe(link.id);
    expect(getFlow(db, `${session}-3`)?.strategy).toBeUndefined();
  });

  it('exports each leg with its strategy id and type, empty for other flows', async () => {
    const link = straddle();
    let text = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    await writeFlows([leg(1, link), leg(3)], 'csv', out);
    const [header, first, other] = text.trim().split('\n').map((line) => line.split(','));
    expect(header).toEqual([...EXPORT_COLUMNS]);
    const at = (row: string[] | undefined, column: string) => row?.[header?.indexOf(column) ?? -1];
    expect(at(first, 'strategyId')).toBe(link.id);
    expect(at(first, 'strategyType')).toBe('STRADDLE');
    expect(at(other, 'strategyId')).toBe('');
    expect(at(other, 'strategyType')).toBe('');
  });
});
