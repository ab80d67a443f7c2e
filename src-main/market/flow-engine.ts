// The flow engine (shared/analytics/FLOW-RULES.md): prints from merged Level 1 updates, side
// from the quote in force before the trade, clusters into parent orders, kinds, flags and
// evidence. A flow is emitted at its first print and again, same id, each time its cluster
// grows, a flag changes or a bust cancels it.
import type { Flow, PrintEvidence, QuoteEvidence } from '../../shared/domain/flow.ts';
import type { SessionId } from '../../shared/domain/session.ts';
import { makeFlowId } from '../../shared/domain/flow-id.ts';
import type { Book, EquityQuoteUpdate, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import { DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { StatsByUnderlying } from '../../shared/analytics/rolling-stats.ts';
import { classifySide, nextTick, type SideRules } from '../../shared/analytics/side.ts';
import type { KindRules } from '../../shared/analytics/kind.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { copyEngineState } from './engine-snapshot.ts';
import { Emitter, type Unsubscribe } from '../util/emitter.ts';
import { ContractTracker, openCluster, venuesDepleted, type OpenCluster } from './contract-tracker.ts';
import { SpreadLegDetector, type LegPartner } from './spread-legs.ts';
import { StrategyGrouper } from './strategy-grouper.ts';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import { buildFlow } from './flow-builder.ts';
import type { EngineSnapshot, FlowEngineEvents, FlowEngineOptions, FlowEngineStats } from './flow-engine-types.ts';
import { BUST_LOOKBACK_MS, DEFAULT_FLOW_RULES, type FlowRules } from './flow-rules.ts';
import { bustVersion, legReason, printReason, quoteFromUpdate, spreadLegVersion, strategyVersion } from './flow-versions.ts';

export { BUST_LOOKBACK_MS, DEFAULT_FLOW_RULES, MIN_CLUSTER_WINDOW_MS, V2_FLOW_RULES, type FlowRules } from './flow-rules.ts';

export type { EngineSnapshot, FlowEngineEvents, FlowEngineOptions, FlowEngineStats } from './flow-engine-types.ts';

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
  private readonly maxHeld: number;
  private readonly clusterMaxMs: number;
  /** The latest version of a held flow, for the strategy grouper: one function, not one per new flow. */
  private readonly currentFlow = (id: string): Flow | undefined => this.flows.get(id);

  constructor(options: FlowEngineOptions) {
    this.settings = options.settings;
    this.rules = Object.freeze({ ...DEFAULT_FLOW_RULES, ...options.rules });
    this.sideRules = { tradeSize: this.rules.tradeSize, depth: this.rules.depth, minConfidence: this.rules.minSideConfidence };
    this.kindRules = { strictConflatedBlock: this.rules.strictConflatedBlock };
    this.sessionId = options.sessionId;
    this.stats = new StatsByUnderlying(options.rolling ?? DEFAULT_ROLLING_SETTINGS);
    this.spreads = new SpreadLegDetector(options.settings.spreadLegWindowMs);
    this.maxHeld = options.maxHeldFlows ?? MAX_HELD_FLOWS;
    this.clusterMaxMs = options.settings.clusterWindowMs;
  }

  on<K extends keyof FlowEngineEvents>(event: K, listener: (payload: FlowEngineEvents[K]) => void): Unsubscribe {
    return this.events.on(event, listener);
  }

  counts(): FlowEngineStats {
    return { ...this.counters };
  }

  /** Everything the engine knows, copied but for the flows (engine-snapshot.ts): a replay checkpoint. */
  snapshot(): EngineSnapshot {
    const { contracts, flows, spot, spreads, strategies, nextId, counters, stats } = this;
    return copyEngineState({ contracts, flows, spot, spreads, strategies, nextId, counters, stats });
  }

  restore(snapshot: EngineSnapshot): void {
    const s = copyEngineState(snapshot);
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
    if (quoteFirst) tracker.pushUpdateQuote(update);
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
    if (side.rule === 'TRADE_SIZE' && tracker.continuesCluster(time, classifySide(input, NO_TRADE_SIZE_RULES).direction, this.clusterMaxMs, this.rules.measuredWindow)) {
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
    const window = tracker.clusterWindow(this.clusterMaxMs, this.rules.measuredWindow);
    const gap = cluster ? time - cluster.lastTime : Infinity;
    const hiddenGap = cluster && conflated && !Number.isNaN(tracker.lastServerTime) ? Math.max(0, tracker.lastServerTime - cluster.lastTime) : gap;
    const samePrice = lastPrice !== undefined && Math.abs(lastPrice - price) < 1e-6;
    const joins =
      cluster !== null &&
      (cluster.direction === side.direction || samePrice) &&
      (gap <= window || (hiddenGap <= window && gap <= 2 * window)) &&
      time >= (cluster.prints[0]?.time ?? time);
    const quoted = quoteFromUpdate(update, before, time) ? time - (before as QuoteEvidence).time : null;
    const joined = joins && this.rules.measuredWindow ? { gap, window, measured: window < this.settings.clusterWindowMs } : null;
    const reason = printReason(size, price, side.reason, quoted, joined);
    if (!joins || !cluster) {
      cluster = openCluster(makeFlowId(this.sessionId, this.nextId++), print, side, before, reason, this.stamp);
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

  private markSpreadLeg(flowId: string, reason: string): void {
    const flow = this.flows.get(flowId);
    if (!flow || flow.spreadLeg) return;
    this.stamp = newStamp();
    const tracker = this.contracts.get(flow.symbol);
    if (tracker && tracker.cluster?.flowId === flowId) tracker.cluster.legReason = reason;
    const next = spreadLegVersion(flow, reason);
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
      const next = bustVersion(flow, fall, before, after, at);
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
    // A flow let go of by the bound on held flows while its cluster was still open is found in
    // the cluster: its next version is still a version of the same flow, never a new one.
    const previous = cluster.latestStamp === this.stamp ? cluster.latest : (this.flows.get(cluster.flowId) ?? cluster.latest);
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
      if (this.flows.size > this.maxHeld) this.forgetOldest();
      this.stats.add(flow);
      if (this.rules.busts) tracker.noteFlow(flow);
      this.events.emit('flow', { flow, isNew: true });
    }
    cluster.latest = flow;
    cluster.latestStamp = this.stamp;
    if (previous) return;
    const strategy = this.strategies.add(flow, this.currentFlow);
    if (strategy) for (const leg of strategy.legs) this.linkStrategy(leg.flowId, strategy);
  }

  /** §8: a new version of a leg with its strategy (the whole link) and the grouping's reason. */
  private linkStrategy(flowId: string, strategy: StrategyLink): void {
    const flow = this.flows.get(flowId);
    if (!flow) return;
    this.stamp = newStamp();
    const next = strategyVersion(flow, strategy);
    this.replaceFlow(flow, next);
  }

  private replaceFlow(previous: Flow, next: Flow): void {
    this.flows.set(next.id, next);
    if (this.flows.size > this.maxHeld) this.forgetOldest();
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

  /**
   * Bounded memory whatever the rate: beyond maxHeld flows the oldest leaves memory (the map is
   * in order of first print), as forgetBefore does for flows two minutes old.
   */
  private forgetOldest(): void {
    for (const id of this.flows.keys()) {
      this.flows.delete(id);
      this.stamp = newStamp();
      if (this.flows.size <= this.maxHeld) return;
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

let stamps = 0;

const NO_TRADE_SIZE_RULES: SideRules = { tradeSize: false, depth: true, minConfidence: 0 };

/** Unique across engines, so a restored checkpoint's clusters never match a current stamp. */
function newStamp(): number {
  return ++stamps;
}

/** Flows whose cluster ended this long ago leave memory; the store and the windows keep them. */
const FORGET_AFTER_MS = 120_000;
/**
 * The most flows held in memory at once, whatever the rate: two minutes of the simulator's
 * highest intensity are about 13,000 (tools/bench); a feed several times faster than that keeps
 * its newest 50,000.
 */
export const MAX_HELD_FLOWS = 50_000;
