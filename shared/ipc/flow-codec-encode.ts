// Packs flow rows into the binary columnar form (flow-codec-layout.ts). Runs where batches leave
// main for a window: the web host's socket and an Electron window's port.
import { DIRECTIONS, FLOW_KINDS, MONEYNESS, SIDE_RULES, SIDES } from '../domain/flow.ts';
import { POSITION_EFFECTS, type NextDayCheck } from '../domain/next-day.ts';
import { STRATEGY_TYPES, type StrategyLink } from '../domain/strategy.ts';
import {
  CHECK_U32,
  FLOW_CODEC_MAGIC,
  FlowCodecError,
  HEADER_WORDS,
  LEG_U32,
  LITTLE_ENDIAN,
  NONE,
  NULL_ENUM,
  RIGHTS,
  ROW_ENUM,
  ROW_F64,
  ROW_FLAGS,
  ROW_STR,
  SENTIMENTS,
  SOURCES,
  STRATEGY_U32,
  layout,
  utf8Encoder,
  type PackedRow,
} from './flow-codec-layout.ts';

function enumIndex(table: readonly string[], value: string | null, what: string): number {
  if (value === null) return NULL_ENUM;
  const i = table.indexOf(value);
  if (i < 0) throw new FlowCodecError(`unknown ${what} ${JSON.stringify(value)}`);
  return i;
}

const num = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);

/** Packs rows; throws FlowCodecError on a value the form cannot carry (an unknown enum value). */
export function encodeFlows(rows: readonly PackedRow[]): Uint8Array {
  if (!LITTLE_ENDIAN) throw new FlowCodecError('this codec runs on little-endian hosts only');
  const n = rows.length;
  const ids = new Map<string, number>();
  const strings: string[] = [];
  const str = (value: string): number => {
    let id = ids.get(value);
    if (id === undefined) {
      id = strings.length;
      ids.set(value, id);
      strings.push(value);
    }
    return id;
  };
  const strategies: StrategyLink[] = [];
  const checks: NextDayCheck[] = [];
  let legCount = 0;
  for (const row of rows) {
    if (row.strategy) {
      strategies.push(row.strategy);
      legCount += row.strategy.legs.length;
    }
    if (row.nextDay) checks.push(row.nextDay);
  }
  // Every string goes into the table first: its size fixes the layout.
  const rowStr = new Uint32Array(ROW_STR.length * n);
  for (let c = 0; c < ROW_STR.length; c++) {
    const key = ROW_STR[c] as (typeof ROW_STR)[number];
    for (let i = 0; i < n; i++) rowStr[c * n + i] = str((rows[i] as PackedRow)[key]);
  }
  const strategyStr = strategies.map((s) => [str(s.id), str(s.reason), str(s.rule)]);
  const legStr = strategies.flatMap((s) => s.legs.map((l) => [str(l.flowId), str(l.symbol), str(l.expiry)]));
  const checkStr = checks.map((c) => str(c.reason));
  const text = utf8Encoder.encode(strings.join(''));
  const at = layout({ n, strings: strings.length, stringBytes: text.length, strategies: strategies.length, legs: legCount, checks: checks.length });

  const buffer = new ArrayBuffer(at.total);
  new Uint32Array(buffer, 0, HEADER_WORDS).set([FLOW_CODEC_MAGIC, n, strings.length, text.length, strategies.length, legCount, checks.length, at.total]);
  const f = new Float64Array(buffer, at.f64, at.f64Count);
  const u = new Uint32Array(buffer, at.u32, at.u32Count);
  const flags = new Uint16Array(buffer, at.u16, n);
  const e = new Uint8Array(buffer, at.u8, ROW_ENUM * n);

  for (let c = 0; c < ROW_F64.length; c++) {
    const key = ROW_F64[c] as (typeof ROW_F64)[number];
    for (let i = 0; i < n; i++) f[c * n + i] = num((rows[i] as PackedRow)[key]);
  }
  u.set(rowStr, 0);
  let strategyNo = 0;
  let checkNo = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i] as PackedRow;
    u[ROW_STR.length * n + i] = row.strategy ? strategyNo++ : NONE;
    u[(ROW_STR.length + 1) * n + i] = row.nextDay ? checkNo++ : NONE;
    let bits = 0;
    for (let b = 0; b < ROW_FLAGS.length; b++) if (row[ROW_FLAGS[b] as (typeof ROW_FLAGS)[number]] === true) bits |= 1 << b;
    flags[i] = bits;
    e[i] = enumIndex(RIGHTS, row.right, 'right');
    e[n + i] = enumIndex(SIDES, row.side, 'side');
    e[2 * n + i] = enumIndex(DIRECTIONS, row.direction, 'direction');
    e[3 * n + i] = enumIndex(SENTIMENTS, row.sentiment, 'sentiment');
    e[4 * n + i] = enumIndex(FLOW_KINDS, row.kind, 'kind');
    e[5 * n + i] = enumIndex(MONEYNESS, row.moneyness, 'moneyness');
    e[6 * n + i] = enumIndex(SIDE_RULES, row.sideRule, 'side rule');
  }

  let fo = ROW_F64.length * n;
  let uo = (ROW_STR.length + 2) * n;
  let firstLeg = 0;
  strategies.forEach((s, k) => {
    f[fo++] = num(s.netPremium);
    f[fo++] = num(s.netDelta);
    const [id, reason, rule] = strategyStr[k] as number[];
    u.set([id as number, reason as number, rule as number, firstLeg, s.legs.length, enumIndex(STRATEGY_TYPES, s.type, 'strategy type'), enumIndex(SENTIMENTS, s.sentiment, 'sentiment')], uo);
    uo += STRATEGY_U32;
    firstLeg += s.legs.length;
  });
  let legNo = 0;
  for (const s of strategies) {
    for (const l of s.legs) {
      f.set([l.strike, l.size, l.ratio, l.premium], fo);
      fo += 4;
      const [flowId, symbol, expiry] = legStr[legNo++] as number[];
      u.set([flowId as number, symbol as number, expiry as number, enumIndex(RIGHTS, l.right, 'leg right'), enumIndex(DIRECTIONS, l.direction, 'leg direction')], uo);
      uo += LEG_U32;
    }
  }
  checks.forEach((c, k) => {
    f.set([c.oiBefore, c.oiAfter, c.change, c.flowSize, c.dayTotal, c.at], fo);
    fo += 6;
    u.set([enumIndex(POSITION_EFFECTS, c.label, 'next-day label'), enumIndex(SOURCES, c.source, 'next-day source'), checkStr[k] as number], uo);
    uo += CHECK_U32;
  });
  for (const s of strings) u[uo++] = s.length;
  new Uint8Array(buffer, at.text, text.length).set(text);
  return new Uint8Array(buffer);
}
