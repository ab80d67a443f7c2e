// The feed's pages of stored flows (readFlowPage) on a real SQLite file, asked as a window asks
// them: each query parsed by the contract's own schema, each answer decoded as the window decodes it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import { decodeFlowBatch, flowPageQuerySchema, type FlowRow } from '../../shared/ipc/flows.ts';
import { openDatabase, type Db } from './database.ts';
import { flowPageSql, readFlowPage, SESSION_FLOOR_SLACK_MS, upsertFlows } from './flows.ts';
import { addSession, openOfDay, storedFlow } from './history.testkit.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-pages-'));
const db: Db = openDatabase(join(dir, 'pages.db'));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const FLOWS = 1_000;

/** Two flows share each first-print time, and every fifth is late (behind later sequences). */
function timeOf(seq: number): number {
  return openOfDay(0) + Math.floor(seq / 2) * 1_000 + (seq % 5 === 0 ? -2_500 : 0);
}

function flowOf(session: number, seq: number): Flow {
  return storedFlow(session, seq, { time: timeOf(seq), version: 1 });
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
/** The session's flows in the feed's order, newest first: first-print time, then sequence. */
const feedOrder = Array.from({ length: FLOWS }, (_, seq) => seq)
  .sort((a, b) => timeOf(b) - timeOf(a) || b - a)
  .map(id);

describe('readFlowPage', () => {
  it('walks a session back from a flow in the feed\'s order, page after page, to its first flow', () => {
    const seen: string[] = [];
    let from = flowOf(session, 900);
    for (;;) {
      const { rows, end } = page({ direction: 'older', from: from.id, time: from.time, limit: 300 });
      seen.push(...rows.map((r) => r.id));
      if (end) break;
      from = rows.at(-1)! as Flow;
    }
    expect(seen).toEqual(feedOrder.slice(feedOrder.indexOf(id(900)) + 1));
    // The rows are the feed's: no evidence, every field the store kept.
    const first = page({ direction: 'older', from: id(10), time: timeOf(10), limit: 1 }).rows[0]!;
    expect(first).toMatchObject({ sessionId: String(session) });
    expect('evidence' in first).toBe(false);
  });

  it('walks forward from a flow, oldest first, up to the newest time the window was sent, never past it', () => {
    const until = timeOf(400);
    const all = [...feedOrder].reverse();
    const expected = all.slice(all.indexOf(id(100)) + 1).filter((flowId) => timeOf(Number(flowId.split('-')[1])) <= until);
    const first = page({ direction: 'newer', from: id(100), time: timeOf(100), until, limit: 200 });
    expect(first.rows.map((r) => r.id)).toEqual(expected.slice(0, 200));
    expect(first.end).toBe(false);
    const last = first.rows.at(-1)!;
    const second = page({ direction: 'newer', from: last.id, time: last.time, until, limit: 200 });
    expect(second.rows.map((r) => r.id)).toEqual(expected.slice(200));
    expect(second.end).toBe(true);
    // Past the store's newest: a short page, nothing of the next session.
    const tail = page({ direction: 'newer', from: all[990]!, time: timeOf(Number(all[990]!.split('-')[1])), until: timeOf(5_000), limit: 50 });
    expect(tail.rows.map((r) => r.id)).toEqual(all.slice(991));
    expect(tail.end).toBe(true);
  });

  it('reads through flows_by_time, sorting only flows of the same time, an older page bounded below by the session\'s floor', () => {
    for (const direction of ['older', 'newer'] as const) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${flowPageSql(direction)}`).all(0, 1, 2, 3, 4, 5, 6) as { detail: string }[];
      const steps = plan.map((s) => s.detail).join(' | ');
      // A range on both sides: the walk stops at the session's floor, not at the oldest flow stored.
      expect(steps).toMatch(/SEARCH f USING (COVERING )?INDEX flows_by_time \(time>\? AND time<\?\)/);
      expect(steps).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    }
  });

  it('finds a late flow of the session inside the floor\'s slack, and nothing of the session before', () => {
    // A flow numbered after the rest whose first print is before all of theirs (a print seen late).
    const late = storedFlow(session, FLOWS, { time: timeOf(0) - SESSION_FLOOR_SLACK_MS + 1_000, version: 1 });
    upsertFlows(db, [late]);
    try {
      const oldest = feedOrder.at(-1)!;
      const { rows, end } = page({ direction: 'older', from: oldest, time: timeOf(Number(oldest.split('-')[1])), limit: 10 });
      expect(rows.map((r) => r.id)).toEqual([late.id]);
      expect(end).toBe(true);
    } finally {
      db.prepare('DELETE FROM flows WHERE id = ?').run(session * 2 ** 32 + FLOWS);
    }
  });

  it('the contract refuses a cursor that is not a stored flow id, a page too large, or extra fields', () => {
    expect(() => flowPageQuerySchema.parse({ direction: 'older', from: 'abc', time: 0, limit: 10 })).toThrow(/flow id/);
    expect(() => flowPageQuerySchema.parse({ direction: 'older', from: id(5), time: 0, limit: 10_000 })).toThrow();
    expect(() => flowPageQuerySchema.parse({ direction: 'older', from: id(5), time: 0, limit: 10, extra: 1 })).toThrow();
    expect(() => flowPageQuerySchema.parse({ direction: 'newer', from: id(5), time: 0, limit: 10 })).toThrow();
    expect(() => flowPageQuerySchema.parse({ direction: 'older', from: id(5), time: -1, limit: 10 })).toThrow();
  });
});
