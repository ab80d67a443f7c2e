import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { openDatabase, type Db } from './database.ts';
import { exportedFlow, writeFlows } from './flow-export.ts';
import { contractFlowsBefore, getFlow, iterateFlows, newestFlows, upsertFlows } from './flows.ts';
import { createSession } from './sessions.ts';

let dir: string;
let db: Db;
let session: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-flows-'));
  db = openDatabase(join(dir, 'fathom.db'));
  session = createSession(db, { source: 'demo', symbols: ['SPY'], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: 1000 });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function flow(overrides: Partial<Flow> = {}): Flow {
  const { cancelled: _cancelled, ...row } = flowRow({ id: `${session}-1`, sessionId: String(session), ...overrides });
  return { ...row, ...(overrides.cancelled === undefined ? {} : { cancelled: overrides.cancelled }), evidence: { prints: [], reasons: ['5 @ 1.25: price 1.25 = ask 1.25'], kindRule: 'DEFAULT: one print' } };
}

async function exported(flows: Flow[], format: 'csv' | 'ndjson'): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  await writeFlows(flows, format, out);
  return text;
}

describe('a busted flow in the store and exports (FLOW-RULES.md §1)', () => {
  it('keeps the cancelled version, its evidence, and carries it to the feed backlog', () => {
    upsertFlows(db, [flow({ version: 1 })]);
    const bust = 'BUST: day volume fell by 50 (1050 to 1000) 12 s after this flow of 50 contracts: the trade was busted, the flow is cancelled';
    upsertFlows(db, [{ ...flow({ version: 2, cancelled: true }), evidence: { prints: [], reasons: ['5 @ 1.25', bust], kindRule: 'DEFAULT: one print' } }]);
    // An older version arriving late does not undo it.
    upsertFlows(db, [flow({ version: 1 })]);
    const stored = getFlow(db, `${session}-1`);
    expect(stored).toMatchObject({ cancelled: true, version: 2 });
    expect(stored?.evidence.reasons).toContain(bust);
    expect(newestFlows(db, session, 10)[0]).toMatchObject({ cancelled: true });
    expect([...iterateFlows(db, { sessionId: session })][0]?.cancelled).toBe(true);
  });

  it('exports a cancelled column, false for flows stored before it existed', async () => {
    const cancelled = flow({ cancelled: true });
    const old = flow({ id: `${session}-2` });
    expect('cancelled' in old).toBe(false);
    expect(exportedFlow(cancelled).cancelled).toBe(true);
    expect(exportedFlow(old).cancelled).toBe(false);
    const csv = (await exported([cancelled, old], 'csv')).trim().split('\n');
    const column = csv[0]?.split(',').indexOf('cancelled') ?? -1;
    expect(column).toBeGreaterThan(0);
    expect(csv.slice(1).map((line) => line.split(',')[column])).toEqual(['true', 'false']);
    const ndjson = (await exported([cancelled], 'ndjson')).trim();
    expect(JSON.parse(ndjson)).toMatchObject({ cancelled: true });
  });

  it('reads one contract\'s flows of one session, newest first, below a sequence when asked', () => {
    const other = createSession(db, { source: 'demo', symbols: ['SPY'], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: 2000 });
    const call = 'SPY   261218C00600000';
    const put = 'SPY   261218P00600000';
    upsertFlows(db, [
      flow({ id: `${session}-1`, symbol: call }),
      flow({ id: `${session}-2`, symbol: put }),
      flow({ id: `${session}-3`, symbol: call }),
      flow({ id: `${session}-4`, symbol: call }),
      flow({ id: `${other}-1`, sessionId: String(other), symbol: call }),
    ]);
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(contractFlowsBefore(db, session, call, 10))).toEqual([`${session}-4`, `${session}-3`, `${session}-1`]);
    expect(ids(contractFlowsBefore(db, session, call, 2))).toEqual([`${session}-4`, `${session}-3`]);
    expect(ids(contractFlowsBefore(db, session, call, 10, 4))).toEqual([`${session}-3`, `${session}-1`]);
    expect(ids(contractFlowsBefore(db, session, put, 10))).toEqual([`${session}-2`]);
    expect(ids(contractFlowsBefore(db, other, call, 10))).toEqual([`${other}-1`]);
    expect(contractFlowsBefore(db, session, call, 1)[0]).not.toHaveProperty('evidence');
  });
});
