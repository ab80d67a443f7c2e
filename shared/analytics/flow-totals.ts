// Flow totals as the rolling window and the session show them (shared/analytics/FLOW-RULES.md §5),
// and the flat accumulator both are built on.
import type { Flow } from '../domain/flow.ts';

/** The fields of a flow that statistics read. */
export type StatFlow = Pick<
  Flow,
  'id' | 'time' | 'underlying' | 'right' | 'size' | 'premium' | 'direction' | 'sentiment' | 'whale'
>;

export interface Tally {
  count: number;
  contracts: number;
  /** Dollars. */
  premium: number;
}

export interface FlowTotals extends Tally {
  calls: Tally;
  puts: Tally;
  buy: Tally;
  sell: Tally;
  bullish: Tally;
  bearish: Tally;
  whales: number;
  /** Put contracts / call contracts; null with no call contracts. */
  putCallVolume: number | null;
  /** Put premium / call premium; null with no call premium. */
  putCallPremium: number | null;
  /** Bullish premium minus bearish premium. */
  netPremium: number;
}

// One accumulator is a run of TOTALS_WIDTH numbers: a (count, contracts, premium in cents)
// triple per group, then the whale count. Premium is held in whole cents so adding and later
// removing a flow cancels exactly: sums never drift however long the session runs.
const ALL = 0;
const CALLS = 3;
const PUTS = 6;
const BUY = 9;
const SELL = 12;
const BULLISH = 15;
const BEARISH = 18;
const WHALES = 21;
export const TOTALS_WIDTH = 22;

/** Adds (sign 1) or removes (sign -1) one flow's contribution at `offset` of `into`. */
export function applyFlow(into: Float64Array, offset: number, flow: StatFlow, sign: 1 | -1): void {
  const contracts = flow.size * sign;
  const cents = Math.round(flow.premium * 100) * sign;
  bump(into, offset + ALL, sign, contracts, cents);
  bump(into, offset + (flow.right === 'C' ? CALLS : PUTS), sign, contracts, cents);
  if (flow.direction === 'BUY') bump(into, offset + BUY, sign, contracts, cents);
  else if (flow.direction === 'SELL') bump(into, offset + SELL, sign, contracts, cents);
  if (flow.sentiment === 'BULLISH') bump(into, offset + BULLISH, sign, contracts, cents);
  else if (flow.sentiment === 'BEARISH') bump(into, offset + BEARISH, sign, contracts, cents);
  if (flow.whale) into[offset + WHALES] = (into[offset + WHALES] as number) + sign;
}

/** Adds (sign 1) or subtracts (sign -1) a whole accumulator into another. */
export function applyTotals(
  into: Float64Array,
  intoOffset: number,
  from: Float64Array,
  fromOffset: number,
  sign: 1 | -1,
): void {
  for (let i = 0; i < TOTALS_WIDTH; i++) {
    into[intoOffset + i] =
      (into[intoOffset + i] as number) + sign * (from[fromOffset + i] as number);
  }
}

export function totalsFrom(v: Float64Array, offset = 0): FlowTotals {
  const calls = tallyAt(v, offset + CALLS);
  const puts = tallyAt(v, offset + PUTS);
  const callCents = v[offset + CALLS + 2] as number;
  const putCents = v[offset + PUTS + 2] as number;
  const bullishCents = v[offset + BULLISH + 2] as number;
  const bearishCents = v[offset + BEARISH + 2] as number;
  return {
    ...tallyAt(v, offset + ALL),
    calls,
    puts,
    buy: tallyAt(v, offset + BUY),
    sell: tallyAt(v, offset + SELL),
    bullish: tallyAt(v, offset + BULLISH),
    bearish: tallyAt(v, offset + BEARISH),
    whales: v[offset + WHALES] as number,
    putCallVolume: calls.contracts === 0 ? null : puts.contracts / calls.contracts,
    putCallPremium: callCents === 0 ? null : putCents / callCents,
    netPremium: (bullishCents - bearishCents) / 100,
  };
}

/** Totals over the whole session: no window, nothing ever expires. */
export class SessionStats {
  private readonly sums = new Float64Array(TOTALS_WIDTH);

  add(flow: StatFlow): void {
    applyFlow(this.sums, 0, flow, 1);
  }

  /** Takes back a flow added before (exactly that version). */
  remove(flow: StatFlow): void {
    applyFlow(this.sums, 0, flow, -1);
  }

  /** A flow grew under the same id: `previous` must be the version added before. */
  replace(previous: StatFlow, next: StatFlow): void {
    this.remove(previous);
    this.add(next);
  }

  totals(): FlowTotals {
    return totalsFrom(this.sums);
  }
}

function bump(
  into: Float64Array,
  at: number,
  count: number,
  contracts: number,
  cents: number,
): void {
  into[at] = (into[at] as number) + count;
  into[at + 1] = (into[at + 1] as number) + contracts;
  into[at + 2] = (into[at + 2] as number) + cents;
}

function tallyAt(v: Float64Array, at: number): Tally {
  return {
    count: v[at] as number,
    contracts: v[at + 1] as number,
    premium: (v[at + 2] as number) / 100,
  };
}
