// The Parquet export read back by DuckDB: what a researcher would run over months of sessions.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from './export.ts';
import { UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { openDatabase } from '../store/database.ts';
import { decodeFlowData, flowDataFieldSql } from '../store/flow-data.ts';
import { upsertFlows } from '../store/flows.ts';
import { addSession, openOfDay, recordHistory, storedFlow, type SimulatedHistory } from '../store/history.testkit.ts';
import { PARQUET_COLUMNS, ROW_GROUP_ROWS } from '../store/parquet-export.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-parquet-'));
const lines: string[] = [];
const io: CliIo = { out: (line) => lines.push(line), err: (line) => lines.push(line) };
let duck: DuckDBConnection;
let instance: DuckDBInstance;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  duck = await instance.connect();
});
afterAll(() => {
  duck.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** DuckDB's rows, its BIGINTs as numbers (every count and sum here is far below 2^53). */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const rows = (await duck.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

const quoted = (paths: readonly string[]) => `[${paths.map((p) => `'${p.replace(/'/g, "''")}'`).join(', ')}]`;

describe('30 simulated sessions exported to Parquet with `fathom export`', () => {
  const db = join(dir, 'history.db');
  let history: SimulatedHistory;
  let files: string[];
  let stored: { n: number; premium: number; size: number };

  beforeAll(async () => {
    const handle = openDatabase(db);
    history = recordHistory(handle, { sessions: 30, flowsPerSession: 400, seed: 30 });
    stored = handle.prepare(`SELECT COUNT(*) AS n, SUM(premium) AS premium, SUM(${flowDataFieldSql('data', 'size')}) AS size FROM flows`).get() as typeof stored;
    handle.close();
    files = [];
    for (const id of history.sessionIds) {
      const out = join(dir, `session-${id}.parquet`);
      expect(await exportCommand(['--db', db, '--session', String(id), '--out', out], io)).toBe(0);
      files.push(out);
    }
  }, 120_000);

  it('DuckDB reads back every row, with the same premium and size sums as the store', async () => {
    expect(stored.n).toBe(30 * 400);
    expect(stored.premium).toBe(history.premium);
    const [row] = await query(`SELECT COUNT(*) AS n, SUM(premium) AS premium, SUM(size) AS size, COUNT(DISTINCT sessionId) AS sessions FROM read_parquet(${quoted(files)})`);
    expect(row).toEqual({ n: 30 * 400, premium: history.premium, size: history.size, sessions: 30 });
    expect(lines.filter((l) => /^exported 400 flows of session \d+ to /.test(l))).toHaveLength(30);
  });

  it('keeps the types a query needs: a UTC timestamp, a date, numbers, booleans, nulls, the evidence summary', async () => {
    const columns = await query(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM read_parquet('${files[0]}'))`);
    const typeOf = Object.fromEntries(columns.map((c) => [c.name, c.type]));
    expect(Object.keys(typeOf)).toEqual([...PARQUET_COLUMNS]);
    expect(typeOf).toMatchObject({ time: 'TIMESTAMP WITH TIME ZONE', expiry: 'DATE', sessionId: 'BIGINT', size: 'BIGINT', premium: 'DOUBLE', whale: 'BOOLEAN', symbol: 'VARCHAR', reasons: 'VARCHAR' });
    const handle = openDatabase(db, { readonly: true });
    const first = decodeFlowData((handle.prepare('SELECT data FROM flows ORDER BY id LIMIT 1').get() as { data: string }).data);
    handle.close();
    const [row] = await query(
      `SELECT id, epoch_ms(time) AS time, strftime(expiry, '%Y-%m-%d') AS expiry, strike, "right", side, whale, iv, delta, kindRule, reasons, cancelled FROM read_parquet('${files[0]}') WHERE id = '${String(first.id)}'`,
    );
    expect(row).toEqual({
      id: first.id,
      time: first.time,
      expiry: first.expiry,
      strike: first.strike,
      right: first.right,
      side: first.side,
      whale: first.whale,
      iv: first.iv,
      delta: first.delta,
      kindRule: 'SWEEP_MULTI',
      reasons: first.evidence.reasons.join('; '),
      cancelled: false,
    });
  });

  it("runs the README's per-minute query over every file", async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const sql = /```sql\n-- duckdb\n([\s\S]*?)```/.exec(readme)?.[1];
    if (!sql) throw new Error('the README has no DuckDB query');
    const minutes = await query(sql.replace("'fathom-session-*.parquet'", quoted(files)));
    expect(minutes.length).toBeGreaterThan(30);
    expect(minutes.reduce((n, m) => n + Number(m.flows), 0)).toBe(30 * 400);
    expect(minutes.reduce((n, m) => n + Number(m.premium), 0)).toBe(history.premium);
    const handle = openDatabase(db, { readonly: true });
    const net = handle.prepare("SELECT SUM(CASE sentiment WHEN 'BULLISH' THEN premium WHEN 'BEARISH' THEN -premium ELSE 0 END) AS net, SUM(CASE WHEN whale = 1 THEN premium ELSE 0 END) AS whales FROM flows").get() as { net: number; whales: number };
    handle.close();
    expect(minutes.reduce((n, m) => n + Number(m.net_premium), 0)).toBe(net.net);
    expect(minutes.reduce((n, m) => n + Number(m.whale_premium ?? 0), 0)).toBe(net.whales);
  });
});

describe('Parquet export edge cases', () => {
  it('a session larger than a row group is split into groups that read back whole', async () => {
    const db = join(dir, 'large.db');
    const handle = openDatabase(db);
    const history = recordHistory(handle, { sessions: 1, flowsPerSession: ROW_GROUP_ROWS * 2 + 123, seed: 5 });
    handle.close();
    const out = join(dir, 'large.parquet');
    expect(await exportCommand(['--db', db, '--session', 'latest', '--out', out], io)).toBe(0);
    const [row] = await query(`SELECT COUNT(*) AS n, SUM(premium) AS premium, SUM(size) AS size, COUNT(DISTINCT id) AS ids FROM read_parquet('${out}')`);
    expect(row).toEqual({ n: history.flows, premium: history.premium, size: history.size, ids: history.flows });
    const [groups] = await query(`SELECT COUNT(DISTINCT row_group_id) AS n FROM parquet_metadata('${out}')`);
    expect(groups).toEqual({ n: 3 });
  }, 60_000);

  it('a session without flows is a valid file with no rows; nulls stay nulls; a leg names its strategy', async () => {
    const db = join(dir, 'small.db');
    const handle = openDatabase(db);
    const empty = addSession(handle, openOfDay(0));
    const other = addSession(handle, openOfDay(1));
    const strategy = { id: `S${other}-0`, type: 'RISK_REVERSAL', rule: 'STRATEGY_TIME_RATIO', legs: [], netPremium: null, netDelta: null, sentiment: 'BULLISH', reason: 'two prints in a 1:1 ratio' } as const;
    upsertFlows(handle, [storedFlow(other, 0, { iv: null, delta: null, moneyness: null, openInterest: null, bid: null, strategy: { ...strategy, legs: [] } })]);
    handle.close();
    const none = join(dir, 'none.parquet');
    expect(await exportCommand(['--db', db, '--session', String(empty), '--out', none], io)).toBe(0);
    expect(await query(`SELECT COUNT(*) AS n FROM read_parquet('${none}')`)).toEqual([{ n: 0 }]);
    const one = join(dir, 'one.parquet');
    expect(await exportCommand(['--db', db, '--session', String(other), '--out', one], io)).toBe(0);
    expect(await query(`SELECT iv, delta, moneyness, openInterest, bid, ask, strategyId, strategyType FROM read_parquet('${one}')`)).toEqual([
      { iv: null, delta: null, moneyness: null, openInterest: null, bid: null, ask: 1.25, strategyId: `S${other}-0`, strategyType: 'RISK_REVERSAL' },
    ]);
  });

  it('an unknown extension is a usage error and writes nothing', async () => {
    const db = join(dir, 'small.db');
    const before = readdirSync(dir).length;
    await expect(exportCommand(['--db', db, '--out', join(dir, 'flows.xlsx')], io)).rejects.toThrow(UsageError);
    await expect(exportCommand(['--db', db, '--out', join(dir, 'flows.xlsx')], io)).rejects.toThrow('--out must end in .csv, .json, .ndjson or .parquet, got ".xlsx"');
    expect(readdirSync(dir)).toHaveLength(before);
  });
});
