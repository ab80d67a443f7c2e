// The flow batches a backed-up window has not taken yet, merged into one: the newest version of
// each flow, in the order the flows first came (issue 19: overload sheds, never queues). A window
// behind the stream shows only the newest version of a flow anyway (src-renderer/feed/flow-intake.ts
// drops the versions in between), so keeping the older ones here would only make it later.
import { decodeFlowBatch, encodeFlowBatch, type FlowBatchWire, type FlowRow } from '../../../shared/ipc/flows.ts';

/**
 * What a waiting row is counted as against the queue's byte bound: about what one costs on
 * either wire (a packed row of the max-intensity demo is ~250 bytes, a JSON one ~900).
 */
export const COALESCED_ROW_BYTES = 1024;

export class FlowCoalescer {
  private readonly rows = new Map<string, FlowRow>();
  /** Versions dropped here because a newer (or the same) version of their flow came after them. */
  shed = 0;

  get size(): number {
    return this.rows.size;
  }

  get bytes(): number {
    return this.rows.size * COALESCED_ROW_BYTES;
  }

  /** Merges a batch in; returns how many versions it shed (older ones it replaced or its own stale ones). */
  add(wire: FlowBatchWire): number {
    let shed = 0;
    for (const row of decodeFlowBatch(wire)) {
      const held = this.rows.get(row.id);
      if (held) shed++;
      // A row of the same id keeps its place in the map: the flow stays where it first came.
      if (!held || row.version >= held.version) this.rows.set(row.id, row);
    }
    this.shed += shed;
    return shed;
  }

  /** The merged batch, in the form a batch of this many rows travels in. */
  batch(): FlowBatchWire {
    return encodeFlowBatch([...this.rows.values()]);
  }
}
