// What other thresholds change in a session: flows that appear, disappear or change kind (or
// whale flag) against the recorded ones. Flows are matched by contract and first-print time,
// since other cluster settings can renumber them.
import type { Flow } from '../../shared/domain/flow.ts';

export type FlowChange =
  | { change: 'appeared'; flow: Flow }
  | { change: 'disappeared'; flow: Flow }
  | { change: 'kind'; before: Flow; after: Flow }
  | { change: 'whale'; before: Flow; after: Flow };

export interface DiffSummary {
  recorded: number;
  rerun: number;
  appeared: number;
  disappeared: number;
  kindChanged: number;
  whaleChanged: number;
}

const key = (f: Flow) => `${f.symbol}|${f.time}`;

export function diffFlows(recorded: readonly Flow[], rerun: readonly Flow[]): { changes: FlowChange[]; summary: DiffSummary } {
  const before = new Map(recorded.map((f) => [key(f), f]));
  const after = new Map(rerun.map((f) => [key(f), f]));
  const changes: FlowChange[] = [];
  for (const [k, flow] of after) {
    const old = before.get(k);
    if (!old) changes.push({ change: 'appeared', flow });
    else if (old.kind !== flow.kind) changes.push({ change: 'kind', before: old, after: flow });
    else if (old.whale !== flow.whale) changes.push({ change: 'whale', before: old, after: flow });
  }
  for (const [k, flow] of before) if (!after.has(k)) changes.push({ change: 'disappeared', flow });
  const time = (c: FlowChange) => ('flow' in c ? c.flow.time : c.before.time);
  changes.sort((a, b) => time(a) - time(b));
  return {
    changes,
    summary: {
      recorded: recorded.length,
      rerun: rerun.length,
      appeared: changes.filter((c) => c.change === 'appeared').length,
      disappeared: changes.filter((c) => c.change === 'disappeared').length,
      kindChanged: changes.filter((c) => c.change === 'kind').length,
      whaleChanged: changes.filter((c) => c.change === 'whale').length,
    },
  };
}
