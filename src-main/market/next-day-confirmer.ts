// Opening confirmed the next day (FLOW-RULES.md §10). A session that starts on a later trading
// day than the last one that recorded flows checks those flows against the open interest of its
// first quote of each contract: from the stream, or from REST at start-up for contracts it does
// not stream (a few requests, in the REST budget every request shares).
import type { Flow } from '../../shared/domain/flow.ts';
import type { NextDaySource } from '../../shared/domain/next-day.ts';
import { nextDayCheck } from '../../shared/analytics/next-day.ts';
import { etDateString } from '../../shared/time/eastern.ts';
import type { Db } from '../store/database.ts';
import { getFlow } from '../store/flows.ts';
import { pendingNextDay, saveNextDayChecks, type CheckedFlow, type PendingDay } from '../store/next-day.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';

/** Contracts per REST quotes request at start-up. */
export const NEXT_DAY_REST_BATCH = 50;
/** REST quotes requests at start-up, at most (largest premium first): 200 contracts. */
export const NEXT_DAY_REST_REQUESTS = 4;

export interface NextDayConfirmerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The flows just checked, as stored, each with its check. */
  onChecked: (flows: Flow[]) => void;
}

/** Schwab's quotes answer, by symbol: `{ [symbol]: { quote: { openInterest } } }`. */
export type QuotesAnswer = Record<string, unknown>;

export class NextDayConfirmer {
  private readonly options: NextDayConfirmerOptions;
  private pending: PendingDay | null = null;

  constructor(options: NextDayConfirmerOptions) {
    this.options = options;
    try {
      this.pending = pendingNextDay(options.db, etDateString(options.clock.now()));
    } catch (error) {
      options.logger.warn('cannot read the flows waiting for the next day\'s open interest', { reason: (error as Error).message });
    }
  }

  /** The trading day whose flows wait, or null. */
  get day(): string | null {
    return this.pending?.date ?? null;
  }

  /** Contracts still waiting, largest premium first. */
  pendingSymbols(): string[] {
    if (!this.pending) return [];
    return [...this.pending.contracts.values()].sort((a, b) => b.premium - a.premium).map((c) => c.symbol);
  }

  /** A quote of `symbol` carrying `openInterest`, read at `at`: checks its waiting flows once. */
  observe(symbol: string, openInterest: number | undefined, at: number, source: NextDaySource = 'stream'): number {
    const pending = this.pending;
    if (!pending || openInterest === undefined || !Number.isFinite(openInterest)) return 0;
    const contract = pending.contracts.get(symbol);
    // Open interest moves overnight: a quote of the same trading day says nothing yet.
    if (!contract || etDateString(at) <= pending.date) return 0;
    pending.contracts.delete(symbol);
    if (pending.contracts.size === 0) this.pending = null;
    const checks: CheckedFlow[] = contract.flows.map((f) => ({
      rowId: f.rowId,
      check: nextDayCheck({ oiBefore: contract.oiBefore, oiAfter: openInterest, flowSize: f.size, dayTotal: contract.dayTotal, at, source }),
    }));
    const { db, logger } = this.options;
    try {
      saveNextDayChecks(db, checks);
      const flows: Flow[] = [];
      for (const f of contract.flows) {
        const flow = getFlow(db, f.id);
        if (flow) flows.push(flow);
      }
      this.options.onChecked(flows);
    } catch (error) {
      logger.warn('cannot store the next day\'s check of flows', { symbol, reason: (error as Error).message });
    }
    return checks.length;
  }

  /**
   * REST quotes for the waiting contracts not in `streamed` (their stream quote will come): at
   * most NEXT_DAY_REST_REQUESTS requests of NEXT_DAY_REST_BATCH. Resolves with the flows checked.
   */
  async checkByRest(quotes: (symbols: readonly string[]) => Promise<QuotesAnswer>, streamed: ReadonlySet<string>): Promise<number> {
    const wanted = this.pendingSymbols().filter((s) => !streamed.has(s)).slice(0, NEXT_DAY_REST_BATCH * NEXT_DAY_REST_REQUESTS);
    let checked = 0;
    for (let i = 0; i < wanted.length; i += NEXT_DAY_REST_BATCH) {
      const batch = wanted.slice(i, i + NEXT_DAY_REST_BATCH);
      let answer: QuotesAnswer;
      try {
        answer = await quotes(batch);
      } catch (error) {
        this.options.logger.warn('REST quotes for the next day\'s check failed; the stream\'s quotes still check', { reason: (error as Error).message });
        return checked;
      }
      const at = this.options.clock.now();
      for (const symbol of batch) checked += this.observe(symbol, openInterestOf(answer[symbol]), at, 'rest');
    }
    return checked;
  }
}

function openInterestOf(entry: unknown): number | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const quote = (entry as { quote?: unknown }).quote;
  if (typeof quote !== 'object' || quote === null) return undefined;
  const oi = (quote as { openInterest?: unknown }).openInterest;
  return typeof oi === 'number' && Number.isFinite(oi) && oi >= 0 ? oi : undefined;
}
