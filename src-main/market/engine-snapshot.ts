// What a flow engine checkpoint may share with the engine instead of copying. A flow is never
// changed once made (a new version is a new object: flow-builder.ts, flow-versions.ts), and an
// open cluster's prints and reasons are replaced, never pushed to, because the versions already
// published share them as evidence (contract-tracker.ts). So a checkpoint keeps them by
// reference and copies only the state that moves (trackers, maps, rings): at the simulator's
// highest intensity the two minutes of flows held are most of the engine's bytes.
import type { EngineSnapshot } from './flow-engine-types.ts';

/** The flows and evidence arrays an engine state points at: kept by reference by cloneState. */
export function* immutableParts(state: Pick<EngineSnapshot, 'flows' | 'contracts'>): Generator<object> {
  yield* state.flows.values();
  for (const tracker of state.contracts.values()) {
    if (!tracker) continue;
    yield* tracker.recentFlows;
    const cluster = tracker.cluster;
    if (!cluster) continue;
    yield cluster.prints;
    yield cluster.reasons;
    if (cluster.latest) yield cluster.latest;
  }
}
