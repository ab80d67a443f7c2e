// What ui.batch_decode (ui-decode.ts) bundles into the page: a received frame to flow rows, as
// the feed does it (the transport reads the frame, the feed decodes the batch in its frame).
import { readBinaryFrame } from '../../shared/ipc/binary-frames.ts';
import { decodeFlowBatch, type FlowBatchWire, type FlowRow } from '../../shared/ipc/flows.ts';

export function decodeFrame(buffer: ArrayBuffer): FlowRow[] {
  return decodeFlowBatch(readBinaryFrame(buffer)[1] as FlowBatchWire);
}
