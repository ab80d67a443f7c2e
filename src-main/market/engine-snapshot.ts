// A flow engine's state copied for a replay checkpoint, sharing what never changes. A flow is
// never changed once made (a new version is a new object: flow-builder.ts, flow-versions.ts), and
// an open cluster's prints and reasons are replaced, never pushed to, because the versions
// already published share them as evidence (contract-tracker.ts). So a checkpoint keeps them by
// reference and copies only the state that moves (trackers, maps, rings): at the simulator's
// highest intensity the two minutes of flows held are most of the engine's bytes.
import { cloneState } from '../util/clone-state.ts';
import type { EngineSnapshot } from './flow-engine-types.ts';

/** A copy of an engine's state (its own, or a checkpoint's) that shares the flows and their evidence. */
export function copyEngineState(state: EngineSnapshot): EngineSnapshot {
  return {
    // The held flows by reference: a copy of the map, in the same order (first print).
    flows: new Map(state.flows),
    contracts: cloneState(state.contracts, trackerShared(state.contracts)),
    spot: new Map(state.spot),
    spreads: cloneState(state.spreads),
    strategies: cloneState(state.strategies),
    nextId: state.nextId,
    counters: { ...state.counters },
    stats: cloneState(state.stats),
  };
}

/** What the trackers point at that never changes: their recent flows and open clusters' evidence. */
function* trackerShared(contracts: EngineSnapshot['contracts']): Generator<object> {
  for (const tracker of contracts.values()) {
    if (!tracker) continue;
    yield* tracker.recentFlows;
    yield tracker.contract;
    const cluster = tracker.cluster;
    if (!cluster) continue;
    yield cluster.prints;
    yield cluster.reasons;
    if (cluster.latest) yield cluster.latest;
  }
}
