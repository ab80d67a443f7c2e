// The kind of a parent order (shared/analytics/FLOW-RULES.md §3): SWEEP, BLOCK, SPLIT or SINGLE,
// from the cluster of prints that made it, with the rule that decided and how sure it is.
import type { Direction, FlowKind, Side } from '../domain/flow.ts';
import type { FlowSettings } from '../domain/settings.ts';

export interface ClusterPrint {
  price: number;
  size: number;
  side: Side;
  /** The update's last size (field 18); under `size` when several prints were conflated. */
  lastSize: number | null;
}

export interface KindInput {
  direction: Direction;
  prints: readonly ClusterPrint[];
  /** Size shown at the touch before the first print: the ask size for buys, bid size for sells. */
  displayedBefore: number | null;
  /** Most venues seen depleted at the touch in OPTIONS_BOOK while the cluster was open. */
  venuesDepleted: number;
  multiplier: number;
}

export interface KindResult {
  kind: FlowKind;
  rule: string;
  confidence: number;
  reason: string;
}

type KindSettings = Pick<FlowSettings, 'blockMinContracts' | 'blockMinPremium'>;

/** Optional kind rules (FLOW-RULES.md §3). */
export interface KindRules {
  /**
   * A conflated update is a BLOCK only when its last print, large on its own, printed strictly
   * inside the quote in force before it and holds at least `CONFLATED_BLOCK_MIN_SHARE` of the
   * update's contracts. Version 2 called every conflated update with a large last print a block.
   */
  strictConflatedBlock: boolean;
}

export const V2_KIND_RULES: Readonly<KindRules> = Object.freeze({ strictConflatedBlock: false });

/** The least share of a conflated update's contracts its large last print must hold to be a block. */
export const CONFLATED_BLOCK_MIN_SHARE = 0.8;

const EPSILON = 1e-6;
const BUY_AGGRESSIVE: ReadonlySet<Side> = new Set(['ABOVE_ASK', 'ASK']);
const SELL_AGGRESSIVE: ReadonlySet<Side> = new Set(['BELOW_BID', 'BID']);

/** How sure each rule is; a conflated update hides the prints it merged, so it costs some. */
export const KIND_CONFIDENCE = Object.freeze({
  sweepByBook: 0.9,
  sweepByWalk: 0.85,
  sweepBySize: 0.8,
  block: 0.75,
  split: 0.6,
  splitConflated: 0.5,
  single: 0.7,
  conflatedFactor: 0.8,
});

export function isAggressive(direction: Direction, prints: readonly ClusterPrint[]): boolean {
  if (direction === 'UNKNOWN' || prints.length === 0) return false;
  const sides = direction === 'BUY' ? BUY_AGGRESSIVE : SELL_AGGRESSIVE;
  return prints.every((p) => sides.has(p.side));
}

export function classifyKind(input: KindInput, settings: KindSettings, rules: Readonly<KindRules> = V2_KIND_RULES): KindResult {
  const { direction, prints, displayedBefore, venuesDepleted, multiplier } = input;
  const first = prints[0];
  if (!first) throw new RangeError('a cluster has at least one print');
  const total = prints.reduce((n, p) => n + p.size, 0);
  const conflated = prints.some((p) => p.lastSize !== null && p.size > p.lastSize);
  const discount = conflated ? KIND_CONFIDENCE.conflatedFactor : 1;

  // A sweep is executions at several venues, so several prints: one print (volume rose by exactly
  // the last size) filled at one venue, whatever a stale quote or book suggests.
  const severalPrints = prints.length >= 2 || conflated;
  if (severalPrints && isAggressive(direction, prints)) {
    const touch = direction === 'BUY' ? 'ask' : 'bid';
    if (venuesDepleted >= 2) {
      return result('SWEEP', 'BOOK_VENUES', KIND_CONFIDENCE.sweepByBook, `${venuesDepleted} venues depleted at the ${touch}`);
    }
    const walked = prints.some((p) => (direction === 'BUY' ? p.price - first.price : first.price - p.price) > EPSILON);
    if (walked) {
      const extreme = direction === 'BUY' ? Math.max(...prints.map((p) => p.price)) : Math.min(...prints.map((p) => p.price));
      return result('SWEEP', 'PRICE_WALK', KIND_CONFIDENCE.sweepByWalk, `price walked ${first.price} → ${extreme}`);
    }
    // A conflated update whose last print landed beyond the touch: the merged prints started at
    // the touch (every print of an aggressive order is at or through it) and walked the book.
    const through = prints.find((p) => p.lastSize !== null && p.size > p.lastSize && (p.side === 'ABOVE_ASK' || p.side === 'BELOW_BID'));
    if (through) {
      return result('SWEEP', 'PRICE_WALK', KIND_CONFIDENCE.sweepByWalk, `${through.size} contracts in one update ending at ${through.price}, beyond the ${touch}: walked the book`);
    }
    if (displayedBefore !== null && total > displayedBefore) {
      return result('SWEEP', 'TOOK_DISPLAYED', KIND_CONFIDENCE.sweepBySize, `took ${total} > ${displayedBefore} shown at the ${touch}`);
    }
  }

  if (prints.length >= 2 && hasRepeatedPrice(prints)) {
    return result('SPLIT', 'SAME_PRICE', KIND_CONFIDENCE.split * discount, `${prints.length} prints, repeated at one price`);
  }

  if (prints.length === 1) {
    // A conflated update merged several prints: only its last size is known to be one print.
    const single = conflated && first.lastSize !== null ? first.lastSize : first.size;
    const premium = first.price * single * multiplier;
    // "Did not deplete the book": a print at the touch that took all the size shown there is an
    // aggressive order that cleared the level, not a negotiated block.
    const cleared = isAggressive(direction, prints) && displayedBefore !== null && single >= displayedBefore;
    const large = single >= settings.blockMinContracts || premium >= settings.blockMinPremium;
    // On a real tape a conflated update whose last print alone was large was a block about one
    // time in four: mostly the tail of an aggressive order or one order's pieces. A block is
    // negotiated inside the quote and is most of what the update carried.
    const share = single / first.size;
    const doubtful = conflated && rules.strictConflatedBlock && (first.side !== 'MID' || share < CONFLATED_BLOCK_MIN_SHARE);
    if (large && !cleared && !doubtful) {
      const of = conflated ? ` (${single} of the ${first.size} in one update)` : '';
      return result('BLOCK', 'SINGLE_LARGE', KIND_CONFIDENCE.block * discount, `one print of ${single} contracts${of} without depleting the book`);
    }
    if (large && doubtful) {
      const why = first.side !== 'MID' ? `printed at ${first.side.toLowerCase().replace('_', ' ')}, not inside the quote` : `only ${Math.round(share * 100)}% of the ${first.size} in the update`;
      return result('SPLIT', 'CONFLATED', KIND_CONFIDENCE.splitConflated, `volume rose ${total} with a last print of ${single}: ${why}, so no block (CONFLATED_BLOCK); several prints in one update`);
    }
  }

  if (conflated) {
    // Volume rose by more than the last size: several prints Schwab merged into one update. Not
    // a sweep and no single large print among them: one order filled in pieces.
    return result('SPLIT', 'CONFLATED', KIND_CONFIDENCE.splitConflated, `volume rose ${total} with a last size of ${conflatedLastSize(prints)}: several prints in one update`);
  }

  return result('SINGLE', 'DEFAULT', KIND_CONFIDENCE.single * discount, prints.length === 1 ? 'one print' : `${prints.length} prints`);
}

function conflatedLastSize(prints: readonly ClusterPrint[]): number | string {
  return prints.find((p) => p.lastSize !== null && p.size > p.lastSize)?.lastSize ?? '?';
}

function hasRepeatedPrice(prints: readonly ClusterPrint[]): boolean {
  for (let i = 0; i < prints.length; i++) {
    for (let j = i + 1; j < prints.length; j++) {
      if (Math.abs((prints[i] as ClusterPrint).price - (prints[j] as ClusterPrint).price) < EPSILON) return true;
    }
  }
  return false;
}

function result(kind: FlowKind, rule: string, confidence: number, reason: string): KindResult {
  return { kind, rule, confidence: Math.round(confidence * 1000) / 1000, reason };
}
