import { describe, expect, it } from 'vitest';
import { RECENT_FLOWS_PER_CONTRACT, type FlowRow } from '../../shared/ipc/flows.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { contractBacklog, RecentFlows } from './recent-flows.ts';

const row = (symbol: string, seq: number, overrides: Partial<FlowRow> = {}) => flowRow({ id: `1-${symbol}-${seq}`, symbol, time: seq * 1000, ...overrides });
const ids = (rows: readonly FlowRow[]) => rows.map((r) => r.id);

describe('the newest flows per contract, bounded over all contracts', () => {
  it('keeps the newest flows of a contract, newest first, a new version in place', () => {
    const recent = new RecentFlows();
    for (let seq = 1; seq <= 3; seq++) recent.remember(row('A', seq));
    recent.remember(row('A', 2, { size: 77, version: 2 }));
    expect(ids(recent.of('A', 10))).toEqual(['1-A-3', '1-A-2', '1-A-1']);
    expect(recent.of('A', 10)[1]?.size).toBe(77);
    expect(recent.size).toBe(3);
  });

  it('holds at most the per-contract limit of one contract', () => {
    const recent = new RecentFlows();
    for (let seq = 1; seq <= RECENT_FLOWS_PER_CONTRACT + 5; seq++) recent.remember(row('A', seq));
    expect(recent.size).toBe(RECENT_FLOWS_PER_CONTRACT);
    expect(recent.of('A', 1000)).toHaveLength(RECENT_FLOWS_PER_CONTRACT);
    expect(recent.of('A', 1)[0]?.id).toBe(`1-A-${RECENT_FLOWS_PER_CONTRACT + 5}`);
  });

  it('forgets the contract whose flows changed longest ago once the bound is passed', () => {
    const recent = new RecentFlows(RECENT_FLOWS_PER_CONTRACT * 2);
    for (let seq = 1; seq <= 150; seq++) recent.remember(row('A', seq));
    for (let seq = 1; seq <= 150; seq++) recent.remember(row('B', seq));
    // A new version of one of A's flows makes B the contract changed longest ago.
    recent.remember(row('A', 10, { version: 2 }));
    for (let seq = 1; seq <= 150; seq++) recent.remember(row('C', seq));
    expect(recent.of('B', 10)).toEqual([]);
    expect(recent.of('A', 1000)).toHaveLength(150);
    expect(recent.of('C', 1000)).toHaveLength(150);
    expect(recent.size).toBe(300);
    expect(new Set(recent.newest(1000).map((r) => r.symbol))).toEqual(new Set(['A', 'C']));
  });

  it('refuses a bound below one contract\'s list', () => {
    expect(() => new RecentFlows(RECENT_FLOWS_PER_CONTRACT - 1)).toThrow(/at least/);
  });
});

describe('a contract\'s list for a window that opens', () => {
  it('is memory alone when memory holds enough, without reading the store', () => {
    const held = [row('A', 3), row('A', 2)];
    const stored = () => {
      throw new Error('the store was read');
    };
    expect(ids(contractBacklog(held, stored, 2))).toEqual(['1-A-3', '1-A-2']);
  });

  it('is memory then the older stored flows, memory\'s version winning', () => {
    const held = [row('A', 4), row('A', 3, { version: 3, size: 50 })];
    const stored = () => [row('A', 3, { version: 1 }), row('A', 2), row('A', 1)];
    const rows = contractBacklog(held, stored, 3);
    expect(ids(rows)).toEqual(['1-A-4', '1-A-3', '1-A-2']);
    expect(rows[1]?.version).toBe(3);
  });
});
