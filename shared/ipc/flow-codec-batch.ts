// Reads the binary columnar form (flow-codec-layout.ts) into typed-array views over its bytes,
// checked: everything a row refers to is checked against the header before any row is read, so
// a truncated or hostile frame is refused with a FlowCodecError and never yields half a batch.
// The rows are then read from it eagerly or lazily (flow-codec-decode.ts).
import { DIRECTIONS, FLOW_KINDS, MONEYNESS, SIDE_RULES, SIDES } from '../domain/flow.ts';
import { POSITION_EFFECTS, type NextDayCheck } from '../domain/next-day.ts';
import { STRATEGY_TYPES, type StrategyLeg, type StrategyLink, type StrategyRule } from '../domain/strategy.ts';
import {
  CHECK_U32,
  FLOW_CODEC_MAGIC,
  FlowCodecError,
  HEADER_WORDS,
  LEG_U32,
  NONE,
  NULL_ENUM,
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

export const nul = (v: number): number | null => (v === v ? v : null); // NaN is null

function checkBelow(values: Uint32Array, from: number, count: number, limit: number, what: string, noneAllowed = false): void {
  for (let i = from; i < from + count; i++) {
    const v = values[i] as number;
    if (v >= limit && !(noneAllowed && v === NONE)) throw new FlowCodecError(`${what} ${v} out of range (${limit})`);
  }
}

function checkEnum(values: Uint8Array, from: number, count: number, size: number, what: string, nullable = false): void {
  for (let i = from; i < from + count; i++) {
    const v = values[i] as number;
    if (v >= size && !(nullable && v === NULL_ENUM)) throw new FlowCodecError(`${what} ${v} out of range`);
  }
}

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
  strategies: StrategyLink[];
  checks: NextDayCheck[];
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

  checkBelow(u, 0, ROW_STR.length * n, stringCount, 'string');
  checkBelow(u, ROW_STR.length * n, n, strategyCount, 'strategy', true);
  checkBelow(u, (ROW_STR.length + 1) * n, n, checkCount, 'next-day check', true);
  checkEnum(e, 0, n, RIGHTS.length, 'right');
  checkEnum(e, n, n, SIDES.length, 'side');
  checkEnum(e, 2 * n, n, DIRECTIONS.length, 'direction');
  checkEnum(e, 3 * n, n, SENTIMENTS.length, 'sentiment');
  checkEnum(e, 4 * n, n, FLOW_KINDS.length, 'kind');
  checkEnum(e, 5 * n, n, MONEYNESS.length, 'moneyness', true);
  checkEnum(e, 6 * n, n, SIDE_RULES.length, 'side rule');

  const strategies = readStrategies(f, u, strings, { n, strategyCount, legCount });
  const checks = readChecks(f, u, strings, { n, strategyCount, legCount, checkCount });

  return { n, f, u, flags, e, strings, strategies, checks };
}

function readStrategies(f: Float64Array, u: Uint32Array, strings: StringTable, c: { n: number; strategyCount: number; legCount: number }): StrategyLink[] {
  const { n, strategyCount, legCount } = c;
  const fBase = ROW_F64.length * n;
  const uBase = (ROW_STR.length + 2) * n;
  const legF = fBase + 2 * strategyCount;
  const legU = uBase + STRATEGY_U32 * strategyCount;
  const str = (k: number): string => {
    if (k >= strings.count) throw new FlowCodecError(`string ${k} out of range`);
    return strings.at(k);
  };
  const legs: StrategyLeg[] = [];
  for (let j = 0; j < legCount; j++) {
    const o = legU + LEG_U32 * j;
    const right = RIGHTS[u[o + 3] as number];
    const direction = DIRECTIONS[u[o + 4] as number];
    if (!right || !direction) throw new FlowCodecError('a strategy leg has an unknown right or direction');
    legs.push({
      flowId: str(u[o] as number),
      symbol: str(u[o + 1] as number),
      expiry: str(u[o + 2] as number),
      strike: f[legF + 4 * j] as number,
      right,
      direction,
      size: f[legF + 4 * j + 1] as number,
      ratio: f[legF + 4 * j + 2] as number,
      premium: f[legF + 4 * j + 3] as number,
    });
  }
  const out: StrategyLink[] = [];
  for (let k = 0; k < strategyCount; k++) {
    const o = uBase + STRATEGY_U32 * k;
    const first = u[o + 3] as number;
    const count = u[o + 4] as number;
    const type = STRATEGY_TYPES[u[o + 5] as number];
    const sentiment = SENTIMENTS[u[o + 6] as number];
    if (first + count > legCount || !type || !sentiment) throw new FlowCodecError(`strategy ${k} is malformed`);
    out.push({
      id: str(u[o] as number),
      type,
      rule: str(u[o + 2] as number) as StrategyRule,
      legs: legs.slice(first, first + count),
      netPremium: nul(f[fBase + 2 * k] as number),
      netDelta: nul(f[fBase + 2 * k + 1] as number),
      sentiment,
      reason: str(u[o + 1] as number),
    });
  }
  return out;
}

function readChecks(f: Float64Array, u: Uint32Array, strings: StringTable, c: { n: number; strategyCount: number; legCount: number; checkCount: number }): NextDayCheck[] {
  const fBase = ROW_F64.length * c.n + 2 * c.strategyCount + 4 * c.legCount;
  const uBase = (ROW_STR.length + 2) * c.n + STRATEGY_U32 * c.strategyCount + LEG_U32 * c.legCount;
  const out: NextDayCheck[] = [];
  for (let k = 0; k < c.checkCount; k++) {
    const o = uBase + CHECK_U32 * k;
    const label = POSITION_EFFECTS[u[o] as number];
    const source = SOURCES[u[o + 1] as number];
    const reasonAt = u[o + 2] as number;
    if (!label || !source || reasonAt >= strings.count) throw new FlowCodecError(`next-day check ${k} is malformed`);
    const reason = strings.at(reasonAt);
    const x = fBase + 6 * k;
    out.push({ label, oiBefore: f[x] as number, oiAfter: f[x + 1] as number, change: f[x + 2] as number, flowSize: f[x + 3] as number, dayTotal: f[x + 4] as number, at: f[x + 5] as number, source, reason });
  }
  return out;
}
