// Migrations stay additive: the committed snapshot of the schema must still be contained in the
// schema the code creates (no table, column or index dropped, renamed or retyped), and must be
// current. After an additive change, regenerate it:
//   FATHOM_UPDATE_SCHEMA_SNAPSHOT=1 npx vitest run src-main/store/schema.test.ts
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, SCHEMA_VERSION } from './database.ts';
import type { Db } from './database.ts';

const SNAPSHOT = new URL('./schema.snapshot.json', import.meta.url);

interface Schema {
  version: number;
  tables: Record<string, Record<string, string>>;
  indexes: Record<string, string>;
}

function schemaOf(db: Db): Schema {
  const tables: Schema['tables'] = {};
  const indexes: Schema['indexes'] = {};
  const objects = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as { type: string; name: string; sql: string }[];
  for (const o of objects) {
    if (o.type === 'table') {
      const columns = db.prepare(`PRAGMA table_info(${o.name})`).all() as { name: string; type: string; notnull: number; pk: number }[];
      tables[o.name] = Object.fromEntries(columns.map((c) => [c.name, `${c.type}${c.notnull ? ' NOT NULL' : ''}${c.pk ? ' PK' : ''}`]));
    } else if (o.type === 'index') {
      indexes[o.name] = o.sql.replace(/\s+/g, ' ');
    }
  }
  return { version: SCHEMA_VERSION, tables, indexes };
}

describe('the schema', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-schema-'));
  const db = openDatabase(join(dir, 's.db'));
  const current = schemaOf(db);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  if (process.env.FATHOM_UPDATE_SCHEMA_SNAPSHOT === '1') writeFileSync(SNAPSHOT, `${JSON.stringify(current, null, 2)}\n`);
  const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Schema;

  it('only grows: every table, column and index of the snapshot is still there, unchanged', () => {
    expect(current.version).toBeGreaterThanOrEqual(snapshot.version);
    for (const [table, columns] of Object.entries(snapshot.tables)) {
      expect(current.tables[table], `table ${table}`).toBeDefined();
      for (const [column, type] of Object.entries(columns)) expect(current.tables[table]?.[column], `${table}.${column}`).toBe(type);
    }
    for (const [index, sql] of Object.entries(snapshot.indexes)) expect(current.indexes[index], `index ${index}`).toBe(sql);
  });

  it('matches the committed snapshot (regenerate it after an additive change)', () => {
    expect(current).toEqual(snapshot);
  });

  it('keeps the flows table to the secondary indexes its queries need', () => {
    // Each costs every flow write (store.flows in npm run bench): one underlying over time above a
    // premium, and the history search's (src-main/store/flow-search.ts): newest first with every
    // criterion, and by contract and direction for the repeat criterion.
    const flowIndexes = Object.values(current.indexes).filter((sql) => / ON flows /.test(sql));
    expect(flowIndexes).toEqual([
      'CREATE INDEX flows_by_contract_time ON flows (symbol, direction, time)',
      'CREATE INDEX flows_by_time ON flows (time, underlying, symbol, kind, premium, strike, expiry, put_call, side, direction, sentiment, strategy_type)',
      'CREATE INDEX flows_by_underlying_time ON flows (underlying, time, premium)',
    ]);
  });
});
