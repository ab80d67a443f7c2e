// What a replay checkpoint costs in memory, estimated from what it holds, so the player can keep
// its checkpoints under a budget (replay-player.ts). Objects a checkpoint shares with the live
// state or with the checkpoint before it (flows, book columns, prints and events: never changed
// once made) count once, in the checkpoint that first held them. Flows the store keeps as they
// are held cost a sequence number (checkpoint-flows.ts); only the others are held. State kept
// serialized (packed-state.ts) counts its bytes. The per-item figures were
// measured with V8's heap statistics on the simulator's max-intensity sessions (Level 1 on 480
// contracts; books in the live shape): see tools/bench/replay-seek.ts's notes for the totals.
import type { TimelinesSnapshot } from '../market/book-timelines.ts';
import type { CheckpointEngine } from './checkpoint-flows.ts';
import { packedBytes, type PackedState } from './packed-state.ts';

/** Estimated bytes all checkpoints of one replay may hold together before they are thinned. */
export const CHECKPOINT_BUDGET_BYTES = 512 * 1024 * 1024;

/**
 * A contract's tracker copied (the object, its quote ring and its small fields), with its share of
 * the engine's rolling statistics: with the flows left to the store these are most of a
 * checkpoint, 5.7 MiB on the bench's 480 contracts by V8's heap statistics (tools/bench/replay-seek.ts).
 */
const PER_TRACKER = 9_000;
/** A number in a tracker's growing arrays (premiums, hits), or a reference in one. */
const PER_NUMBER = 12;
/** A held flow: an entry of the copied map (the flow itself is shared). */
const PER_HELD_FLOW = 40;
/** A flow the store keeps, as a sequence number in a typed array. */
const PER_FLOW_REF = 4;
/**
 * A flow version first held by this checkpoint, with its evidence (prints and the quotes they were
 * judged against): once the engine lets go of it, only checkpoints keep it.
 */
const PER_FLOW = 2_400;
/** A book column, print or event first held by this checkpoint (the one-level live shape with venues). */
const PER_TIMELINE_ITEM = 700;
/** A contract's history and detector: the copied lists' references and the detector's small state. */
const PER_TIMELINE = 600;

interface Sized {
  processor: PackedState<unknown>;
  engine: CheckpointEngine;
  timelines: TimelinesSnapshot;
}

export function checkpointBytes(checkpoint: Sized, previous: Sized | undefined): number {
  const { processor, engine, timelines } = checkpoint;
  const fresh = previous ? Math.min(timelines.items, timelines.added - previous.timelines.added) : timelines.items;
  return (
    packedBytes(processor) +
    engineBytes(engine, previous?.engine) +
    timelines.contracts.length * PER_TIMELINE +
    Math.max(0, fresh) * PER_TIMELINE_ITEM +
    timelines.items * PER_NUMBER
  );
}

function engineBytes(engine: CheckpointEngine, previous: CheckpointEngine | undefined): number {
  if (engine.packed) {
    const { flows } = engine;
    // Kept versions are mostly the newest (still growing): counted as first held here.
    const before = previous?.packed ? previous.flows.kept : undefined;
    let freshFlows = flows.otherRecent.size + flows.otherLatest.size;
    for (const [seq, flow] of flows.kept) if (before?.get(seq) !== flow) freshFlows++;
    return packedBytes(engine.state) + (flows.order.length + flows.recent.length + flows.latest.length) * PER_FLOW_REF + flows.kept.size * PER_HELD_FLOW + freshFlows * PER_FLOW;
  }
  const { state } = engine;
  let numbers = 0;
  for (const tracker of state.contracts.values()) if (tracker) numbers += tracker.heldNumbers() + tracker.ring.capacity * 5;
  let freshFlows = 0;
  const before = previous && !previous.packed ? previous.state.flows : undefined;
  for (const [id, flow] of state.flows) if (before?.get(id) !== flow) freshFlows++;
  return state.contracts.size * PER_TRACKER + numbers * PER_NUMBER + state.flows.size * PER_HELD_FLOW + freshFlows * PER_FLOW;
}
