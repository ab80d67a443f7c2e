// Reads the binary columnar form (flow-codec-layout.ts) into typed-array views over its bytes,
// checked: everything a row refers to is checked against the header before any row is read, so
// a truncated or hostile frame is refused with a FlowCodecError and never yields half a batch.
// The rows are then read from it eagerly or lazily (flow-codec-decode.ts).
import { DIRECTIONS, FLOW_KINDS, MONEYNESS, SIDE_RULES, SIDES, type Direction } from '../domain/flow.ts';
import type { Right } from '../domain/market.ts';
import { POSITION_EFFECTS, type NextDayCheck } from '../domain/next-day.ts';
import { STRATEGY_TYPES, type StrategyLeg, type StrategyLink, type StrategyRule, type StrategyType } from '../domain/strategy.ts';
import {
  CHECK_U32,
  FLOW_CODEC_MAGIC,
  FlowCodecError,
  HEADER_WORDS,
  LEG_U32,
  RIGHTS,
  ROW_ENUM,
  ROW_F64,
  ROW_STR,
  SENTIMENTS,
  SOURCES,
  STRATEGY_U32,
  aligned,
  layout,
  utf8Decoder,
} from './flow-codec-layout.ts';
import { checkEnumColumn, checkIndices, checkLinks } from './flow-codec-checks.ts';

export const nul = (v: number): number | null => (v === v ? v : null); // NaN is null

/** The distinct strings of a batch: one decoded text, each sliced out once, when first read. */
export class StringTable {
  private readonly text: string;
  private readonly starts: Uint32Array;
  private readonly cache: (string | undefined)[];

  constructor(text: string, starts: Uint32Array) {
    this.text = text;
    this.starts = starts;
    this.cache = new Array<string | undefined>(starts.length - 1);
  }

  get count(): number {
    return this.starts.length - 1;
  }

  /** String k; k is checked against `count` when the batch is read. */
  at(k: number): string {
    let s = this.cache[k];
    if (s === undefined) {
      s = this.text.slice(this.starts[k], this.starts[k + 1]);
      this.cache[k] = s;
    }
    return s;
  }
}

/** Records a row links to (strategies, next-day checks), checked with the batch, each built when first read. */
export class LinkedRecords<T> {
  private readonly build: (k: number) => T;
  private readonly cache: (T | undefined)[];

  constructor(count: number, build: (k: number) => T) {
    this.build = build;
    this.cache = new Array<T | undefined>(count);
  }

  /** Record k; k is checked against the count when the batch is read. */
  at(k: number): T {
    let record = this.cache[k];
    if (record === undefined) {
      record = this.build(k);
      this.cache[k] = record;
    }
    return record;
  }
}

/** A checked batch: its columns as typed-array views over its bytes (flow-codec-layout.ts). */
export interface PackedBatch {
  n: number;
  /** Row numbers (ROW_F64 x n) first, then strategies', legs' and checks'. */
  f: Float64Array;
  /** Row strings (ROW_STR x n), row links (strategy, next-day), then the rest. */
  u: Uint32Array;
  flags: Uint16Array;
  /** Row enums (ROW_ENUM x n). */
  e: Uint8Array;
  strings: StringTable;
  strategies: LinkedRecords<StrategyLink>;
  checks: LinkedRecords<NextDayCheck>;
}

/** Where the strategies', legs' and checks' numbers and indices start in the f64 and u32 sections. */
interface RecordBases {
  strategyF: number;
  strategyU: number;
  legF: number;
  legU: number;
  checkF: number;
  checkU: number;
}

/** A packed batch's columns, checked; throws FlowCodecError for anything that is not a whole, valid one. */
export function readPackedBatch(input: Uint8Array): PackedBatch {
  if (input.byteLength < HEADER_WORDS * 4) throw new FlowCodecError(`${input.byteLength} bytes is shorter than a header`);
  const bytes = aligned(input);
  const head = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_WORDS);
  if (head[0] !== FLOW_CODEC_MAGIC) throw new FlowCodecError('not a packed flow batch (bad magic)');
  const [, n, stringCount, stringBytes, strategyCount, legCount, checkCount, total] = head as unknown as number[] as [number, number, number, number, number, number, number, number];
  const at = layout({ n, strings: stringCount, stringBytes, strategies: strategyCount, legs: legCount, checks: checkCount });
  if (total !== bytes.byteLength || at.total !== total) throw new FlowCodecError(`size ${bytes.byteLength} does not match its header (${total}, layout ${at.total})`);
  const base = bytes.byteOffset;
  const f = new Float64Array(bytes.buffer, base + at.f64, at.f64Count);
  const u = new Uint32Array(bytes.buffer, base + at.u32, at.u32Count);
  const flags = new Uint16Array(bytes.buffer, base + at.u16, n);
  const e = new Uint8Array(bytes.buffer, base + at.u8, ROW_ENUM * n);

  // The string table: one decode, and where each string starts in it (by UTF-16 length); a
  // string is sliced out when first read.
  const text = utf8Decoder.decode(new Uint8Array(bytes.buffer, base + at.text, stringBytes));
  const starts = new Uint32Array(stringCount + 1);
  let lengthAt = at.u32Count - stringCount;
  let pos = 0;
  for (let k = 0; k < stringCount; k++) {
    starts[k] = pos;
    pos += u[lengthAt++] as number;
  }
  starts[stringCount] = pos;
  if (pos !== text.length) throw new FlowCodecError('its string table does not add up (not UTF-8 of its own strings)');
  const strings = new StringTable(text, starts);

  checkIndices(u, 0, ROW_STR.length * n, stringCount, 'string');
  checkLinks(u, ROW_STR.length * n, n, strategyCount, 'strategy');
  checkLinks(u, (ROW_STR.length + 1) * n, n, checkCount, 'next-day check');
  const words = new Uint32Array(bytes.buffer, base + at.u8, (ROW_ENUM * n) >> 2);
  checkEnumColumn(e, words, 0, n, RIGHTS.length, 'right', false);
  checkEnumColumn(e, words, n, n, SIDES.length, 'side', false);
  checkEnumColumn(e, words, 2 * n, n, DIRECTIONS.length, 'direction', false);
  checkEnumColumn(e, words, 3 * n, n, SENTIMENTS.length, 'sentiment', false);
  checkEnumColumn(e, words, 4 * n, n, FLOW_KINDS.length, 'kind', false);
  checkEnumColumn(e, words, 5 * n, n, MONEYNESS.length, 'moneyness', true);
  checkEnumColumn(e, words, 6 * n, n, SIDE_RULES.length, 'side rule', false);

  const strategyF = ROW_F64.length * n;
  const strategyU = (ROW_STR.length + 2) * n;
  const legF = strategyF + 2 * strategyCount;
  const legU = strategyU + STRATEGY_U32 * strategyCount;
  const records: RecordBases = { strategyF, strategyU, legF, legU, checkF: legF + 4 * legCount, checkU: legU + LEG_U32 * legCount };
  checkRecords(u, records, { stringCount, strategyCount, legCount, checkCount });
  const strategies = new LinkedRecords(strategyCount, (k) => strategyAt(f, u, strings, records, k));
  const checks = new LinkedRecords(checkCount, (k) => checkAt(f, u, strings, records, k));
  return { n, f, u, flags, e, strings, strategies, checks };
}

/** Every index and enum of the strategies, their legs and the next-day checks, checked before any is built. */
function checkRecords(u: Uint32Array, at: RecordBases, c: { stringCount: number; strategyCount: number; legCount: number; checkCount: number }): void {
  for (let j = 0; j < c.legCount; j++) {
    const o = at.legU + LEG_U32 * j;
    if ((u[o + 3] as number) >= RIGHTS.length || (u[o + 4] as number) >= DIRECTIONS.length) throw new FlowCodecError('a strategy leg has an unknown right or direction');
    checkIndices(u, o, 3, c.stringCount, 'string');
  }
  for (let k = 0; k < c.strategyCount; k++) {
    const o = at.strategyU + STRATEGY_U32 * k;
    const end = (u[o + 3] as number) + (u[o + 4] as number);
    if (end > c.legCount || (u[o + 5] as number) >= STRATEGY_TYPES.length || (u[o + 6] as number) >= SENTIMENTS.length) throw new FlowCodecError(`strategy ${k} is malformed`);
    checkIndices(u, o, 3, c.stringCount, 'string');
  }
  for (let k = 0; k < c.checkCount; k++) {
    const o = at.checkU + CHECK_U32 * k;
    if ((u[o] as number) >= POSITION_EFFECTS.length || (u[o + 1] as number) >= SOURCES.length || (u[o + 2] as number) >= c.stringCount) throw new FlowCodecError(`next-day check ${k} is malformed`);
  }
}

function legAt(f: Float64Array, u: Uint32Array, strings: StringTable, at: RecordBases, j: number): StrategyLeg {
  const o = at.legU + LEG_U32 * j;
  const x = at.legF + 4 * j;
  return {
    flowId: strings.at(u[o] as number),
    symbol: strings.at(u[o + 1] as number),
    expiry: strings.at(u[o + 2] as number),
    strike: f[x] as number,
    right: RIGHTS[u[o + 3] as number] as Right,
    direction: DIRECTIONS[u[o + 4] as number] as Direction,
    size: f[x + 1] as number,
    ratio: f[x + 2] as number,
    premium: f[x + 3] as number,
  };
}

function strategyAt(f: Float64Array, u: Uint32Array, strings: StringTable, at: RecordBases, k: number): StrategyLink {
  const o = at.strategyU + STRATEGY_U32 * k;
  const first = u[o + 3] as number;
  const legs = new Array<StrategyLeg>(u[o + 4] as number);
  for (let j = 0; j < legs.length; j++) legs[j] = legAt(f, u, strings, at, first + j);
  return {
    id: strings.at(u[o] as number),
    type: STRATEGY_TYPES[u[o + 5] as number] as StrategyType,
    rule: strings.at(u[o + 2] as number) as StrategyRule,
    legs,
    netPremium: nul(f[at.strategyF + 2 * k] as number),
    netDelta: nul(f[at.strategyF + 2 * k + 1] as number),
    sentiment: SENTIMENTS[u[o + 6] as number] as StrategyLink['sentiment'],
    reason: strings.at(u[o + 1] as number),
  };
}

function checkAt(f: Float64Array, u: Uint32Array, strings: StringTable, at: RecordBases, k: number): NextDayCheck {
  const o = at.checkU + CHECK_U32 * k;
  const x = at.checkF + 6 * k;
  return {
    label: POSITION_EFFECTS[u[o] as number] as NextDayCheck['label'],
    oiBefore: f[x] as number,
    oiAfter: f[x + 1] as number,
    change: f[x + 2] as number,
    flowSize: f[x + 3] as number,
    dayTotal: f[x + 4] as number,
    at: f[x + 5] as number,
    source: SOURCES[u[o + 1] as number] as NextDayCheck['source'],
    reason: strings.at(u[o + 2] as number),
  };
}
