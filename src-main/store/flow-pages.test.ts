// The feed's pages of stored flows (readFlowPage) on a real SQLite file, asked as a window asks
// them: each query parsed by the contract's own schema, each answer decoded as the window decodes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import { decodeFlowBatch, flowPageQuerySchema, type FlowRow } from '../../shared/ipc/flows.ts';
import { openDatabase, type Db } from './database.ts';
import { readFlowPage, upsertFlows } from './flows.ts';
import { addSession, openOfDay, storedFlow } from './history.testkit.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-pages-'));
const db: Db = openDatabase(join(dir, 'pages.db'));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const FLOWS = 1_000;

function flowOf(session: number, seq: number): Flow {
  return storedFlow(session, seq, { time: openOfDay(0) + seq * 1_000, version: 1 });
}

// A session before and one after the one paged, so a page that crossed sessions would show.
const before = addSession(db, openOfDay(0) - 86_400_000);
upsertFlows(db, [flowOf(before, 0), flowOf(before, 1)]);
const session = addSession(db, openOfDay(0));
upsertFlows(db, Array.from({ length: FLOWS }, (_, seq) => flowOf(session, seq)));
const after = addSession(db, openOfDay(0) + 86_400_000);
upsertFlows(db, [flowOf(after, 0)]);

function page(query: unknown): { rows: FlowRow[]; end: boolean } {
  const answer = readFlowPage(db, flowPageQuerySchema.parse(query));
  return { rows: decodeFlowBatch(answer.rows), end: answer.end };
}

const id = (seq: number): string => `${session}-${seq}`;

describe('readFlowPage', () => {
  it('walks a session back from a flow, newest first, page after page, to its first flow', () => {
    const seen: string[] = [];
    let from = id(900);
    for (;;) {
      const { rows, end } = page({ direction: 'older', from, limit: 300 });
      seen.push(...rows.map((r) => r.id));
      if (end) break;
      from = rows.at(-1)!.id;
    }
    expect(seen).toEqual(Array.from({ length: 900 }, (_, i) => id(899 - i)));
    // The rows are the feed's: no evidence, every field the store kept.
    const first = page({ direction: 'older', from: id(10), limit: 1 }).rows[0]!;
    expect(first).toMatchObject({ id: id(9), sessionId: String(session), time: openOfDay(0) + 9_000 });
    expect('evidence' in first).toBe(false);
  });

  it('walks forward from a flow, oldest first, up to the newest the window was sent, never past it', () => {
    const first = page({ direction: 'newer', from: id(100), until: id(400), limit: 200 });
    expect(first.rows.map((r) => r.id)).toEqual(Array.from({ length: 200 }, (_, i) => id(101 + i)));
    expect(first.end).toBe(false);
    const second = page({ direction: 'newer', from: id(300), until: id(400), limit: 200 });
    expect(second.rows.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => id(301 + i)));
    expect(second.end).toBe(true);
    // Past the store's newest: a short page, nothing of the next session.
    const last = page({ direction: 'newer', from: id(990), until: id(5_000), limit: 50 });
    expect(last.rows.map((r) => r.id)).toEqual(Array.from({ length: 9 }, (_, i) => id(991 + i)));
    expect(last.end).toBe(true);
  });

  it('the contract refuses a cursor that is not a stored flow id, a page too large, or two sessions', () => {
    expect(() => flowPageQuerySchema.parse({ direction: 'older', from: 'abc', limit: 10 })).toThrow(/flow id/);
    expect(() => flowPageQuerySchema.parse({ direction: 'older', from: id(5), limit: 10_000 })).toThrow();
    expect(() => flowPageQuerySchema.parse({ direction: 'older', from: id(5), limit: 10, extra: 1 })).toThrow();
    expect(() => flowPageQuerySchema.parse({ direction: 'newer', from: id(5), until: `${after}-9`, limit: 10 })).toThrow(/one session/);
  });
});
