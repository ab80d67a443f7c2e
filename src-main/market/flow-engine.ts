// The flow engine (shared/analytics/FLOW-RULES.md): prints from merged Level 1 updates, side
// from the quote in force before the trade, clusters into parent orders, kinds, flags and
// evidence. A flow is emitted at its first print and again, same id, each time its cluster
// grows or a flag changes.
import type { Flow, PrintEvidence, QuoteEvidence } from '../../shared/domain/flow.ts';
import type { SessionId } from '../../shared/domain/session.ts';
import { makeFlowId } from '../../shared/domain/flow-id.ts';
import type { Book, EquityQuoteUpdate, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import type { FlowSettings, RollingSettings } from '../../shared/domain/settings.ts';
import { DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { StatsByUnderlying } from '../../shared/analytics/rolling-stats.ts';
import { classifySide, nextTick } from '../../shared/analytics/side.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { cloneState } from '../util/clone-state.ts';
import { Emitter, type Unsubscribe } from '../util/emitter.ts';
import { ContractTracker, venuesDepleted, type OpenCluster } from './contract-tracker.ts';
import { SpreadLegDetector } from './spread-legs.ts';
import { buildFlow, round, SPREAD_LEG_REASON } from './flow-builder.ts';

export interface FlowEngineEvents {
  /** A new flow (isNew) or a new version of one (same id, higher version). */
  flow: { flow: Flow; isNew: boolean };
  problem: { symbol: string; detail: string };
}

export interface FlowEngineOptions {
  sessionId: SessionId;
  settings: FlowSettings;
  rolling?: RollingSettings;
}

export interface FlowEngineStats {
  updates: number;
  prints: number;
  flows: number;
  baselines: number;
  volumeResets: number;
  unpriced: number;
}

export class FlowEngine {
  readonly settings: FlowSettings;
  stats: StatsByUnderlying;
  private readonly events = new Emitter<FlowEngineEvents>();
  private readonly sessionId: SessionId;
  private contracts = new Map<string, ContractTracker | null>();
  private flows = new Map<string, Flow>();
  private spot = new Map<string, number>();
  private spreads: SpreadLegDetector;
  private nextId = 1;
  /** See OpenCluster.latest: changing the flows map other than by publish() takes a new stamp. */
  private stamp = newStamp();
  private counters: FlowEngineStats = { updates: 0, prints: 0, flows: 0, baselines: 0, volumeResets: 0, unpriced: 0 };

  constructor(options: FlowEngineOptions) {
    this.settings = options.settings;
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
    const { contracts, flows, spot, spreads, nextId, counters, stats } = this;
    return cloneState({ contracts, flows, spot, spreads, nextId, counters, stats });
  }

  restore(snapshot: EngineSnapshot): void {
    const s = cloneState(snapshot);
    this.contracts = s.contracts;
    this.flows = s.flows;
    this.spot = s.spot;
    this.spreads = s.spreads;
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
    if (quote.bid !== undefined && quote.ask !== undefined) {
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
      // Daily reset (about 3:30 ET) or a busted trade: start again from here, silently.
      this.counters.volumeResets++;
      tracker.rebaseline(volume);
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
    const side = classifySide({ price, quote: before, previousPrice: tracker.lastPrice, previousTick: tracker.tick });
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
    const window = this.settings.clusterWindowMs;
    const conflated = quote.lastSize !== undefined && size > quote.lastSize;
    const gap = cluster ? time - cluster.lastTime : Infinity;
    const hiddenGap = cluster && conflated && tracker.lastServerTime !== null ? Math.max(0, tracker.lastServerTime - cluster.lastTime) : gap;
    const joins =
      cluster !== null &&
      (cluster.direction === side.direction || (lastPrice !== undefined && Math.abs(lastPrice - price) < 1e-6)) &&
      (gap <= window || (hiddenGap <= window && gap <= 2 * window)) &&
      time >= (cluster.prints[0]?.time ?? time);
    // join builds one flat string; a template literal leaves a tree of cons strings that every
    // flow holds for two minutes, copied at each young-generation GC.
    const reason = [size, ' @ ', price, ': ', side.reason].join('');
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
    const legs = outside ? this.spreads.add(underlying, update.symbol, cluster.flowId, time) : null;
    this.publish(tracker, cluster, update, true);
    if (legs !== null && legs.length > 0) {
      this.markSpreadLeg(cluster.flowId);
      for (const id of legs) this.markSpreadLeg(id);
    }
    if (this.counters.prints % 4096 === 0) this.forgetBefore(time - FORGET_AFTER_MS);
  }

  private markSpreadLeg(flowId: string): void {
    const flow = this.flows.get(flowId);
    if (!flow || flow.spreadLeg) return;
    this.stamp = newStamp();
    const next: Flow = {
      ...flow,
      spreadLeg: true,
      confidence: round(flow.confidence * 0.5),
      version: flow.version + 1,
      evidence: { ...flow.evidence, reasons: [...flow.evidence.reasons, SPREAD_LEG_REASON] },
    };
    this.replaceFlow(flow, next);
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
    });
    if (previous) this.replaceFlow(previous, flow);
    else {
      this.counters.flows++;
      this.flows.set(flow.id, flow);
      this.stats.add(flow);
      this.events.emit('flow', { flow, isNew: true });
    }
    cluster.latest = flow;
    cluster.latestStamp = this.stamp;
  }

  private replaceFlow(previous: Flow, next: Flow): void {
    this.flows.set(next.id, next);
    this.stats.replace(previous, next);
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
  nextId: number;
  counters: FlowEngineStats;
  stats: StatsByUnderlying;
}

let stamps = 0;

/** Unique across engines, so a restored checkpoint's clusters never match a current stamp. */
function newStamp(): number {
  return ++stamps;
}

/** Flows whose cluster ended this long ago leave memory; the store and the windows keep them. */
const FORGET_AFTER_MS = 120_000;
