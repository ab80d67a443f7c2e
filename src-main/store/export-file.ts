// A session's flows to a file in any export format: the text formats row by row (flow-export.ts),
// Parquet a row group at a time (parquet-export.ts).
import type { Writable } from 'node:stream';
import type { Flow } from '../../shared/domain/flow.ts';
import { writeFlows, type ExportFormat } from './flow-export.ts';
import { writeFlowsParquet } from './parquet-export.ts';

export type ExportFileFormat = ExportFormat | 'parquet';

/** Writes flows to `out`; resolves with the number of rows (the caller ends `out`). */
export function writeExport(flows: Iterable<Flow>, format: ExportFileFormat, out: Writable, onProgress?: (rows: number) => void): Promise<number> {
  return format === 'parquet' ? writeFlowsParquet(flows, out, onProgress) : writeFlows(flows, format, out, onProgress);
}
