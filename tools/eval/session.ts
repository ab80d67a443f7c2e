// One evaluation session: a seeded simulated market behind the real Schwab-protocol simulator,
// the real client on loopback, and one flow engine per rule variant on the same stream of frames.
// The engines never see the truth: they read only the frames, as live. Returns plain figures.
import type { Flow } from '../../shared/domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS } from '../../shared/domain/settings.ts';
import { FlowEngine, type FlowRules } from '../../src-main/market/flow-engine.ts';
import { SymbolSubscriptions } from '../../src-main/market/symbol-subscriptions.ts';
import { contractsAround, DEMO_START, startDemoHarness, until } from '../../src-main/market/demo-harness.testkit.ts';
import type { CaseMix } from '../../src-main/simulator/market/order-flow.ts';
import { CaseMarket } from './case-market.ts';
import { DEFAULT_BOOK_EVENT_RULES } from '../../shared/analytics/book-event-rules.ts';
import { BookEventDetector } from '../../shared/analytics/book-events.ts';
import { toTimelineColumn, toTimelinePrint } from '../../shared/analytics/book-timeline.ts';
import type { BookEvent } from '../../shared/domain/book-events.ts';
import { createSimulatedMarket } from '../../src-main/simulator/market/simulated-market.ts';
import { scoreBookEvents, type BookEventFigures } from './book-score.ts';
import { scoreSender, type SenderFigures } from './sender-score.ts';
import { score, scoreCases, type CaseFigures, type Score, type UpdateSeen } from './score.ts';
import { scoreStrategies, type StrategyFigures } from './strategy-score.ts';

export interface SessionConfig {
  name: string;
  title: string;
  seed: number;
  minutes: number;
  /** OPTIONS_BOOK price levels per side. */
  bookLevels: number;
  /** Level 1 conflation per key, ms. */
  conflationMs: number;
  /** Clock step of the run: frames arrive at multiples of it. */
  stepMs: number;
  /** Evaluation cases mixed in (the case market), or none (the product's simulated market). */
  cases: CaseMix | null;
  variants: { name: string; rules: FlowRules }[];
  /**
   * Also run the book event detector on every contract's books and the named variant's flows, in
   * stream order, and score it against the market's book truth (the product's market only).
   */
  bookEvents?: { variant: string };
}

export interface VariantResult {
  name: string;
  score: Score;
  cases: CaseFigures | null;
  busts: number;
  /** The strategy grouper (FLOW-RULES.md §8) against the multi-leg truth. */
  strategies: StrategyFigures;
  /** Institutional or retail (FLOW-RULES.md §9) against the simulator's styles. */
  sender: SenderFigures;
}

export interface SessionResult {
  name: string;
  title: string;
  seed: number;
  minutes: number;
  bookLevels: number;
  conflationMs: number;
  contracts: number;
  truths: number;
  seconds: number;
  variants: VariantResult[];
  bookEvents?: BookEventFigures & { detectedAll: Record<string, number> };
}

const UNDERLYINGS = ['SPY', 'QQQ', 'IWM', 'AAPL', 'NVDA', 'TSLA', 'AMZN', 'META'];

export async function runSession(config: SessionConfig): Promise<SessionResult> {
  const started = Date.now();
  const market = config.cases
    ? new CaseMarket({ seed: config.seed, start: DEMO_START, intensity: 1, bookLevels: config.bookLevels, cases: config.cases })
    : config.bookEvents
      ? createSimulatedMarket({ seed: config.seed, start: DEMO_START, intensity: 1, bookLevels: config.bookLevels, bookTruth: true })
      : undefined;
  const h = await startDemoHarness({ seed: config.seed, intensity: 1, bookLevels: config.bookLevels, conflationMs: config.conflationMs, ...(market ? { market } : {}) });
  const settings = { ...DEFAULT_FLOW_SETTINGS };
  const options: string[] = [];
  for (const u of UNDERLYINGS) options.push(...(await contractsAround(h, u, 6, 2)));
  const engines = config.variants.map((v) => {
    const engine = new FlowEngine({ sessionId: '1', settings, rules: v.rules });
    const flows = new Map<string, Flow>();
    engine.on('flow', ({ flow }) => flows.set(flow.id, flow));
    return { name: v.name, engine, flows };
  });
  const updates = new Map<string, UpdateSeen>();
  h.streamer.data.on('optionQuote', (u) => {
    for (const e of engines) e.engine.onOptionQuote(u);
    const { changed, quote } = u;
    if (!u.snapshot && changed.volume !== undefined && quote.tradeTime !== undefined) {
      updates.set(`${u.symbol}|${quote.tradeTime}`, { quoteTime: quote.quoteTime ?? null, quoteMoved: changed.bid !== undefined || changed.ask !== undefined });
    }
  });
  h.streamer.data.on('equityQuote', (u) => {
    for (const e of engines) e.engine.onEquityQuote(u);
  });
  h.streamer.data.on('book', (b) => {
    for (const e of engines) e.engine.onBook(b);
  });
  // The book events as the worker makes them: per contract, books and the contract's flows in stream order.
  const detectors = new Map<string, BookEventDetector>();
  const detectorOf = (symbol: string) => {
    let d = detectors.get(symbol);
    if (!d) detectors.set(symbol, (d = new BookEventDetector(symbol, DEFAULT_BOOK_EVENT_RULES)));
    return d;
  };
  const bookEvents: BookEvent[] = [];
  const eventSource = config.bookEvents ? engines.find((e) => e.name === config.bookEvents?.variant) : undefined;
  if (config.bookEvents && !eventSource) throw new Error(`book events: no variant "${config.bookEvents.variant}"`);
  if (eventSource) {
    eventSource.engine.on('flow', ({ flow }) => detectorOf(flow.symbol).onPrint(toTimelinePrint(flow)));
    h.streamer.data.on('book', (b) => bookEvents.push(...detectorOf(b.symbol).onColumn(toTimelineColumn(b))));
  }
  new SymbolSubscriptions(h.streamer).set(options, UNDERLYINGS);
  h.streamer.start();
  await until(() => h.streamer.status().state === 'live', 'login');
  await h.run(5_000, config.stepMs);
  const from = h.clock.now();
  await h.run(config.minutes * 60_000, config.stepMs);
  // Busts come up to 20 s after their trade: with cases, give the last ones time to show.
  const to = h.clock.now() - (config.cases ? 25_000 : 5_000);
  const watched = new Set(options);
  // Orders the engine could see in full: on subscribed contracts, after the baseline, finished.
  const allTruths = h.sim.market.truth();
  const truths = allTruths.filter((t) => watched.has(t.symbol) && t.start >= from && t.end <= to && t.complete !== false);
  const bookTruth = h.sim.market.bookTruth?.() ?? [];
  await h.stop();
  const variants = engines.map((e): VariantResult => {
    const scored = [...e.flows.values()].filter((f) => f.time >= from && f.time <= to + 1500);
    return {
      name: e.name,
      score: score(truths, scored, settings.whaleMinPremium),
      cases: config.cases ? scoreCases(truths, scored, updates, { contracts: settings.blockMinContracts, premium: settings.blockMinPremium }) : null,
      busts: e.engine.counts().busts,
      strategies: scoreStrategies(allTruths, truths, scored, from, to),
      sender: scoreSender(truths, scored),
    };
  });
  return {
    name: config.name,
    title: config.title,
    seed: config.seed,
    minutes: config.minutes,
    bookLevels: config.bookLevels,
    conflationMs: config.conflationMs,
    contracts: options.length,
    truths: truths.length,
    seconds: (Date.now() - started) / 1000,
    variants,
    ...(eventSource
      ? {
          bookEvents: {
            ...scoreBookEvents(bookTruth, bookEvents, DEFAULT_BOOK_EVENT_RULES, { from, to, symbols: watched }),
            detectedAll: Object.fromEntries(['refill', 'pull', 'stack', 'touch'].map((k) => [k, bookEvents.filter((e) => e.kind === k && e.time >= from && e.time <= to).length])),
          },
        }
      : {}),
  };
}
