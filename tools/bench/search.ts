// search.first_rows: a history search over 30 simulated sessions, from the request to its first
// page of rows, through the worker's own HistorySearches (its read connection, its plan, its page
// and CPU-slice rules) on a database written by the real store. The sessions are a simulated day
// apart with seeded flows (src-main/store/history.testkit.ts); contracts recur across days.
import { join } from 'node:path';
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import { SAVED_SEARCHES } from '../../shared/domain/history-search.ts';
import { decodeFlowBatch } from '../../shared/ipc/flows.ts';
import { historyEvents, type HistoryPage } from '../../shared/ipc/history.ts';
import { payloadIf } from '../../shared/ipc/push.ts';
import { HistorySearches } from '../../src-main/ingest/history-searches.ts';
import { openDatabase } from '../../src-main/store/database.ts';
import { decodeFlowData } from '../../src-main/store/flow-data.ts';
import { searchPlan } from '../../src-main/store/flow-search.ts';
import { openOfDay, recordHistory } from '../../src-main/store/history.testkit.ts';
import { ManualClock } from '../../src-main/util/manual-clock.testkit.ts';
import { median, round, timeBoth, timeIt, type Figure } from './figure.ts';

const SESSIONS = 30;
const ROUNDS = 5;

/** The searches a trader runs, from the broadest to the most selective. */
function searches(contract: string): [string, HistoryQuery][] {
  const repeat = SAVED_SEARCHES.find((s) => s.id === 'repeat-buyers')?.query ?? {};
  return [
    ['everything', {}],
    ['SPY whales', { underlyings: ['SPY'], minPremium: 100_000 }],
    ['AAPL+TSLA bearish sweeps and blocks', { underlyings: ['AAPL', 'TSLA'], sentiments: ['BEARISH'], kinds: ['SWEEP', 'BLOCK'] }],
    ['one contract', { contract }],
    ['a week, puts above the ask', { from: openOfDay(10), to: openOfDay(17), rights: ['P'], sides: ['ABOVE_ASK'] }],
    ['NVDA strike and expiry range, $400k+', { underlyings: ['NVDA'], strikeMin: 170, strikeMax: 190, minPremium: 400_000 }],
    ['repeat buyers (saved search)', repeat],
  ];
}

export const searchFirstRows: Figure = {
  name: 'search.first_rows',
  unit: 'ms',
  target: 200,
  async run(ctx) {
    const perSession = ctx.quick ? 200 : Number(process.env.FATHOM_BENCH_SEARCH_FLOWS ?? 10_000);
    const dbPath = join(ctx.inputs.dir, `search-${Date.now()}.db`);
    const db = openDatabase(dbPath);
    ctx.log(`search.first_rows: recording ${SESSIONS} sessions of ${perSession} flows`);
    const history = recordHistory(db, { sessions: SESSIONS, flowsPerSession: perSession, seed: 2026 });
    // A contract that recurs: the first flow's.
    const contract = (db.prepare('SELECT symbol FROM flows ORDER BY id LIMIT 1').get() as { symbol: string }).symbol;
    // The ceiling: the newest page read straight by row id and parsed, no criteria, no plan.
    const bare: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(
        timeIt(() => {
          const rows = db.prepare('SELECT data FROM flows ORDER BY id DESC LIMIT 500').all() as { data: string }[];
          for (const row of rows) decodeFlowData(row.data);
        }),
      );
    }
    db.close();

    let page: HistoryPage | null = null;
    const workers = new HistorySearches({ clock: new ManualClock(0), send: (item) => (page = payloadIf(item, historyEvents.page) ?? page) });
    const results: Record<string, { cpuMs: number; wallMs: number; rows: number; index: string }> = {};
    let n = 0;
    for (const [name, query] of searches(contract)) {
      const cpu: number[] = [];
      const wall: number[] = [];
      let rows = 0;
      for (let i = 0; i < (ctx.quick ? 1 : ROUNDS); i++) {
        page = null;
        // start() reads and pushes the first page before it returns: that is the time to first rows.
        const t = timeBoth(() => workers.start(dbPath, 'bench', `s${n++}`, query));
        const first = page as HistoryPage | null;
        if (!first) throw new Error(`${name}: no page pushed`);
        rows = decodeFlowBatch(first.rows).length;
        cpu.push(t.cpu * 1000);
        wall.push(t.wall * 1000);
        workers.closeAll();
      }
      results[name] = { cpuMs: round(median(cpu), 1), wallMs: round(median(wall), 1), rows, index: searchPlan(query).index };
    }
    const slowest = Math.max(...Object.values(results).map((r) => r.cpuMs));
    return {
      value: slowest,
      ceiling: round(median(bare) * 1000, 1),
      notes:
        `${SESSIONS} sessions a simulated day apart, ${history.flows} flows (${perSession} a session, seeded, written by the real store with ` +
        `migration 5's columns and indexes); value: the slowest of ${Object.keys(results).length} searches, from HistorySearches.start ` +
        `(its own read-only connection, the plan, the first page: up to 500 rows, or what 40 ms of reading after the first row found) to that page pushed, thread CPU ms, ` +
        `median of ${ROUNDS} rounds; ceiling: the newest 500 rows read by row id and parsed, no criteria. Per search (cpu and wall ms, rows in the first page, index walked):`,
      detail: results,
    };
  },
};
