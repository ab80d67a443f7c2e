// The flow engine (shared/analytics/FLOW-RULES.md): prints from merged Level 1 updates, side
// from the quote in force before the trade, clusters into parent orders, kinds, flags and
// evidence. A flow is emitted at its first print and again, same id, each time its cluster
// grows, a flag changes or a bust cancels it.
import type { Flow, PrintEvidence, QuoteEvidence } from '../../shared/domain/flow.ts';
import type { SessionId } from '../../shared/domain/session.ts';
import { makeFlowId } from '../../shared/domain/flow-id.ts';
import type { Book, EquityQuoteUpdate, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import type { FlowSettings, RollingSettings } from '../../shared/domain/settings.ts';
import { DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { senderConfidence } from '../../shared/analytics/sender.ts';
import { StatsByUnderlying } from '../../shared/analytics/rolling-stats.ts';
import { classifySide, nextTick, type SideRules } from '../../shared/analytics/side.ts';
import type { KindRules } from '../../shared/analytics/kind.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { cloneState } from '../util/clone-state.ts';
import { Emitter, type Unsubscribe } from '../util/emitter.ts';
import { ContractTracker, venuesDepleted, type OpenCluster } from './contract-tracker.ts';
import { SpreadLegDetector, type LegPartner } from './spread-legs.ts';
import { StrategyGrouper } from './strategy-grouper.ts';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import { buildFlow, round, withSenderRule } from './flow-builder.ts';

/**
 * The rules of FLOW-RULES.md that can be switched, so `npm run eval` can measure each one. The
 * app runs DEFAULT_FLOW_RULES; V2_FLOW_RULES is the rule set before version 3.
 */
export interface FlowRules {
  /** §2: the quote carried by a print's own update judges it when its quote time is before the trade time. */
  quoteTimes: boolean;
  /** §2: the trade-size rule. */
  tradeSize: boolean;
  /** §2: the depth rule at the midpoint. */
  depth: boolean;
  /** §2: a side decided with less confidence than this is UNKNOWN. */
  minSideConfidence: number;
  /** §3: the cluster window follows the contract's measured update interval (at most clusterWindowMs). */
  measuredWindow: boolean;
  /** §3: a conflated update is a block only when its large last print is most of it and inside the quote. */
  strictConflatedBlock: boolean;
  /** §4: spread legs paired by trade time and size ratio, wherever they printed. */
  legsByTimeAndSize: boolean;
  /** §1: a fall in day volume that matches a recent flow cancels it. */
  busts: boolean;
}

export const V2_FLOW_RULES: Readonly<FlowRules> = Object.freeze({
  quoteTimes: false,
  tradeSize: false,
  depth: true,
  minSideConfidence: 0,
  measuredWindow: false,
  strictConflatedBlock: false,
  legsByTimeAndSize: false,
  busts: false,
});

export const DEFAULT_FLOW_RULES: Readonly<FlowRules> = Object.freeze({
  quoteTimes: true,
  tradeSize: true,
  depth: true,
  minSideConfidence: 0.55,
  measuredWindow: true,
  strictConflatedBlock: true,
  legsByTimeAndSize: true,
  busts: true,
});

/** How far back a bust may reach: exchanges review a trade for up to about half an hour. */
export const BUST_LOOKBACK_MS = 30 * 60_000;
/** The shortest cluster window a fast feed can bring (a measured interval below it counts as this). */
export const MIN_CLUSTER_WINDOW_MS = 100;

export interface FlowEngineEvents {
  /** A new flow (isNew) or a new version of one (same id, higher version). */
  flow: { flow: Flow; isNew: boolean };
  problem: { symbol: string; detail: string };
}

export interface FlowEngineOptions {
  sessionId: SessionId;
  settings: FlowSettings;
  rolling?: RollingSettings;
  /** Rule switches; DEFAULT_FLOW_RULES unless given. */
  rules?: Partial<FlowRules>;
}

export interface FlowEngineStats {
  updates: number;
  prints: number;
  flows: number;
  baselines: number;
  volumeResets: number;
  unpriced: number;
  /** Falls in day volume that cancelled a flow. */
  busts: number;
}

export class FlowEngine {
  readonly settings: FlowSettings;
  readonly rules: Readonly<FlowRules>;
  stats: StatsByUnderlying;
  private readonly events = new Emitter<FlowEngineEvents>();
  private readonly sessionId: SessionId;
  private contracts = new Map<string, ContractTracker | null>();
  private flows = new Map<string, Flow>();
  private spot = new Map<string, number>();
  private spreads: SpreadLegDetector;
  private strategies = new StrategyGrouper();
  private nextId = 1;
  /** See OpenCluster.latest: changing the flows map other than by publish() takes a new stamp. */
  private stamp = newStamp();
  private counters: FlowEngineStats = { updates: 0, prints: 0, flows: 0, baselines: 0, volumeResets: 0, unpriced: 0, busts: 0 };
  private readonly sideRules: SideRules;
  private readonly kindRules: KindRules;

  constructor(options: FlowEngineOptions) {
    this.settings = options.settings;
    this.rules = Object.freeze({ ...DEFAULT_FLOW_RULES, ...options.rules });
    this.sideRules = { tradeSize: this.rules.tradeSize, depth: this.rules.depth, minConfidence: this.rules.minSideConfidence };
    this.kindRules = { strictConflatedBlock: this.rules.strictConflatedBlock };
    this.sessionId = options.sessionId;
    this.stats = new StatsByUnderlying(options.rolling ?? DEFAULT_ROLLING_SETTINGS);
    this.spreads = new SpreadLegDetector(options.settings.spreadLegWindowMs);
  }

  on<K extends keyof FlowEngineEvents>(event: K, listener: (payload: FlowEngineEvents[K]) => void): Unsubscribe {
    return this.events.on(event, listener);
  }

  counts(): FlowEngineStats {
    return { ...this.counters };
  }

  /** Everything the engine knows, copied: a replay checkpoint. */
  snapshot(): EngineSnapshot {
    const { contracts, flows, spot, spreads, strategies, nextId, counters, stats } = this;
    return cloneState({ contracts, flows, spot, spreads, strategies, nextId, counters, stats });
  }

  restore(snapshot: EngineSnapshot): void {
    const s = cloneState(snapshot);
    this.contracts = s.contracts;
    this.flows = s.flows;
    this.spot = s.spot;
    this.spreads = s.spreads;
    this.strategies = s.strategies;
    this.nextId = s.nextId;
    this.counters = s.counters;
    this.stats = s.stats;
    this.stamp = newStamp();
  }

  /** Every flow still held in memory (those that may still grow), latest version of each. */
  held(): IterableIterator<Flow> {
    return this.flows.values();
  }

  /** The sequence the next new flow gets: every flow made so far has a lower one. */
  get nextSequence(): number {
    return this.nextId;
  }

  /** The latest version of a flow still held in memory. */
  flow(id: string): Flow | undefined {
    return this.flows.get(id);
  }

  onEquityQuote(update: EquityQuoteUpdate): void {
    const price = update.quote.last ?? update.quote.mark;
    if (price !== undefined && price > 0) this.spot.set(update.symbol, price);
  }

  onOptionQuote(update: OptionQuoteUpdate): void {
    this.counters.updates++;
    const tracker = this.tracker(update.symbol);
    if (!tracker) return;
    const { quote, changed } = update;
    // A quote carried with a print is in force before it when its quote time is before the trade
    // time: it goes into the ring first, and the ring's strictly-before rule decides.
    const quoteFirst = this.rules.quoteTimes;
    if (quoteFirst) this.pushUpdateQuote(tracker, update);
    if (!update.snapshot) tracker.noteUpdate(update.receivedAt);
    if (update.snapshot) {
      // The first snapshot after a (re)subscription is a baseline, never a print: otherwise a
      // reconnect turns the day's volume, or trades missed during an outage, into flows.
      this.counters.baselines++;
      tracker.rebaseline(quote.volume);
      tracker.cluster = null;
      if (quote.last !== undefined) tracker.lastPrice = quote.last;
    } else if (changed.volume !== undefined) {
      this.onVolume(tracker, update);
    }
    const serverTime = Math.max(quote.quoteTime ?? 0, quote.tradeTime ?? 0);
    if (serverTime > 0) tracker.lastServerTime = serverTime;
    if (!quoteFirst && quote.bid !== undefined && quote.ask !== undefined) {
      tracker.ring.pushValues(quote.quoteTime ?? update.receivedAt, quote.bid, quote.ask, quote.bidSize ?? 0, quote.askSize ?? 0);
    }
  }

  /**
   * The update's merged quote into the ring, at its quote time. A quote that changed without a
   * new quote time has no time of its own: it counts from when it arrived (after any trade).
   */
  private pushUpdateQuote(tracker: ContractTracker, update: OptionQuoteUpdate): void {
    const { quote, changed } = update;
    if (quote.bid === undefined || quote.ask === undefined) return;
    const moved = changed.bid !== undefined || changed.ask !== undefined || changed.bidSize !== undefined || changed.askSize !== undefined;
    const timed = quote.quoteTime !== undefined && (changed.quoteTime !== undefined || !moved || update.snapshot);
    tracker.ring.pushValues(timed ? (quote.quoteTime as number) : update.receivedAt, quote.bid, quote.ask, quote.bidSize ?? 0, quote.askSize ?? 0);
  }

  onBook(book: Book): void {
    const tracker = this.contracts.get(book.symbol);
    if (!tracker) return;
    const previous = tracker.lastBook;
    tracker.lastBook = book;
    // The book's touch is a quote too, often fresher than the last Level 1 update: both feed the
    // ring the side of a print is judged against.
    const bid = book.bids[0];
    const ask = book.asks[0];
    if (bid && ask) tracker.ring.pushValues(book.time, bid.price, ask.price, bid.size, ask.size);
    const cluster = tracker.cluster;
    if (!previous || !cluster || cluster.direction === 'UNKNOWN') return;
    if (book.receivedAt - cluster.lastTime > this.settings.clusterWindowMs + 1500) return;
    const taken = cluster.prints.reduce((n, p) => n + p.size, 0);
    const reach = cluster.direction === 'BUY' ? Math.max(...cluster.prints.map((p) => p.price)) : Math.min(...cluster.prints.map((p) => p.price));
    const depleted = venuesDepleted(previous, book, cluster.direction === 'BUY' ? 'asks' : 'bids', taken, reach);
    if (depleted > cluster.venuesDepleted) {
      cluster.venuesDepleted = depleted;
      this.publish(tracker, cluster, undefined, false);
    }
  }

  private onVolume(tracker: ContractTracker, update: OptionQuoteUpdate): void {
    const volume = update.quote.volume as number;
    if (tracker.volume === null) {
      tracker.rebaseline(volume);
      return;
    }
    const dV = volume - tracker.volume;
    if (dV < 0) {
      // Daily reset (about 3:30 ET) or a busted trade: start again from here; a fall that matches
      // a recent flow of this contract cancels it.
      this.counters.volumeResets++;
      const before = tracker.volume;
      tracker.rebaseline(volume);
      if (this.rules.busts) this.onVolumeFall(tracker, update, before, volume);
      return;
    }
    if (dV === 0) return;
    tracker.volume = volume;
    const price = update.quote.last;
    if (price === undefined || !(price > 0)) {
      this.counters.unpriced++;
      this.events.emit('problem', { symbol: update.symbol, detail: `volume rose by ${dV} without a last price` });
      return;
    }
    this.counters.prints++;
    this.onPrint(tracker, update, dV, price);
  }

  private onPrint(tracker: ContractTracker, update: OptionQuoteUpdate, size: number, price: number): void {
    const { quote } = update;
    const time = quote.tradeTime ?? update.receivedAt;
    const before: QuoteEvidence | null = tracker.ring.before(time);
    const conflated = quote.lastSize !== undefined && size > quote.lastSize;
    const input = { price, quote: before, previousPrice: tracker.lastPrice, previousTick: tracker.tick, size: conflated ? null : size };
    let side = classifySide(input, this.sideRules);
    if (side.rule === 'TRADE_SIZE' && this.continuesCluster(tracker, time, classifySide(input, NO_TRADE_SIZE_RULES).direction)) {
      // A print that took the whole size shown while an order on that side is still printing is
      // that order's (a sweep takes each level whole), not a resting order's fill.
      side = classifySide(input, { ...this.sideRules, tradeSize: false });
    }
    tracker.tick = nextTick(price, tracker.lastPrice, tracker.tick);
    tracker.lastPrice = price;
    const print: PrintEvidence = {
      receivedAt: update.receivedAt,
      time,
      size,
      price,
      volumeBefore: (quote.volume as number) - size,
      volumeAfter: quote.volume as number,
      lastSize: quote.lastSize ?? null,
      side: side.side,
      quote: before,
    };
    let cluster = tracker.cluster;
    // Same side within the window joins the cluster; so does the same price as its last print (a
    // refilled venue), which a quote that moved in between can read as the other side.
    const lastPrice = cluster?.prints[cluster.prints.length - 1]?.price;
    // A conflated update hides prints made since the previous update (about a second ago): its
    // first print may be that early, so the window is measured from there, up to twice the window.
    const window = this.clusterWindow(tracker);
    const gap = cluster ? time - cluster.lastTime : Infinity;
    const hiddenGap = cluster && conflated && tracker.lastServerTime !== null ? Math.max(0, tracker.lastServerTime - cluster.lastTime) : gap;
    const samePrice = lastPrice !== undefined && Math.abs(lastPrice - price) < 1e-6;
    const joins =
      cluster !== null &&
      (cluster.direction === side.direction || samePrice) &&
      (gap <= window || (hiddenGap <= window && gap <= 2 * window)) &&
      time >= (cluster.prints[0]?.time ?? time);
    // join builds one flat string; a template literal leaves a tree of cons strings that every
    // flow holds for two minutes, copied at each young-generation GC.
    const parts: (string | number)[] = [size, ' @ ', price, ': ', side.reason];
    if (quoteFromUpdate(update, before, time)) parts.push('; the quote came with this print, quoted ', time - (before as QuoteEvidence).time, ' ms before the trade');
    if (joins && this.rules.measuredWindow) parts.push('; joined ', gap, ' ms after the last print (window ', window, ' ms', window < this.settings.clusterWindowMs ? ", from this contract's update interval)" : ')');
    const reason = parts.join('');
    if (!joins || !cluster) {
      const displayed = before === null ? null : side.direction === 'BUY' ? before.askSize : side.direction === 'SELL' ? before.bidSize : null;
      cluster = {
        flowId: makeFlowId(this.sessionId, this.nextId++),
        direction: side.direction,
        // Born holding its first print: most clusters never grow, and an empty array's first push
        // reserves room for 17.
        prints: [print],
        displayedBefore: displayed,
        venuesDepleted: 0,
        lastTime: time,
        version: 0,
        sideConfidence: side.confidence,
        sideRule: side.rule,
        reasons: [reason],
        latest: undefined,
        latestStamp: this.stamp,
      };
      tracker.cluster = cluster;
    } else {
      // Copied, never pushed to: the versions already published share these arrays as evidence.
      cluster.prints = [...cluster.prints, print];
      cluster.reasons = [...cluster.reasons, reason];
    }
    cluster.lastTime = Math.max(cluster.lastTime, time);
    // The side of a parent order is as sure as its least sure print.
    if (side.confidence < cluster.sideConfidence) {
      cluster.sideConfidence = side.confidence;
      cluster.sideRule = side.rule;
    }
    const outside = side.side === 'ABOVE_ASK' || side.side === 'BELOW_BID';
    const underlying = update.quote.underlying ?? tracker.contract.root;
    const legs = this.spreads.add(underlying, { time, symbol: update.symbol, flowId: cluster.flowId, size, outside }, this.rules.legsByTimeAndSize);
    this.publish(tracker, cluster, update, true);
    if (legs.length > 0) {
      const first = legs[0] as LegPartner;
      this.markSpreadLeg(cluster.flowId, legReason(first.rule, first.symbol, first.apart, size, first.size));
      for (const leg of legs) this.markSpreadLeg(leg.flowId, legReason(leg.rule, update.symbol, leg.apart, leg.size, size));
    }
    if (this.counters.prints % 4096 === 0) this.forgetBefore(time - FORGET_AFTER_MS);
  }

  /** True when the contract's open cluster is on `direction` and a print at `time` is within its window. */
  private continuesCluster(tracker: ContractTracker, time: number, direction: string): boolean {
    const cluster = tracker.cluster;
    return cluster !== null && cluster.direction === direction && time - cluster.lastTime <= this.clusterWindow(tracker);
  }

  /** The window within which a print joins the open cluster (FLOW-RULES.md §3). */
  private clusterWindow(tracker: ContractTracker): number {
    const max = this.settings.clusterWindowMs;
    if (!this.rules.measuredWindow) return max;
    const measured = tracker.updateIntervalMs();
    return measured === null ? max : Math.min(max, Math.max(MIN_CLUSTER_WINDOW_MS, measured));
  }

  private markSpreadLeg(flowId: string, reason: string): void {
    const flow = this.flows.get(flowId);
    if (!flow || flow.spreadLeg) return;
    this.stamp = newStamp();
    const tracker = this.contracts.get(flow.symbol);
    if (tracker && tracker.cluster?.flowId === flowId) tracker.cluster.legReason = reason;
    // A leg is a clue of who sent it (FLOW-RULES.md §9): the sender is judged again.
    const sender = { ...flow, spreadLeg: true };
    const next: Flow = {
      ...flow,
      spreadLeg: true,
      confidence: round(flow.confidence * 0.5),
      institutional: senderConfidence(sender),
      version: flow.version + 1,
      evidence: withSenderRule({ ...flow.evidence, reasons: [...flow.evidence.reasons, reason] }, sender),
    };
    this.replaceFlow(flow, next);
  }

  /**
   * Day volume fell from `before` to `after` (FLOW-RULES.md §1): when the fall is exactly the size
   * of one of the contract's recent flows (newest first, within BUST_LOOKBACK_MS), that trade was
   * busted, and the flow is published once more, cancelled, with the evidence.
   */
  private onVolumeFall(tracker: ContractTracker, update: OptionQuoteUpdate, before: number | null, after: number): void {
    if (before === null) return;
    const fall = before - after;
    const at = update.quote.tradeTime !== undefined && update.changed.tradeTime !== undefined ? update.quote.tradeTime : update.receivedAt;
    const recent = tracker.recentFlows;
    for (let i = recent.length - 1; i >= 0; i--) {
      const known = recent[i] as Flow;
      const flow = this.flows.get(known.id) ?? known;
      if (flow.cancelled === true || flow.size !== fall || at - flow.lastTime > BUST_LOOKBACK_MS || flow.time > at) continue;
      this.counters.busts++;
      if (tracker.cluster?.flowId === flow.id) tracker.cluster = null;
      this.stamp = newStamp();
      const reason = ['BUST: day volume fell by ', fall, ' (', before, ' to ', after, ') ', Math.round((at - flow.lastTime) / 1000), ' s after this flow of ', flow.size, ' contracts: the trade was busted, the flow is cancelled'].join('');
      const next: Flow = { ...flow, cancelled: true, version: flow.version + 1, evidence: { ...flow.evidence, reasons: [...flow.evidence.reasons, reason] } };
      if (this.flows.has(flow.id)) this.replaceFlow(flow, next);
      else {
        // Already out of memory: the windows and the store still take the new version.
        tracker.noteFlow(next);
        this.events.emit('flow', { flow: next, isNew: false });
      }
      return;
    }
  }

  /** `update` is the Level 1 update of a print, if a print made this version. */
  private publish(tracker: ContractTracker, cluster: OpenCluster, update: OptionQuoteUpdate | undefined, isPrint: boolean): void {
    // The map lookup was a tenth of the engine: a flow map of two minutes of flows, out of cache.
    const previous = cluster.latestStamp === this.stamp ? cluster.latest : this.flows.get(cluster.flowId);
    // A spread-leg mark publishes a version of its own; the next one must come after it (a window
    // keeps one row per id and version, and would keep the older of two with the same number).
    if (previous !== undefined && previous.version > cluster.version) cluster.version = previous.version;
    const quote = update?.quote;
    const underlying = quote?.underlying ?? previous?.underlying ?? tracker.contract.root;
    const flow = buildFlow({
      sessionId: this.sessionId,
      settings: this.settings,
      tracker,
      cluster,
      quote,
      previous,
      spot: quote?.underlyingPrice ?? this.spot.get(underlying) ?? previous?.underlyingPrice ?? null,
      firstPrint: isPrint && previous === undefined,
      kindRules: this.kindRules,
    });
    if (previous) this.replaceFlow(previous, flow);
    else {
      this.counters.flows++;
      this.flows.set(flow.id, flow);
      this.stats.add(flow);
      if (this.rules.busts) tracker.noteFlow(flow);
      this.events.emit('flow', { flow, isNew: true });
    }
    cluster.latest = flow;
    cluster.latestStamp = this.stamp;
    if (previous) return;
    const strategy = this.strategies.add(flow, (id) => this.flows.get(id));
    if (strategy) for (const leg of strategy.legs) this.linkStrategy(leg.flowId, strategy);
  }

  /** §8: a new version of a leg with its strategy (the whole link) and the grouping's reason. */
  private linkStrategy(flowId: string, strategy: StrategyLink): void {
    const flow = this.flows.get(flowId);
    if (!flow) return;
    this.stamp = newStamp();
    const reasons = flow.evidence.reasons.filter((r) => r !== flow.strategy?.reason);
    // A leg of a multi-leg order is a clue of who sent it (FLOW-RULES.md §9): the sender is judged again.
    const sender = { ...flow, spreadLeg: true };
    const evidence = withSenderRule({ ...flow.evidence, reasons: [...reasons, strategy.reason] }, sender);
    const next: Flow = { ...flow, strategy, institutional: senderConfidence(sender), version: flow.version + 1, evidence };
    this.replaceFlow(flow, next);
  }

  private replaceFlow(previous: Flow, next: Flow): void {
    this.flows.set(next.id, next);
    this.stats.replace(previous, next);
    if (this.rules.busts) this.contracts.get(next.symbol)?.noteFlow(next);
    this.events.emit('flow', { flow: next, isNew: false });
  }

  /** Drops flows whose cluster can no longer grow from memory; the store keeps them. */
  forgetBefore(time: number): void {
    for (const [id, flow] of this.flows) {
      if (flow.lastTime >= time) break;
      this.flows.delete(id);
      this.stamp = newStamp();
    }
  }

  private tracker(symbol: string): ContractTracker | null {
    let tracker = this.contracts.get(symbol);
    if (tracker === undefined) {
      const parsed = tryParseOptionSymbol(symbol);
      tracker = parsed.ok ? new ContractTracker(parsed.contract, this.settings.quoteRingSize) : null;
      if (!parsed.ok) this.events.emit('problem', { symbol, detail: parsed.error.message });
      this.contracts.set(symbol, tracker);
    }
    return tracker;
  }
}

export interface EngineSnapshot {
  contracts: Map<string, ContractTracker | null>;
  flows: Map<string, Flow>;
  spot: Map<string, number>;
  spreads: SpreadLegDetector;
  strategies: StrategyGrouper;
  nextId: number;
  counters: FlowEngineStats;
  stats: StatsByUnderlying;
}

let stamps = 0;

const NO_TRADE_SIZE_RULES: SideRules = { tradeSize: false, depth: true, minConfidence: 0 };

/** True when the quote that judged a print is the one its own update carried (quote time first). */
function quoteFromUpdate(update: OptionQuoteUpdate, before: QuoteEvidence | null, tradeTime: number): boolean {
  const { quote, changed } = update;
  return before !== null && changed.quoteTime !== undefined && before.time === quote.quoteTime && before.time < tradeTime && before.bid === quote.bid && before.ask === quote.ask;
}

function legReason(rule: string, other: string, apart: number, ownSize: number, otherSize: number): string {
  const how = rule === 'LEG_OUTSIDE' ? 'both printed outside their quotes' : `sizes ${ownSize}:${otherSize}`;
  return ['possible spread leg (', rule, '): ', other.trim().replace(/\s+/g, ' '), ' printed ', apart, ' ms apart, ', how].join('');
}

/** Unique across engines, so a restored checkpoint's clusters never match a current stamp. */
function newStamp(): number {
  return ++stamps;
}

/** Flows whose cluster ended this long ago leave memory; the store and the windows keep them. */
const FORGET_AFTER_MS = 120_000;
