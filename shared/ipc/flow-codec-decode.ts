// Reads a checked packed batch (flow-codec-batch.ts) into flow rows, two ways:
//  - decodeFlows: plain objects, every field read at once (main, a book window, history: they
//    keep, send or serialise the rows);
//  - decodeFlowsLazy: one small object per row that reads its field from the batch's columns when
//    asked (the feed: it takes in thousands of flows a second, reads a few fields of each to file
//    and filter it, and most fields only of the rows on screen). Nothing is copied: a row keeps
//    its batch's bytes alive for as long as it is held (about 250 bytes a row, less than the
//    plain object it replaces). `toJSON` gives the plain row, so one serialises as a plain one.
import { DIRECTIONS, FLOW_KINDS, MONEYNESS, SIDE_RULES, SIDES, type Direction, type FlowKind, type Moneyness, type SideRule } from '../domain/flow.ts';
import type { Right } from '../domain/market.ts';
import type { NextDayCheck } from '../domain/next-day.ts';
import type { StrategyLink } from '../domain/strategy.ts';
import { nul, readPackedBatch, type PackedBatch } from './flow-codec-batch.ts';
import { NONE, RIGHTS, SENTIMENTS, type PackedRow } from './flow-codec-layout.ts';

/** The rows of a packed batch as plain objects; throws FlowCodecError for anything that is not a whole, valid one. */
export function decodeFlows(input: Uint8Array): PackedRow[] {
  const batch = readPackedBatch(input);
  const rows = new Array<PackedRow>(batch.n);
  for (let i = 0; i < batch.n; i++) rows[i] = plainRow(batch, i);
  return rows;
}

/** The rows of a packed batch, each reading its columns when a field is asked; checked as decodeFlows is. */
export function decodeFlowsLazy(input: Uint8Array): PackedRow[] {
  const batch = readPackedBatch(input);
  const rows = new Array<PackedRow>(batch.n);
  for (let i = 0; i < batch.n; i++) rows[i] = new PackedFlowRow(batch, i);
  return rows;
}

// Column offsets: ROW_F64 and ROW_STR order (flow-codec-layout.ts), in multiples of n.
const F = { time: 0, lastTime: 1, strike: 2, size: 3, price: 4, premium: 5, otmPercent: 6, dte: 7, bid: 8, ask: 9, underlyingPrice: 10, openInterest: 11, dayVolume: 12, iv: 13, delta: 14, prints: 15, confidence: 16, kindConfidence: 17, version: 18, institutional: 19 } as const;
const S = { id: 0, sessionId: 1, symbol: 2, underlying: 3, expiry: 4, strategy: 5, nextDay: 6 } as const;
const E = { right: 0, side: 1, direction: 2, sentiment: 3, kind: 4, moneyness: 5, sideRule: 6 } as const;

const num = (b: PackedBatch, column: number, i: number): number => b.f[column * b.n + i] as number;
const str = (b: PackedBatch, column: number, i: number): string => b.strings.at(b.u[column * b.n + i] as number);
const en = (b: PackedBatch, column: number, i: number): number => b.e[column * b.n + i] as number;
const bit = (b: PackedBatch, mask: number, i: number): boolean => ((b.flags[i] as number) & mask) !== 0;
const link = (b: PackedBatch, i: number): StrategyLink | undefined => {
  const k = b.u[S.strategy * b.n + i] as number;
  return k === NONE ? undefined : b.strategies.at(k);
};
const check = (b: PackedBatch, i: number): NextDayCheck | undefined => {
  const k = b.u[S.nextDay * b.n + i] as number;
  return k === NONE ? undefined : b.checks.at(k);
};
const optional = (v: number): number | undefined => (v === v ? v : undefined);

/** One object literal per row (every key spelled out): engines give such objects one shape. */
function plainRow(b: PackedBatch, i: number): PackedRow {
  return {
    id: str(b, S.id, i),
    sessionId: str(b, S.sessionId, i),
    time: num(b, F.time, i),
    lastTime: num(b, F.lastTime, i),
    symbol: str(b, S.symbol, i),
    underlying: str(b, S.underlying, i),
    expiry: str(b, S.expiry, i),
    strike: num(b, F.strike, i),
    right: RIGHTS[en(b, E.right, i)] as Right,
    size: num(b, F.size, i),
    price: num(b, F.price, i),
    premium: num(b, F.premium, i),
    side: SIDES[en(b, E.side, i)] as PackedRow['side'],
    direction: DIRECTIONS[en(b, E.direction, i)] as Direction,
    sentiment: SENTIMENTS[en(b, E.sentiment, i)] as PackedRow['sentiment'],
    kind: FLOW_KINDS[en(b, E.kind, i)] as FlowKind,
    whale: bit(b, 1, i),
    moneyness: (MONEYNESS[en(b, E.moneyness, i)] ?? null) as Moneyness | null,
    otmPercent: nul(num(b, F.otmPercent, i)),
    dte: num(b, F.dte, i),
    bid: nul(num(b, F.bid, i)),
    ask: nul(num(b, F.ask, i)),
    underlyingPrice: nul(num(b, F.underlyingPrice, i)),
    openInterest: nul(num(b, F.openInterest, i)),
    dayVolume: nul(num(b, F.dayVolume, i)),
    iv: nul(num(b, F.iv, i)),
    delta: nul(num(b, F.delta, i)),
    conflated: bit(b, 2, i),
    prints: num(b, F.prints, i),
    confidence: num(b, F.confidence, i),
    sideRule: SIDE_RULES[en(b, E.sideRule, i)] as SideRule,
    kindConfidence: num(b, F.kindConfidence, i),
    openingLikely: bit(b, 4, i),
    unusual: bit(b, 8, i),
    repeater: bit(b, 16, i),
    spreadLeg: bit(b, 32, i),
    delayed: bit(b, 64, i),
    cancelled: bit(b, 128, i) ? true : undefined,
    version: num(b, F.version, i),
    strategy: link(b, i),
    institutional: optional(num(b, F.institutional, i)),
    nextDay: check(b, i),
  };
}

/** A row of a packed batch that reads each field from the batch's columns when asked. */
class PackedFlowRow implements PackedRow {
  private readonly b: PackedBatch;
  private readonly i: number;

  constructor(batch: PackedBatch, index: number) {
    this.b = batch;
    this.i = index;
  }

  get id(): string { return str(this.b, S.id, this.i); }
  get sessionId(): string { return str(this.b, S.sessionId, this.i); }
  get time(): number { return num(this.b, F.time, this.i); }
  get lastTime(): number { return num(this.b, F.lastTime, this.i); }
  get symbol(): string { return str(this.b, S.symbol, this.i); }
  get underlying(): string { return str(this.b, S.underlying, this.i); }
  get expiry(): string { return str(this.b, S.expiry, this.i); }
  get strike(): number { return num(this.b, F.strike, this.i); }
  get right(): Right { return RIGHTS[en(this.b, E.right, this.i)] as Right; }
  get size(): number { return num(this.b, F.size, this.i); }
  get price(): number { return num(this.b, F.price, this.i); }
  get premium(): number { return num(this.b, F.premium, this.i); }
  get side(): PackedRow['side'] { return SIDES[en(this.b, E.side, this.i)] as PackedRow['side']; }
  get direction(): Direction { return DIRECTIONS[en(this.b, E.direction, this.i)] as Direction; }
  get sentiment(): PackedRow['sentiment'] { return SENTIMENTS[en(this.b, E.sentiment, this.i)] as PackedRow['sentiment']; }
  get kind(): FlowKind { return FLOW_KINDS[en(this.b, E.kind, this.i)] as FlowKind; }
  get whale(): boolean { return bit(this.b, 1, this.i); }
  get moneyness(): Moneyness | null { return (MONEYNESS[en(this.b, E.moneyness, this.i)] ?? null) as Moneyness | null; }
  get otmPercent(): number | null { return nul(num(this.b, F.otmPercent, this.i)); }
  get dte(): number { return num(this.b, F.dte, this.i); }
  get bid(): number | null { return nul(num(this.b, F.bid, this.i)); }
  get ask(): number | null { return nul(num(this.b, F.ask, this.i)); }
  get underlyingPrice(): number | null { return nul(num(this.b, F.underlyingPrice, this.i)); }
  get openInterest(): number | null { return nul(num(this.b, F.openInterest, this.i)); }
  get dayVolume(): number | null { return nul(num(this.b, F.dayVolume, this.i)); }
  get iv(): number | null { return nul(num(this.b, F.iv, this.i)); }
  get delta(): number | null { return nul(num(this.b, F.delta, this.i)); }
  get conflated(): boolean { return bit(this.b, 2, this.i); }
  get prints(): number { return num(this.b, F.prints, this.i); }
  get confidence(): number { return num(this.b, F.confidence, this.i); }
  get sideRule(): SideRule { return SIDE_RULES[en(this.b, E.sideRule, this.i)] as SideRule; }
  get kindConfidence(): number { return num(this.b, F.kindConfidence, this.i); }
  get openingLikely(): boolean { return bit(this.b, 4, this.i); }
  get unusual(): boolean { return bit(this.b, 8, this.i); }
  get repeater(): boolean { return bit(this.b, 16, this.i); }
  get spreadLeg(): boolean { return bit(this.b, 32, this.i); }
  get delayed(): boolean { return bit(this.b, 64, this.i); }
  get cancelled(): true | undefined { return bit(this.b, 128, this.i) ? true : undefined; }
  get version(): number { return num(this.b, F.version, this.i); }
  get strategy(): StrategyLink | undefined { return link(this.b, this.i); }
  get institutional(): number | undefined { return optional(num(this.b, F.institutional, this.i)); }
  get nextDay(): NextDayCheck | undefined { return check(this.b, this.i); }

  /** The plain row, for JSON.stringify. */
  toJSON(): PackedRow {
    return plainRow(this.b, this.i);
  }
}
