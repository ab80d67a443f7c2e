// What ui.batch_decode (ui-decode.ts) bundles into the page: a received frame to flow rows, as
// the feed does it (the transport reads the frame, the feed reads the batch lazily in its frame
// and files each row by id, version and first-print time: those it reads of every row). The
// eager decode, every field of every row at once, is beside it.
import { readBinaryFrame } from '../../shared/ipc/binary-frames.ts';
import { decodeFlowBatch, readFlowBatchLazily, type FlowBatchWire, type FlowRow } from '../../shared/ipc/flows.ts';

/** Sums what was read, so no engine can skip the reads. */
export let checksum = 0;

export function decodeFrame(buffer: ArrayBuffer): FlowRow[] {
  const rows = readFlowBatchLazily(readBinaryFrame(buffer)[1] as FlowBatchWire);
  let sum = 0;
  for (const row of rows) sum += row.id.length + row.version + row.time;
  checksum += sum;
  return rows;
}

export function decodeFrameEager(buffer: ArrayBuffer): FlowRow[] {
  return decodeFlowBatch(readBinaryFrame(buffer)[1] as FlowBatchWire);
}
