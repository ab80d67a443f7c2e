// Positioning of one underlying for the windows (shared/analytics/FLOW-RULES.md §12): the flows
// come from the store (the session on screen, or every session within a date range), with the
// session's flows still growing in memory laid over their stored versions; open interest and
// gamma come from the latest quotes of the session on screen. A month of flows takes the worker
// seconds to read (each stored row is mostly its evidence: tools/bench store.positioning), so
// the read runs on its own read-only connection and gives the event loop back every few thousand
// rows: the market keeps streaming while the page waits.
import { PositioningAggregator } from '../../shared/analytics/positioning.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import type { SessionId, SessionSource } from '../../shared/domain/session.ts';
import type { PositioningAnswer, PositioningScope } from '../../shared/ipc/positioning.ts';
import type { ChainQuotes } from '../market/chain-quotes.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { flowRowId } from '../store/flows.ts';
import { readPositioningFlows, type PositioningRowQuery } from '../store/positioning-flows.ts';
import { sessionRow } from '../store/sessions.ts';

/** What a session on screen offers positioning. */
export interface PositioningSource {
  sessionId: SessionId;
  source: SessionSource;
  quotes: ChainQuotes;
  /**
   * The session's flows that may still grow, latest version of each, when the stored ones are
   * this session's own; a replay with other flow rules has none to lay over the recorded ones.
   */
  held: () => Iterable<Flow>;
  /** Only stored flows numbered below this (a replay's flows so far); null for all. */
  beforeSeq: number | null;
  /** Only stored flows first seen before this (a replay with other rules); null for all. */
  before: number | null;
  note: string | null;
}

export interface PositioningQuery {
  underlying: string;
  scope: PositioningScope;
}

/** Rows read between two turns of the event loop. */
export const ROWS_PER_TURN = 1000;

const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

export async function computePositioning(db: Db, on: PositioningSource, query: PositioningQuery, now: number, pause: () => Promise<void> = nextTurn): Promise<PositioningAnswer> {
  const { underlying, scope } = query;
  const agg = new PositioningAggregator();
  const sessions = new Set<number>();
  // Held flows replace their stored versions (the store is written about once a second).
  const held = new Map<number, Flow>();
  let note = on.note;
  let read: PositioningRowQuery;
  if (scope.kind === 'session') {
    for (const flow of on.held()) if (flow.underlying === underlying) held.set(flowRowId(flow.id), flow);
    read = {
      underlying,
      sessionId: sessionRow(on.sessionId),
      ...(on.beforeSeq !== null ? { beforeSeq: on.beforeSeq } : {}),
      ...(on.before !== null ? { to: on.before } : {}),
    };
  } else {
    read = { underlying, from: scope.from, to: scope.to };
  }
  const stored = readPositioningFlows(db, read);
  let rows = 0;
  for (const flow of stored.rows) {
    sessions.add(flow.sessionId);
    if (!held.has(flow.rowId)) agg.add(flow);
    if (++rows % ROWS_PER_TURN === 0) await pause();
  }
  for (const flow of held.values()) {
    sessions.add(Number(flow.sessionId));
    agg.add(flow);
  }
  if (stored.skipped() > 0) note = [note, `${stored.skipped()} stored flows could not be read and are left out`].filter(Boolean).join('; ');
  const chain = on.quotes.snapshot(underlying);
  return {
    ...agg.result(underlying, chain.chain, chain.spot),
    scope,
    sessionId: scope.kind === 'session' ? on.sessionId : null,
    source: on.source,
    sessions: sessions.size,
    at: now,
    quotesAt: chain.at,
    note,
  };
}

/**
 * Reads positioning on a read-only connection of its own (a query left open across turns of the
 * event loop would keep the writer's connection busy), one request at a time.
 */
export class PositioningReader {
  private readonly dbPath: string;
  private db: Db | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dbPath: string) {
    this.dbPath = dbPath;
  }

  read(on: PositioningSource, query: PositioningQuery, now: number): Promise<PositioningAnswer> {
    const task = this.queue.then(() => computePositioning(this.connection(), on, query, now));
    this.queue = task.catch(() => undefined);
    return task;
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }

  private connection(): Db {
    this.db ??= openDatabase(this.dbPath, { readonly: true });
    return this.db;
  }
}
