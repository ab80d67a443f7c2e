// Flows to Parquet for research tools (DuckDB, Polars, Spark): the export's columns with real
// types (a UTC timestamp, a date for the expiry, numbers and booleans, nulls kept) plus a summary of
// the evidence (the kind rule and the reasons), written a row group at a time with backpressure,
// so an export never holds a whole session in memory. The writer is hyparquet-writer: pure
// JavaScript, no native build, Snappy-compressed pages.
import type { Writable } from 'node:stream';
import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import type { Flow } from '../../shared/domain/flow.ts';
import { daysFromCivil, parseCalendarDate } from '../../shared/time/eastern.ts';
import { EXPORT_COLUMNS } from './flow-export.ts';

type ExportColumn = (typeof EXPORT_COLUMNS)[number];
type ParquetType = 'STRING' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'DATE';

/** Every export column's Parquet type: a column added to EXPORT_COLUMNS must be typed here too. */
const COLUMN_TYPES: Record<ExportColumn, ParquetType> = {
  id: 'STRING', sessionId: 'INT64', time: 'TIMESTAMP', symbol: 'STRING', underlying: 'STRING', expiry: 'DATE',
  strike: 'DOUBLE', right: 'STRING', size: 'INT64', price: 'DOUBLE', premium: 'DOUBLE', side: 'STRING',
  direction: 'STRING', sentiment: 'STRING', kind: 'STRING', whale: 'BOOLEAN', moneyness: 'STRING',
  otmPercent: 'DOUBLE', dte: 'INT64', bid: 'DOUBLE', ask: 'DOUBLE', underlyingPrice: 'DOUBLE',
  openInterest: 'INT64', dayVolume: 'INT64', iv: 'DOUBLE', delta: 'DOUBLE', conflated: 'BOOLEAN',
  prints: 'INT64', confidence: 'DOUBLE', sideRule: 'STRING', kindConfidence: 'DOUBLE',
  openingLikely: 'BOOLEAN', unusual: 'BOOLEAN', repeater: 'BOOLEAN', spreadLeg: 'BOOLEAN',
  delayed: 'BOOLEAN', cancelled: 'BOOLEAN', version: 'INT64', strategyId: 'STRING', strategyType: 'STRING',
  // FLOW-RULES.md §9 and §10: null on flows stored before them, or not checked yet.
  institutional: 'DOUBLE', nextDay: 'STRING', nextDayOiBefore: 'INT64', nextDayOiAfter: 'INT64', nextDayOiChange: 'INT64',
  nextDayFlowSize: 'INT64', nextDayDayTotal: 'INT64',
};

/** The next day's check as its export columns (FLOW-RULES.md §10). */
const NEXT_DAY_CELLS = {
  nextDay: (flow: Flow) => flow.nextDay?.label ?? null,
  nextDayOiBefore: (flow: Flow) => flow.nextDay?.oiBefore,
  nextDayOiAfter: (flow: Flow) => flow.nextDay?.oiAfter,
  nextDayOiChange: (flow: Flow) => flow.nextDay?.change,
  nextDayFlowSize: (flow: Flow) => flow.nextDay?.flowSize,
  nextDayDayTotal: (flow: Flow) => flow.nextDay?.dayTotal,
} as const;

/** The evidence, summarised: the rule that decided the kind, and the reasons in firing order. */
export const EVIDENCE_COLUMNS = ['kindRule', 'reasons'] as const;
export const PARQUET_COLUMNS = [...EXPORT_COLUMNS, ...EVIDENCE_COLUMNS] as const;
type ParquetColumn = (typeof PARQUET_COLUMNS)[number];
type Cell = string | number | bigint | boolean | null;

/** Rows per row group: a few MB of columns in memory, and readers can skip groups by their statistics. */
export const ROW_GROUP_ROWS = 10_000;

function element(name: string, type: ParquetType): SchemaElement {
  const optional = { name, repetition_type: 'OPTIONAL' } as const;
  switch (type) {
    case 'STRING':
      return { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'TIMESTAMP':
      return { ...optional, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } };
    case 'DATE':
      return { ...optional, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    default:
      return { ...optional, type };
  }
}

const TYPES: Record<ParquetColumn, ParquetType> = { ...COLUMN_TYPES, kindRule: 'STRING', reasons: 'STRING' };
const SCHEMA: SchemaElement[] = [{ name: 'flow', num_children: PARQUET_COLUMNS.length }, ...PARQUET_COLUMNS.map((c) => element(c, TYPES[c]))];

function cell(flow: Flow, column: ParquetColumn): Cell {
  switch (column) {
    case 'sessionId':
      return BigInt(flow.sessionId);
    case 'time':
      return BigInt(flow.time);
    case 'expiry': {
      const { year, month, day } = parseCalendarDate(flow.expiry);
      return daysFromCivil(year, month, day);
    }
    // A flow stored before version 3 has no `cancelled`: it was not.
    case 'cancelled':
      return flow.cancelled === true;
    // The strategy this flow is a leg of (FLOW-RULES.md §8); null when none.
    case 'strategyId':
      return flow.strategy?.id ?? null;
    case 'strategyType':
      return flow.strategy?.type ?? null;
    case 'institutional':
      return flow.institutional ?? null;
    case 'nextDay':
      return NEXT_DAY_CELLS.nextDay(flow);
    case 'nextDayOiBefore':
    case 'nextDayOiAfter':
    case 'nextDayOiChange':
    case 'nextDayFlowSize':
    case 'nextDayDayTotal': {
      const value = NEXT_DAY_CELLS[column](flow);
      return value === undefined ? null : BigInt(value);
    }
    case 'kindRule':
      return flow.evidence.kindRule;
    case 'reasons':
      return flow.evidence.reasons.join('; ');
    default: {
      const value = flow[column];
      if (value === null || value === undefined) return null;
      return TYPES[column] === 'INT64' ? BigInt(Math.round(value as number)) : (value as Cell);
    }
  }
}

/** A hyparquet writer that hands each finished row group to a Node stream, waiting when it is full. */
class StreamWriter extends ByteWriter {
  private readonly out: Writable;

  constructor(out: Writable) {
    super(1 << 20);
    this.out = out;
  }

  flush(): Promise<void> {
    const chunk = Buffer.from(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
    return this.out.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

/** Writes flows to `out` as one Parquet file; resolves with the number of rows (the caller ends `out`). */
export async function writeFlowsParquet(flows: Iterable<Flow>, out: Writable, onProgress?: (rows: number) => void): Promise<number> {
  const writer = new ParquetWriter({ writer: new StreamWriter(out), schema: SCHEMA, createdBy: 'Fathom' });
  let columns = PARQUET_COLUMNS.map(() => [] as Cell[]);
  let rows = 0;
  const writeGroup = async () => {
    const columnData: ColumnSource[] = PARQUET_COLUMNS.map((name, i) => ({ name, data: columns[i] as Cell[] }));
    await writer.write({ columnData, rowGroupSize: ROW_GROUP_ROWS });
    columns = PARQUET_COLUMNS.map(() => []);
    onProgress?.(rows);
    // Let the event loop breathe between row groups: an export must never freeze the app that runs it.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  for (const flow of flows) {
    PARQUET_COLUMNS.forEach((column, i) => (columns[i] as Cell[]).push(cell(flow, column)));
    rows++;
    if (rows % ROW_GROUP_ROWS === 0) await writeGroup();
  }
  if (rows % ROW_GROUP_ROWS !== 0) await writeGroup();
  await writer.finish();
  onProgress?.(rows);
  return rows;
}
