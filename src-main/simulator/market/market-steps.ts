// What moves a simulated market's time: the underlyings on their seeded price paths, stepped
// every STEP_MS, and the order flow's queued events, run in (time, insertion) order, a step due at
// the same time as an event first (trades at t see the spot at t). The product's market
// (simulated-market.ts) and the evaluation's (tools/eval/case-market.ts) both run on it, so what
// the evaluation measures is the same market the app streams.
import type { Bar, EquityQuote } from '../../../shared/domain/market.ts';
import { tryParseOptionSymbol } from '../../../shared/symbols/option-symbol.ts';
import { seededRandom, type Random } from '../../util/random.ts';
import { buildChain } from './chain.ts';
import { EventQueue } from './event-queue.ts';
import { expiryCloseMs } from './expiries.ts';
import { hashKey } from './keyed-random.ts';
import type { ChainQuery, SchwabChainResponse } from './market.ts';
import { OptionContractState } from './option-contract.ts';
import { profileOf } from './profiles.ts';
import { STEP_MS, UnderlyingSim } from './underlying.ts';

export class MarketSteps {
  readonly simList: readonly UnderlyingSim[];
  /** The order flow's events, due at their times. */
  readonly queue = new EventQueue();
  private readonly sims = new Map<string, UnderlyingSim>();
  private readonly pathRandom: Random;
  private readonly seed: number;
  private readonly start: number;
  private readonly bookLevels: number;
  private time: number;
  private stepTime: number;

  constructor(underlyings: readonly string[], seed: number, start: number, bookLevels: number) {
    this.seed = seed;
    this.start = start;
    this.bookLevels = bookLevels;
    this.time = start;
    this.stepTime = start;
    this.simList = underlyings.map((symbol) => new UnderlyingSim(profileOf(symbol), start, seed));
    for (const sim of this.simList) this.sims.set(sim.symbol, sim);
    this.pathRandom = seededRandom(hashKey(seed, 1));
  }

  now(): number {
    return this.time;
  }

  /** Runs every step and event up to `target`; `afterStep` sees each step once its underlyings moved. */
  advanceTo(target: number, afterStep: ((t: number) => void) | null): void {
    if (!(target > this.time)) return;
    for (;;) {
      const nextStep = this.stepTime + STEP_MS;
      const nextEvent = this.queue.peekTime();
      if (nextStep <= target && nextStep <= nextEvent) {
        this.time = nextStep;
        this.stepTime = nextStep;
        for (const sim of this.simList) sim.step(nextStep, this.pathRandom);
        afterStep?.(nextStep);
      } else if (nextEvent <= target) {
        this.time = nextEvent;
        this.queue.pop()?.run();
      } else {
        break;
      }
    }
    this.time = target;
  }

  equityQuote(symbol: string): EquityQuote | null {
    return this.sims.get(symbol)?.equityQuote() ?? null;
  }

  barsAfter(symbol: string, afterSeq: number): Bar[] {
    return this.sims.get(symbol)?.barsAfter(afterSeq) ?? [];
  }

  chain(underlying: string, query: ChainQuery, contractOf: (symbol: string) => OptionContractState | null): SchwabChainResponse | null {
    const sim = this.sims.get(underlying);
    return sim ? buildChain(sim, this.time, query, contractOf) : null;
  }

  /**
   * A new state for a padded Schwab option symbol on one of these underlyings, or null: a fresh
   * one is a function of the seed, the start and the symbol, so its owner decides what to keep.
   */
  newContract(symbol: string, carriedOpenInterest?: number): OptionContractState | null {
    const parsed = tryParseOptionSymbol(symbol);
    if (!parsed.ok || parsed.contract.symbol !== symbol) return null;
    const sim = this.sims.get(parsed.contract.root);
    if (!sim) return null;
    return new OptionContractState(parsed.contract, sim, expiryCloseMs(parsed.contract.expiry), this.seed, this.start, this.bookLevels, carriedOpenInterest);
  }
}
