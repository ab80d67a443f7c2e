// Reads the binary columnar form (flow-codec-layout.ts) back into flow rows, in the window.
// Everything a row refers to is checked against the header before any row is built, so a
// truncated or hostile frame is refused with a FlowCodecError and never yields half a batch.
import { DIRECTIONS, FLOW_KINDS, MONEYNESS, SIDE_RULES, SIDES, type Direction, type FlowKind, type Moneyness, type SideRule } from '../domain/flow.ts';
import type { Right } from '../domain/market.ts';
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
  type PackedRow,
} from './flow-codec-layout.ts';

const nul = (v: number): number | null => (v === v ? v : null); // NaN is null

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

/** The rows of a packed batch; throws FlowCodecError for anything that is not a whole, valid one. */
export function decodeFlows(input: Uint8Array): PackedRow[] {
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

  // The string table: one decode, then slices by UTF-16 length.
  const text = utf8Decoder.decode(new Uint8Array(bytes.buffer, base + at.text, stringBytes));
  const strings: string[] = [];
  let lengthAt = at.u32Count - stringCount;
  let pos = 0;
  for (let k = 0; k < stringCount; k++) {
    const len = u[lengthAt++] as number;
    strings.push(text.slice(pos, pos + len));
    pos += len;
  }
  if (pos !== text.length) throw new FlowCodecError('its string table does not add up (not UTF-8 of its own strings)');

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

  const rows = new Array<PackedRow>(n);
  const sid = u.subarray(0, n);
  const sSession = u.subarray(n, 2 * n);
  const sSymbol = u.subarray(2 * n, 3 * n);
  const sUnder = u.subarray(3 * n, 4 * n);
  const sExpiry = u.subarray(4 * n, 5 * n);
  const lStrategy = u.subarray(5 * n, 6 * n);
  const lCheck = u.subarray(6 * n, 7 * n);
  // One object literal per row (every key spelled out): engines give such objects one shape.
  for (let i = 0; i < n; i++) {
    const bits = flags[i] as number;
    const strategy = lStrategy[i] as number;
    const check = lCheck[i] as number;
    const institutional = f[19 * n + i] as number;
    rows[i] = {
      id: strings[sid[i] as number] as string,
      sessionId: strings[sSession[i] as number] as string,
      time: f[i] as number,
      lastTime: f[n + i] as number,
      symbol: strings[sSymbol[i] as number] as string,
      underlying: strings[sUnder[i] as number] as string,
      expiry: strings[sExpiry[i] as number] as string,
      strike: f[2 * n + i] as number,
      right: RIGHTS[e[i] as number] as Right,
      size: f[3 * n + i] as number,
      price: f[4 * n + i] as number,
      premium: f[5 * n + i] as number,
      side: SIDES[e[n + i] as number] as PackedRow['side'],
      direction: DIRECTIONS[e[2 * n + i] as number] as Direction,
      sentiment: SENTIMENTS[e[3 * n + i] as number] as PackedRow['sentiment'],
      kind: FLOW_KINDS[e[4 * n + i] as number] as FlowKind,
      whale: (bits & 1) !== 0,
      moneyness: (MONEYNESS[e[5 * n + i] as number] ?? null) as Moneyness | null,
      otmPercent: nul(f[6 * n + i] as number),
      dte: f[7 * n + i] as number,
      bid: nul(f[8 * n + i] as number),
      ask: nul(f[9 * n + i] as number),
      underlyingPrice: nul(f[10 * n + i] as number),
      openInterest: nul(f[11 * n + i] as number),
      dayVolume: nul(f[12 * n + i] as number),
      iv: nul(f[13 * n + i] as number),
      delta: nul(f[14 * n + i] as number),
      conflated: (bits & 2) !== 0,
      prints: f[15 * n + i] as number,
      confidence: f[16 * n + i] as number,
      sideRule: SIDE_RULES[e[6 * n + i] as number] as SideRule,
      kindConfidence: f[17 * n + i] as number,
      openingLikely: (bits & 4) !== 0,
      unusual: (bits & 8) !== 0,
      repeater: (bits & 16) !== 0,
      spreadLeg: (bits & 32) !== 0,
      delayed: (bits & 64) !== 0,
      cancelled: (bits & 128) !== 0 ? true : undefined,
      version: f[18 * n + i] as number,
      strategy: strategy === NONE ? undefined : strategies[strategy],
      institutional: institutional === institutional ? institutional : undefined,
      nextDay: check === NONE ? undefined : checks[check],
    };
  }
  return rows;
}

function readStrategies(f: Float64Array, u: Uint32Array, strings: string[], c: { n: number; strategyCount: number; legCount: number }): StrategyLink[] {
  const { n, strategyCount, legCount } = c;
  const fBase = ROW_F64.length * n;
  const uBase = (ROW_STR.length + 2) * n;
  const legF = fBase + 2 * strategyCount;
  const legU = uBase + STRATEGY_U32 * strategyCount;
  const str = (k: number): string => {
    const s = strings[k];
    if (s === undefined) throw new FlowCodecError(`string ${k} out of range`);
    return s;
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

function readChecks(f: Float64Array, u: Uint32Array, strings: string[], c: { n: number; strategyCount: number; legCount: number; checkCount: number }): NextDayCheck[] {
  const fBase = ROW_F64.length * c.n + 2 * c.strategyCount + 4 * c.legCount;
  const uBase = (ROW_STR.length + 2) * c.n + STRATEGY_U32 * c.strategyCount + LEG_U32 * c.legCount;
  const out: NextDayCheck[] = [];
  for (let k = 0; k < c.checkCount; k++) {
    const o = uBase + CHECK_U32 * k;
    const label = POSITION_EFFECTS[u[o] as number];
    const source = SOURCES[u[o + 1] as number];
    const reason = strings[u[o + 2] as number];
    if (!label || !source || reason === undefined) throw new FlowCodecError(`next-day check ${k} is malformed`);
    const x = fBase + 6 * k;
    out.push({ label, oiBefore: f[x] as number, oiAfter: f[x + 1] as number, change: f[x + 2] as number, flowSize: f[x + 3] as number, dayTotal: f[x + 4] as number, at: f[x + 5] as number, source, reason });
  }
  return out;
}
