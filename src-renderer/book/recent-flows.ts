// The contract's recent flows in a book window: newest first, one row per flow id (a flow that
// grows replaces its row), capped.
import type { FlowRow } from '../../shared/ipc/flows.ts';

export const RECENT_FLOWS_CAP = 200;

export function mergeFlows(current: readonly FlowRow[], incoming: readonly FlowRow[], symbol: string, cap = RECENT_FLOWS_CAP): FlowRow[] {
  if (incoming.length === 0) return current as FlowRow[];
  const byId = new Map<string, FlowRow>();
  for (const row of current) byId.set(row.id, row);
  let changed = false;
  for (const row of incoming) {
    if (row.symbol !== symbol) continue;
    const held = byId.get(row.id);
    if (held && held.version >= row.version) continue;
    byId.set(row.id, row);
    changed = true;
  }
  if (!changed) return current as FlowRow[];
  return [...byId.values()].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1)).slice(0, cap);
}
