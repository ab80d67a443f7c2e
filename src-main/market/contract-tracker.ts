// Per-contract state the flow rules need (shared/analytics/FLOW-RULES.md §1, §3, §4): the volume
// baseline, the ring of recent quotes, the tick, the open cluster, the feed's measured update
// interval, the latest flows (a bust may undo one), recent hits for repeaters, and the contract's
// premiums so far for "top 1%".
import type { Direction, Flow, PrintEvidence, QuoteEvidence, SideRule } from '../../shared/domain/flow.ts';
import type { Book, OptionContract, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import { MIN_CLUSTER_WINDOW_MS } from './flow-rules.ts';
import { QuoteRing } from '../../shared/analytics/quote-ring.ts';
import type { Tick } from '../../shared/analytics/side.ts';
import { chartDayOf, daysFromCivil, parseCalendarDate } from '../../shared/time/eastern.ts';

export interface OpenCluster {
  flowId: string;
  direction: Direction;
  /** Shared with the flow versions published from it (their evidence): replaced, never mutated. */
  prints: readonly PrintEvidence[];
  /** Size at the touch before the first print (ask for buys, bid for sells). */
  displayedBefore: number | null;
  venuesDepleted: number;
  lastTime: number;
  version: number;
  /** The least sure print's side confidence, and the rule that decided it. */
  sideConfidence: number;
  sideRule: SideRule;
  /** As prints: shared with the published versions. */
  reasons: readonly string[];
  /** Why the flow was marked a possible spread leg, once it was. */
  legReason?: string;
  /**
   * The engine's flows map entry for flowId, cached: good only while latestStamp is the engine's
   * current stamp (the map changed by no one but this cluster's own publishing since).
   */
  latest: Flow | undefined;
  latestStamp: number;
}

/** A new cluster born holding its first print (most clusters never grow). */
export function openCluster(flowId: string, print: PrintEvidence, side: { direction: Direction; confidence: number; rule: SideRule }, before: QuoteEvidence | null, reason: string, stamp: number): OpenCluster {
  return {
    flowId,
    direction: side.direction,
    // An empty array's first push reserves room for 17.
    prints: [print],
    // Size at the touch before the first print: the ask for buys, the bid for sells.
    displayedBefore: before === null ? null : side.direction === 'BUY' ? before.askSize : side.direction === 'SELL' ? before.bidSize : null,
    venuesDepleted: 0,
    lastTime: print.time,
    version: 0,
    sideConfidence: side.confidence,
    sideRule: side.rule,
    reasons: [reason],
    latest: undefined,
    latestStamp: stamp,
  };
}

export class ContractTracker {
  readonly contract: OptionContract;
  readonly ring: QuoteRing;
  /** Day volume already accounted for; null until the first snapshot or volume. */
  volume: number | null = null;
  lastPrice: number | null = null;
  tick: Tick | null = null;
  cluster: OpenCluster | null = null;
  lastBook: Book | null = null;
  /**
   * Latest server time (quote or trade time) of the updates seen: where hidden prints start; NaN
   * until one is seen. Never null: a field that has held null keeps every later number in a new
   * heap object, and this one is written on every Level 1 update.
   */
  lastServerTime = NaN;
  /** The latest version of this contract's newest flows, newest last: what a bust can undo. */
  recentFlows: Flow[] = [];
  /** Receive time of the latest Level 1 update (NaN before one, as lastServerTime), and the gaps between recent ones (a ring). */
  private lastUpdateAt = NaN;
  private readonly intervals: number[] = [];
  private nextInterval = 0;
  /** updateIntervalMs's answer, until the next gap arrives (undefined: to be worked out). */
  private interval: number | null | undefined = undefined;
  /**
   * Recent hits as parallel arrays from hitStart on: expiring one moves the start instead of
   * shifting an array of objects on every flow; the dead prefix is dropped now and then.
   */
  private readonly hitTimes: number[] = [];
  private readonly hitPrices: number[] = [];
  private hitStart = 0;
  /**
   * Premiums of this contract's latest MAX_PREMIUMS flows, ascending, in the first premiumCount
   * places: moved within the array on each new flow (a splice made two arrays per flow), the room
   * doubled as flows come, so a quiet contract holds a few numbers.
   */
  private premiums = new Float64Array(16);
  private premiumCount = 0;
  /**
   * The same premiums in the order they came (a ring once full): which one leaves when a new one
   * comes. It grows as flows come, so a quiet contract holds a few numbers, not the bound's room.
   */
  private readonly premiumOrder: number[] = [];
  private premiumsSeen = 0;
  /** The expiry as a day number, parsed on first use: dte() ran a regex per flow version. */
  private expiryDays: number | null = null;

  constructor(contract: OptionContract, ringSize: number) {
    this.contract = contract;
    this.ring = new QuoteRing(ringSize);
  }

  /** Numbers it holds in arrays that grow with the day (premiums, hits, gaps): a checkpoint's size estimate. */
  heldNumbers(): number {
    return this.premiumCount + this.premiumOrder.length + this.hitTimes.length + this.hitPrices.length + this.intervals.length + this.recentFlows.length;
  }

  /** A new baseline: after a (re)subscription or reconnect nothing before it is a print. */
  rebaseline(volume: number | undefined): void {
    this.volume = volume ?? null;
  }

  pushQuote(quote: QuoteEvidence): void {
    this.ring.push(quote);
  }

  /**
   * The update's merged quote into the ring, at its quote time. A quote that changed without a
   * new quote time has no time of its own: it counts from when it arrived (after any trade).
   */
  pushUpdateQuote(update: OptionQuoteUpdate): void {
    const { quote, changed } = update;
    if (quote.bid === undefined || quote.ask === undefined) return;
    const moved = changed.bid !== undefined || changed.ask !== undefined || changed.bidSize !== undefined || changed.askSize !== undefined;
    const timed = quote.quoteTime !== undefined && (changed.quoteTime !== undefined || !moved || update.snapshot);
    this.ring.pushValues(timed ? (quote.quoteTime as number) : update.receivedAt, quote.bid, quote.ask, quote.bidSize ?? 0, quote.askSize ?? 0);
  }

  /** The window within which a print joins the open cluster (FLOW-RULES.md §3), at most `maxMs`. */
  clusterWindow(maxMs: number, measuredWindow: boolean): number {
    if (!measuredWindow) return maxMs;
    const measured = this.updateIntervalMs();
    return measured === null ? maxMs : Math.min(maxMs, Math.max(MIN_CLUSTER_WINDOW_MS, measured));
  }

  /** True when the open cluster is on `direction` and a print at `time` is within its window. */
  continuesCluster(time: number, direction: string, maxMs: number, measuredWindow: boolean): boolean {
    const cluster = this.cluster;
    return cluster !== null && cluster.direction === direction && time - cluster.lastTime <= this.clusterWindow(maxMs, measuredWindow);
  }

  /** Records a Level 1 update's arrival, for the feed's update interval on this contract. */
  noteUpdate(receivedAt: number): void {
    const last = this.lastUpdateAt;
    this.lastUpdateAt = receivedAt;
    if (!(receivedAt > last)) return;
    if (this.intervals.length < UPDATE_INTERVALS) this.intervals.push(receivedAt - last);
    else this.intervals[this.nextInterval] = receivedAt - last;
    this.nextInterval = (this.nextInterval + 1) % UPDATE_INTERVALS;
    this.interval = undefined;
  }

  /**
   * How often the feed updates this contract: the lower quartile of the gaps between its recent
   * updates (a quiet spell makes long gaps, never short ones), or null before enough were seen.
   */
  updateIntervalMs(): number | null {
    if (this.interval !== undefined) return this.interval;
    const n = this.intervals.length;
    if (n < MIN_INTERVALS) return (this.interval = null);
    return (this.interval = lowerQuartile(this.intervals));
  }

  /** Keeps the latest version of a flow among the contract's newest ones. */
  noteFlow(flow: Flow): void {
    const list = this.recentFlows;
    for (let i = list.length - 1; i >= 0; i--) {
      if ((list[i] as Flow).id === flow.id) {
        list[i] = flow;
        return;
      }
    }
    list.push(flow);
    if (list.length > RECENT_FLOWS) list.shift();
  }
  /** Days to expiry at a trade time, exactly as shared/time's dte(time, contract.expiry). */
  dte(tradeEpochMs: number): number {
    if (this.expiryDays === null) {
      const { year, month, day } = parseCalendarDate(this.contract.expiry);
      this.expiryDays = daysFromCivil(year, month, day);
    }
    return this.expiryDays - chartDayOf(tradeEpochMs);
  }

  /** Records a hit and says whether the contract was hit at this price often enough lately. */
  recordHit(time: number, price: number, windowMs: number, minHits: number): boolean {
    const times = this.hitTimes;
    const prices = this.hitPrices;
    let start = this.hitStart;
    while (start < times.length && (times[start] as number) < time - windowMs) start++;
    if (start >= 64 && start * 2 >= times.length) {
      times.splice(0, start);
      prices.splice(0, start);
      start = 0;
    }
    this.hitStart = start;
    times.push(time);
    prices.push(price);
    let same = 0;
    for (let i = start; i < prices.length; i++) if (Math.abs((prices[i] as number) - price) < 1e-6) same++;
    return same >= minHits;
  }

  /**
   * Whether a premium is in the top `fraction` of this contract's earlier flows. It needs
   * enough history for the fraction to mean something (1% of fewer than 100 flows is nothing).
   */
  isTopPremium(premium: number, fraction: number): boolean {
    const n = this.premiumCount;
    if (fraction <= 0 || n < Math.ceil(1 / fraction)) return false;
    const threshold = this.premiums[Math.min(n - 1, Math.floor(n * (1 - fraction)))] as number;
    return premium >= threshold;
  }

  /** Records a flow's premium; beyond MAX_PREMIUMS the oldest recorded leaves (memory stays bounded all day). */
  recordPremium(premium: number): void {
    const order = this.premiumOrder;
    if (this.premiumsSeen < MAX_PREMIUMS) order.push(premium);
    else {
      const slot = this.premiumsSeen % MAX_PREMIUMS;
      const gone = lowerBound(this.premiums, this.premiumCount, order[slot] as number);
      this.premiums.copyWithin(gone, gone + 1, this.premiumCount);
      this.premiumCount--;
      order[slot] = premium;
    }
    this.premiumsSeen++;
    if (this.premiumCount === this.premiums.length) {
      const room = new Float64Array(Math.min(MAX_PREMIUMS, this.premiums.length * 2));
      room.set(this.premiums);
      this.premiums = room;
    }
    const at = lowerBound(this.premiums, this.premiumCount, premium);
    this.premiums.copyWithin(at + 1, at, this.premiumCount);
    this.premiums[at] = premium;
    this.premiumCount++;
  }
}

/** Scratch room for lowerQuartile: asked for on most prints, it sorted a fresh copy each time. */
const SORTED_INTERVALS = new Float64Array(16); // UPDATE_INTERVALS, declared below

/** The value a quarter of the way up the sorted values (at most 16 of them), sorted in place in scratch room. */
function lowerQuartile(values: readonly number[]): number {
  const n = values.length;
  const sorted = SORTED_INTERVALS;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    let j = i;
    for (; j > 0 && (sorted[j - 1] as number) > v; j--) sorted[j] = sorted[j - 1] as number;
    sorted[j] = v;
  }
  return sorted[Math.floor(n / 4)] as number;
}

/** The first index among the first `n` of an ascending array whose value is not below `value`. */
function lowerBound(sorted: Float64Array, n: number, value: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Update gaps kept per contract, and how many are needed before they say anything. */
const UPDATE_INTERVALS = 16;
const MIN_INTERVALS = 4;
/**
 * Premiums per contract the top-premium flag (FLOW-RULES.md §4) ranks against: its latest flows,
 * so a contract that trades all day keeps a bounded list (4,096 premiums and their order, 64 KiB at most).
 */
export const MAX_PREMIUMS = 4096;
/** Flows per contract a bust can still find. */
const RECENT_FLOWS = 8;

/**
 * Venues a trade emptied at the touch, read from two OPTIONS_BOOK snapshots: the previous best
 * level must be gone entirely, the trade must have reached its price and taken at least its
 * whole size; then every venue of that level counts. OPTIONS_BOOK is throttled (about 1 s) and
 * venues re-post on their own, so a venue merely missing from the touch is not evidence: only a
 * level the trade could have eaten whole is.
 */
export function venuesDepleted(previous: Book, next: Book, side: 'bids' | 'asks', taken: number, price: number): number {
  const before = previous[side][0];
  if (!before) return 0;
  const reached = side === 'asks' ? price >= before.price - 1e-6 : price <= before.price + 1e-6;
  if (!reached || taken < before.size) return 0;
  const after = next[side][0];
  const levelGone = !after || (side === 'asks' ? after.price > before.price + 1e-6 : after.price < before.price - 1e-6);
  return levelGone ? before.venues.length : 0;
}
