// Multi-leg strategies (FLOW-RULES.md §8): which shape a set of legs makes, and the strategy's
// net premium, net delta and sentiment. Pure: src-main/market/strategy-grouper.ts decides which
// flows are legs of one order (time and size); this says what order they make, if any.
import type { StrategyLeg, StrategyLink, StrategyType } from '../domain/strategy.ts';
import type { SideRule } from '../domain/flow.ts';
import { SIDE_CONFIDENCE } from './side.ts';

/** A candidate leg as the classifier reads it: the link's leg fields, before a ratio is known. */
export interface LegInput extends Omit<StrategyLeg, 'ratio'> {
  price: number;
  /** Per-contract option delta (calls 0..1, puts -1..0), or null when the quote had none. */
  delta: number | null;
  /**
   * The direction was decided at or outside the quote. A complex order's legs print at or inside
   * their mids, where the side rules lean rather than know: such a leg's direction only breaks ties.
   */
  sure: boolean;
  /** How much an unsure leg's direction weighs in the vote: its side rule's confidence (legVoteWeight). */
  weight: number;
}

/**
 * A leg printed inside the spread votes with its side rule's confidence: a print leaning off the
 * midpoint (MIDPOINT) tells its side more often than one exactly at it (DEPTH, TICK).
 */
export function legVoteWeight(rule: SideRule): number {
  switch (rule) {
    case 'MIDPOINT': return SIDE_CONFIDENCE.midByMidpoint;
    case 'DEPTH': return SIDE_CONFIDENCE.midByDepth;
    case 'TICK': return SIDE_CONFIDENCE.midByTick;
    case 'NONE': return 0;
    default: return SIDE_CONFIDENCE.atQuote;
  }
}

/** Sizes reduced by their greatest common divisor must each be at most this (1:2:1, 2:3, 1:4). */
export const STRATEGY_MAX_RATIO_TERM = 4;
/**
 * Trades on volatility or time rather than direction: NEUTRAL whatever their small net delta (an
 * at-the-money straddle's call has a little more delta than its put). The others take the sign of
 * their net delta.
 */
export const NEUTRAL_TYPES: readonly StrategyType[] = ['STRADDLE', 'STRANGLE', 'CALENDAR', 'BUTTERFLY', 'CONDOR'];
const EPS = 1e-9;

export interface Shape {
  type: StrategyType;
  /** Direction of each leg relative to the first (sorted) leg: +1 the same way, -1 the other. */
  signs: number[];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The sizes reduced by their greatest common divisor, or null when one term is above the limit. */
export function reducedRatio(sizes: readonly number[]): number[] | null {
  if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s < 1)) return null;
  const g = sizes.reduce((acc, s) => gcd(acc, s), 0);
  const terms = sizes.map((s) => s / g);
  return terms.every((t) => t <= STRATEGY_MAX_RATIO_TERM) ? terms : null;
}

/** reducedRatio([a, b]) !== null, without its arrays: asked of every recent flow a new one might pair with. */
export function isSimplePair(a: number, b: number): boolean {
  if (!Number.isInteger(a) || a < 1 || !Number.isInteger(b) || b < 1) return false;
  const g = gcd(gcd(0, a), b);
  return a / g <= STRATEGY_MAX_RATIO_TERM && b / g <= STRATEGY_MAX_RATIO_TERM;
}

/** Legs in the order a strategy lists them: by strike, then expiry, then calls before puts. */
export function sortLegs<T extends Pick<LegInput, 'strike' | 'expiry' | 'right'>>(legs: readonly T[]): T[] {
  return [...legs].sort((a, b) => a.strike - b.strike || (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : 0) || (a.right === b.right ? 0 : a.right === 'C' ? -1 : 1));
}

const same = (a: number, b: number) => Math.abs(a - b) < EPS;

/**
 * The shape of sorted legs, or null when they make none of the nine. Directions are not read
 * here: `resolveDirections` checks them against the signs.
 */
export function shapeOf(legs: readonly LegInput[], ratio: readonly number[]): Shape | null {
  const n = legs.length;
  const allSameRight = legs.every((l) => l.right === legs[0]?.right);
  const allSameExpiry = legs.every((l) => l.expiry === legs[0]?.expiry);
  if (n === 2) {
    const [a, b] = legs as [LegInput, LegInput];
    const oneToOne = ratio[0] === 1 && ratio[1] === 1;
    const sameStrike = same(a.strike, b.strike);
    if (a.right === b.right) {
      if (a.expiry === b.expiry) {
        if (sameStrike) return null;
        return { type: oneToOne ? 'VERTICAL' : 'RATIO', signs: [1, -1] };
      }
      if (!oneToOne) return null;
      return { type: sameStrike ? 'CALENDAR' : 'DIAGONAL', signs: [1, -1] };
    }
    if (a.expiry !== b.expiry || !oneToOne) return null;
    if (sameStrike) return { type: 'STRADDLE', signs: [1, 1] };
    // The put below the call: a strangle bought or sold together, or a risk reversal (one each way).
    const put = a.right === 'P' ? a : b;
    const call = a.right === 'C' ? a : b;
    if (!(put.strike < call.strike)) return null;
    return { type: 'STRANGLE', signs: [1, 1] };
  }
  if (n === 3) {
    const [a, b, c] = legs as [LegInput, LegInput, LegInput];
    if (!allSameRight || !allSameExpiry || !(a.strike < b.strike && b.strike < c.strike)) return null;
    if (!same(b.strike - a.strike, c.strike - b.strike) || ratio.join(':') !== '1:2:1') return null;
    return { type: 'BUTTERFLY', signs: [1, -1, 1] };
  }
  if (n === 4) {
    const [a, b, c, d] = legs as [LegInput, LegInput, LegInput, LegInput];
    if (!allSameExpiry || !(a.strike < b.strike && b.strike < c.strike && c.strike < d.strike)) return null;
    if (ratio.some((t) => t !== 1) || !same(b.strike - a.strike, d.strike - c.strike)) return null;
    const iron = a.right === 'P' && b.right === 'P' && c.right === 'C' && d.right === 'C';
    if (!allSameRight && !iron) return null;
    return { type: 'CONDOR', signs: [1, -1, -1, 1] };
  }
  return null;
}

const signOf = (d: LegInput['direction']) => (d === 'BUY' ? 1 : d === 'SELL' ? -1 : 0);

/**
 * Each leg's direction as the shape gives it. The sure directions must all agree with the signs
 * (one way for all, or the mirror), else null; with none sure, the unsure ones vote for the way
 * (a tie leaves every leg UNKNOWN). Unknown and unsure legs take the shape's direction.
 */
export function resolveDirections(legs: readonly LegInput[], signs: readonly number[]): LegInput['direction'][] | null {
  let orientation = 0;
  let vote = 0;
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i] as LegInput;
    const o = signOf(leg.direction) * (signs[i] as number);
    if (o === 0) continue;
    if (!leg.sure) {
      vote += o * leg.weight;
      continue;
    }
    if (orientation !== 0 && o !== orientation) return null;
    orientation = o;
  }
  if (orientation === 0) orientation = Math.abs(vote) < EPS ? 0 : Math.sign(vote);
  if (orientation === 0) return legs.map(() => 'UNKNOWN');
  return signs.map((s) => (s * orientation > 0 ? 'BUY' : 'SELL'));
}

/** The weight of the legs whose own directions agree with the resolved ones (a sure leg weighs 1). */
function agreement(legs: readonly LegInput[], directions: readonly LegInput['direction'][]): number {
  let n = 0;
  legs.forEach((leg, i) => {
    if (leg.direction !== 'UNKNOWN' && leg.direction === directions[i]) n += leg.sure ? 1 : leg.weight;
  });
  return n;
}

export interface Classified {
  type: StrategyType;
  legs: LegInput[];
  directions: LegInput['direction'][];
  ratio: number[];
}

/** The strategy the legs make (sorted, with their directions), or null. */
export function classifyStrategy(input: readonly LegInput[]): Classified | null {
  if (input.length < 2 || input.length > 4) return null;
  if (new Set(input.map((l) => l.symbol)).size !== input.length) return null;
  const legs = sortLegs(input);
  const ratio = reducedRatio(legs.map((l) => l.size));
  if (!ratio) return null;
  const shape = shapeOf(legs, ratio);
  if (!shape) return null;
  const directions = resolveDirections(legs, shape.signs);
  if (shape.type !== 'STRANGLE') return directions ? { type: shape.type, legs, directions, ratio } : null;
  // A put below a call of one expiry: bought or sold together a strangle, one each way a risk
  // reversal. The reading that more of the legs' own directions agree with wins (a strangle on a tie).
  const rr = resolveDirections(legs, [1, -1]);
  if (!directions && !rr) return null;
  if (!rr) return { type: 'STRANGLE', legs, directions: directions as LegInput['direction'][], ratio };
  if (!directions || agreement(legs, rr) > agreement(legs, directions)) return { type: 'RISK_REVERSAL', legs, directions: rr, ratio };
  return { type: 'STRANGLE', legs, directions, ratio };
}

function multiplierOf(leg: LegInput): number {
  const m = leg.price > 0 && leg.size > 0 ? leg.premium / (leg.price * leg.size) : 100;
  return Number.isFinite(m) && m > 0 ? Math.round(m) : 100;
}

export interface StrategyFigures {
  netPremium: number | null;
  netDelta: number | null;
  sentiment: StrategyLink['sentiment'];
}

/**
 * Net premium (paid minus received), net delta in shares (signed size x delta x multiplier) and
 * the sentiment: NEUTRAL for the NEUTRAL_TYPES, else the net delta's sign (NEUTRAL at zero, or
 * with no delta or no direction known).
 */
export function strategyFigures(type: StrategyType, legs: readonly LegInput[], directions: readonly LegInput['direction'][]): StrategyFigures {
  if (directions.some((d) => d === 'UNKNOWN')) return { netPremium: null, netDelta: null, sentiment: 'NEUTRAL' };
  let premium = 0;
  let net = 0;
  let deltaKnown = true;
  legs.forEach((leg, i) => {
    const s = directions[i] === 'BUY' ? 1 : -1;
    premium += s * leg.premium;
    if (leg.delta === null) deltaKnown = false;
    else net += s * leg.size * leg.delta * multiplierOf(leg);
  });
  const netPremium = Math.round(premium * 100) / 100;
  if (!deltaKnown) return { netPremium, netDelta: null, sentiment: 'NEUTRAL' };
  const netDelta = Math.round(net);
  const sentiment = NEUTRAL_TYPES.includes(type) || netDelta === 0 ? 'NEUTRAL' : netDelta > 0 ? 'BULLISH' : 'BEARISH';
  return { netPremium, netDelta, sentiment };
}

/** The legs of a classified strategy as a link lists them. */
export function strategyLegs(c: Classified): StrategyLeg[] {
  return c.legs.map((leg, i) => ({
    flowId: leg.flowId,
    symbol: leg.symbol,
    expiry: leg.expiry,
    strike: leg.strike,
    right: leg.right,
    direction: c.directions[i] as StrategyLeg['direction'],
    size: leg.size,
    ratio: c.ratio[i] as number,
    premium: leg.premium,
  }));
}

/** `+1 600C / -1 605C`: a strategy's legs in a trader's shorthand (strike, right, signed ratio). */
export function legsLabel(legs: readonly Pick<StrategyLeg, 'direction' | 'ratio' | 'strike' | 'right' | 'expiry'>[]): string {
  const expiries = new Set(legs.map((l) => l.expiry));
  return legs
    .map((l) => {
      const sign = l.direction === 'BUY' ? '+' : l.direction === 'SELL' ? '-' : '?';
      const when = expiries.size > 1 ? ` ${l.expiry.slice(5)}` : '';
      return `${sign}${l.ratio} ${Number(l.strike.toFixed(3))}${l.right}${when}`;
    })
    .join(' / ');
}
