// The flows of a replay checkpoint kept as sequence numbers where the store has them. A checkpoint
// of the flow engine points at the flow versions it holds (two minutes of them, its trackers'
// recent flows, its open clusters' latest versions): at the simulator's highest intensity about
// 13,000 flows of some 2.4 KB each. Copies share them, but checkpoints a minute apart hold
// different versions, and a day of checkpoints ends up holding every flow of the day. Most of
// them are final (no later version comes), and the recorded session's store keeps exactly that
// final version (store/flows.ts keeps the highest one): a checkpoint keeps only their sequence
// numbers and reads them back when it is restored. Versions the store does not hold as final
// (a cluster still growing, a bust or a strategy link still to come) stay in the checkpoint.
// Only with the recorded flow rules: with others the store's flows are not the replay's.
import type { Flow } from '../../shared/domain/flow.ts';
import { parseFlowId } from '../../shared/domain/flow-id.ts';
import type { EngineSnapshot } from '../market/flow-engine.ts';
import type { StoredFlowHead } from '../store/flows.ts';
import type { PackedState } from './packed-state.ts';

/** Reads the store's flows of the replayed session by sequence (store/flows.ts). */
export interface StoredFlowReader {
  heads(seqs: Iterable<number>, bulkFrom: number): Map<number, StoredFlowHead>;
  flows(seqs: Iterable<number>, bulkFrom: number): Map<number, Flow>;
}

/**
 * The flow engine's state: with the flows the store keeps left to it and the rest serialized, or
 * (with other flow rules than recorded, whose flows the store does not have) as objects sharing
 * the flows with the live engine and the other checkpoints.
 */
export type CheckpointEngine = { packed: true; state: PackedState<EngineSnapshot>; flows: PackedFlows } | { packed: false; state: EngineSnapshot };

/** The flows an engine checkpoint points at, without the ones the store keeps. */
export interface PackedFlows {
  /** Every entry of the engine's flows map, in the map's order (first print; a flow let go of and grown again goes last). */
  order: Int32Array;
  /** Every tracker's recent flows (trackers in the contracts map's order), oldest first. */
  recent: Int32Array;
  /** How many of `recent` each entry of the contracts map has. */
  recentCounts: Uint16Array;
  /** Each entry's open cluster's latest version (-1: none). */
  latest: Int32Array;
  /** Versions the store does not keep (not final, or not stored): held as they are. */
  kept: Map<number, Flow>;
  /**
   * Where a tracker points at another version of a flow than the flows map (an open cluster's
   * cached latest version is stale after a spread-leg mark or a strategy link): that version, by
   * its index in `recent` or `latest`.
   */
  otherRecent: Map<number, Flow>;
  otherLatest: Map<number, Flow>;
  /** Where the range read starts when they are read back: the oldest flow of the map. */
  bulkFrom: number;
  /** How many flows are left to the store. */
  stored: number;
}

function seqOf(flow: Flow): number {
  const parts = parseFlowId(flow.id);
  if (!parts) throw new Error(`a flow without a sequence: ${flow.id}`);
  return parts.seq;
}

/**
 * Takes the flows out of an engine checkpoint (which must be its own copy: its flows map, its
 * trackers' recent flows and clusters are emptied) and returns what brings them back.
 */
export function packFlows(engine: EngineSnapshot, store: StoredFlowReader): PackedFlows {
  const referenced = new Map<number, Flow>();
  const otherRecent = new Map<number, Flow>();
  const otherLatest = new Map<number, Flow>();
  /** The flow's sequence; false when another version of it was noted first. */
  const note = (flow: Flow): [number, boolean] => {
    const seq = seqOf(flow);
    const known = referenced.get(seq);
    if (known === undefined) referenced.set(seq, flow);
    return [seq, known === undefined || known === flow];
  };
  const order = new Int32Array(engine.flows.size);
  let i = 0;
  for (const flow of engine.flows.values()) order[i++] = note(flow)[0];
  const recentCounts = new Uint16Array(engine.contracts.size);
  const latest = new Int32Array(engine.contracts.size).fill(-1);
  const recent: number[] = [];
  i = 0;
  for (const tracker of engine.contracts.values()) {
    if (tracker) {
      for (const flow of tracker.recentFlows) {
        const [seq, same] = note(flow);
        if (!same) otherRecent.set(recent.length, flow);
        recent.push(seq);
      }
      recentCounts[i] = tracker.recentFlows.length;
      const cluster = tracker.cluster;
      if (cluster?.latest) {
        const [seq, same] = note(cluster.latest);
        if (!same) otherLatest.set(i, cluster.latest);
        latest[i] = seq;
      }
    }
    i++;
  }
  let bulkFrom = Number.POSITIVE_INFINITY;
  for (const seq of order) if (seq < bulkFrom) bulkFrom = seq;
  if (!Number.isFinite(bulkFrom)) bulkFrom = 0;
  const heads = store.heads(referenced.keys(), bulkFrom);
  const kept = new Map<number, Flow>();
  for (const [seq, flow] of referenced) {
    const head = heads.get(seq);
    // The version number says which version it is; time and premium guard against a session
    // recorded by other rules that happen to number its versions alike.
    if (!head || head.version !== flow.version || head.time !== flow.time || head.premium !== flow.premium) kept.set(seq, flow);
  }
  engine.flows = new Map();
  for (const tracker of engine.contracts.values()) {
    if (!tracker) continue;
    tracker.recentFlows = [];
    if (tracker.cluster) tracker.cluster.latest = undefined;
  }
  return { order, recent: Int32Array.from(recent), recentCounts, latest, kept, otherRecent, otherLatest, bulkFrom, stored: referenced.size - kept.size };
}

/**
 * Runs `use` with the checkpoint's flows put back (the kept ones and the store's), then takes them
 * out again, so the checkpoint holds no more than before. `use` must copy what it keeps (the
 * engine's restore does).
 */
export function withFlows<T>(engine: EngineSnapshot, packed: PackedFlows, store: StoredFlowReader, use: (engine: EngineSnapshot) => T): T {
  const wanted: number[] = [];
  const want = (seq: number) => {
    if (!packed.kept.has(seq)) wanted.push(seq);
  };
  packed.order.forEach(want);
  packed.recent.forEach(want);
  packed.latest.forEach((seq) => seq >= 0 && want(seq));
  const stored = store.flows(wanted, packed.bulkFrom);
  const flow = (seq: number): Flow => {
    const found = packed.kept.get(seq) ?? stored.get(seq);
    if (!found) throw new Error(`replay checkpoint: flow ${seq} is no longer in the store`);
    return found;
  };
  const flows = new Map<string, Flow>();
  for (const seq of packed.order) {
    const f = flow(seq);
    flows.set(f.id, f);
  }
  engine.flows = flows;
  let i = 0;
  let at = 0;
  for (const tracker of engine.contracts.values()) {
    if (tracker) {
      const count = packed.recentCounts[i] ?? 0;
      const recent: Flow[] = [];
      for (let r = at; r < at + count; r++) recent.push(packed.otherRecent.get(r) ?? flow(packed.recent[r] as number));
      tracker.recentFlows = recent;
      at += count;
      const latest = packed.latest[i] ?? -1;
      if (tracker.cluster) tracker.cluster.latest = latest >= 0 ? (packed.otherLatest.get(i) ?? flow(latest)) : undefined;
    }
    i++;
  }
  try {
    return use(engine);
  } finally {
    engine.flows = new Map();
    for (const tracker of engine.contracts.values()) {
      if (!tracker) continue;
      tracker.recentFlows = [];
      if (tracker.cluster) tracker.cluster.latest = undefined;
    }
  }
}
