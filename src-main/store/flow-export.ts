// The public JSON and CSV form of a flow (times in ISO 8601 UTC with milliseconds), written as
// a stream with backpressure: an export never holds a whole table in memory.
import type { Writable } from 'node:stream';
import type { Flow } from '../../shared/domain/flow.ts';

/** The text formats, written row by row; Parquet is written by row group (parquet-export.ts). */
export type ExportFormat = 'csv' | 'json' | 'ndjson';

export const EXPORT_COLUMNS = [
  'id', 'sessionId', 'time', 'symbol', 'underlying', 'expiry', 'strike', 'right', 'size', 'price',
  'premium', 'side', 'direction', 'sentiment', 'kind', 'whale', 'moneyness', 'otmPercent', 'dte',
  'bid', 'ask', 'underlyingPrice', 'openInterest', 'dayVolume', 'iv', 'delta', 'conflated',
  'prints', 'confidence', 'sideRule', 'kindConfidence', 'openingLikely', 'unusual', 'repeater',
  'spreadLeg', 'delayed', 'cancelled', 'version',
  'strategyId', 'strategyType',
  'institutional', 'nextDay', 'nextDayOiBefore', 'nextDayOiAfter', 'nextDayOiChange', 'nextDayFlowSize', 'nextDayDayTotal',
] as const;

type Cell = string | number | boolean | null;
export type ExportedFlow = Record<(typeof EXPORT_COLUMNS)[number], Cell>;

/** Columns that are not a flow field as it is: absent (flows stored before them, or not checked yet) is empty. */
const DERIVED: Partial<Record<(typeof EXPORT_COLUMNS)[number], (flow: Flow) => Cell>> = {
  time: (flow) => new Date(flow.time).toISOString(),
  // A flow stored before version 3 has no `cancelled`: it was not.
  cancelled: (flow) => flow.cancelled === true,
  institutional: (flow) => flow.institutional ?? null,
  // FLOW-RULES.md §10: OPENING, CLOSING or MIXED, and the numbers it rests on.
  nextDay: (flow) => flow.nextDay?.label ?? null,
  nextDayOiBefore: (flow) => flow.nextDay?.oiBefore ?? null,
  nextDayOiAfter: (flow) => flow.nextDay?.oiAfter ?? null,
  nextDayOiChange: (flow) => flow.nextDay?.change ?? null,
  nextDayFlowSize: (flow) => flow.nextDay?.flowSize ?? null,
  nextDayDayTotal: (flow) => flow.nextDay?.dayTotal ?? null,
};

export function exportedFlow(flow: Flow): ExportedFlow {
  const out = {} as ExportedFlow;
  for (const column of EXPORT_COLUMNS) {
    if (column === 'strategyId' || column === 'strategyType') continue;
    const derived = DERIVED[column];
    out[column] = derived ? derived(flow) : (flow[column as keyof Flow] as Cell);
  }
  // The strategy this flow is a leg of (FLOW-RULES.md §8); empty when none.
  out.strategyId = flow.strategy?.id ?? null;
  out.strategyType = flow.strategy?.type ?? null;
  return out;
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes flows to a stream in the chosen format; resolves with the number of rows. */
export async function writeFlows(
  flows: Iterable<Flow>,
  format: ExportFormat,
  out: Writable,
  onProgress?: (rows: number) => void,
): Promise<number> {
  let rows = 0;
  const write = (chunk: string) => (out.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', resolve)));
  if (format === 'csv') await write(`${EXPORT_COLUMNS.join(',')}\n`);
  if (format === 'json') await write('[');
  for (const flow of flows) {
    const record = exportedFlow(flow);
    if (format === 'csv') await write(`${EXPORT_COLUMNS.map((c) => csvCell(record[c])).join(',')}\n`);
    else if (format === 'json') await write(`${rows === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`);
    else await write(`${JSON.stringify(record)}\n`);
    rows++;
    if (rows % 1000 === 0) {
      onProgress?.(rows);
      // Let the event loop breathe: an export must never freeze the app that runs it.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (format === 'json') await write(rows === 0 ? ']\n' : '\n]\n');
  onProgress?.(rows);
  return rows;
}
