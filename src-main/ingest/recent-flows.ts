// The newest flows of each contract, kept for a book window that opens (its flow list starts
// with them). Bounded over all contracts, not only per contract: at the demo's highest intensity
// 480 contracts x 200 rows of 45 fields each held about 90 MB of the ingest worker's heap (a heap
// snapshot after two minutes: 96,000 rows, three quarters of what the worker kept alive). Past
// the bound the contract whose flows changed longest ago is forgotten whole; a window that asks
// for more than memory holds reads the rest from where the session keeps its flows (the store
// live, the recorded flows in a replay), so forgetting loses nothing.
import { RECENT_FLOWS_PER_CONTRACT, type FlowRow } from '../../shared/ipc/flows.ts';

/**
 * Rows held over all contracts: about 3 MB (a row is about 600 bytes of the worker's heap; a heap
 * snapshot at the demo's highest intensity found 20,000 rows, the bound before, holding 12 MB,
 * which V8 sized the worker's heap to about 1.7 times). 5,000 rows are the newest 200 of 25
 * contracts, or the newest 45 seconds or so of new flows at that intensity (about 110 a second):
 * a forgotten contract is one that changed longest ago, whose rows the store (written about once a
 * second) already has.
 */
export const RECENT_ROWS_HELD = 5_000;

export class RecentFlows {
  /** Newest first per contract; the Map in the order contracts last changed, oldest first. */
  private readonly lists = new Map<string, FlowRow[]>();
  private rows = 0;
  private readonly maxRows: number;

  constructor(maxRows = RECENT_ROWS_HELD) {
    if (maxRows < RECENT_FLOWS_PER_CONTRACT) throw new Error(`hold at least ${RECENT_FLOWS_PER_CONTRACT} rows, not ${maxRows}`);
    this.maxRows = maxRows;
  }

  /** Rows held now, over all contracts. */
  get size(): number {
    return this.rows;
  }

  /** A new flow, or a new version of one held (it replaces it in place). */
  remember(row: FlowRow): void {
    let list = this.lists.get(row.symbol);
    if (list) this.lists.delete(row.symbol);
    else list = [];
    this.lists.set(row.symbol, list);
    const at = list.findIndex((r) => r.id === row.id);
    if (at >= 0) {
      list[at] = row;
      return;
    }
    list.unshift(row);
    this.rows++;
    if (list.length > RECENT_FLOWS_PER_CONTRACT) {
      list.pop();
      this.rows--;
    }
    for (const [symbol, oldest] of this.lists) {
      if (this.rows <= this.maxRows) break;
      this.lists.delete(symbol);
      this.rows -= oldest.length;
    }
  }

  /** The newest flows held of one contract, newest first. */
  of(symbol: string, limit: number): FlowRow[] {
    return (this.lists.get(symbol) ?? []).slice(0, limit);
  }

  /** The newest flows held over every contract, newest first. */
  newest(limit: number): FlowRow[] {
    return [...this.lists.values()].flat().sort(newestFirst).slice(0, limit);
  }

  clear(): void {
    this.lists.clear();
    this.rows = 0;
  }
}

/**
 * One contract's list for a window, newest first: what memory holds (the contract's newest flows,
 * in the order they were made, each at its newest version), then the older ones the session
 * stored. Memory alone answers when it holds `limit` rows.
 */
export function contractBacklog(held: readonly FlowRow[], stored: () => readonly FlowRow[], limit: number): FlowRow[] {
  if (held.length >= limit) return held.slice(0, limit);
  const ids = new Set(held.map((row) => row.id));
  const rows = held.slice();
  for (const row of stored()) {
    if (rows.length >= limit) break;
    if (!ids.has(row.id)) rows.push(row);
  }
  return rows;
}

function newestFirst(a: FlowRow, b: FlowRow): number {
  return b.time - a.time;
}
