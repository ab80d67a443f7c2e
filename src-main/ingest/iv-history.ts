// The live session's IV history (FLOW-RULES.md §11): ATM IV samples from its quotes go to the
// store, and after each one the windows get every underlying's IV rank and percentile again.
// Replays sample nothing: the history is what the market said when it was recorded.
import { realizedVol, type DailyClose, type RealizedVol } from '../../shared/analytics/realized-vol.ts';
import type { IvSource, IvSummary, VolatilitySettings } from '../../shared/domain/volatility.ts';
import { etDateString } from '../../shared/time/eastern.ts';
import { push } from '../../shared/ipc/push.ts';
import { volatilityEvents } from '../../shared/ipc/volatility.ts';
import { AtmIvSampler } from '../market/atm-iv-sampler.ts';
import type { MarketPipeline } from '../market/pipeline.ts';
import type { Db } from '../store/database.ts';
import { insertIvSamples, ivSummaries } from '../store/iv-history.ts';
import type { Clock } from '../util/clock.ts';
import type { Unsubscribe } from '../util/emitter.ts';
import type { Logger } from '../util/log.ts';
import type { ConflationStage } from './conflation.ts';

export interface IvHistoryOptions {
  db: Db;
  source: IvSource;
  /** Read on every use: the window and minimum apply at once; the sampling period is read at start. */
  settings: () => VolatilitySettings;
  clock: Clock;
  logger: Logger;
  stage: ConflationStage;
  pipeline: MarketPipeline;
  /** The underlying's daily closes (Schwab's REST pricehistory), for realized volatility; none: not shown. */
  dailyCloses?: (underlying: string) => Promise<DailyClose[]>;
}

/** A failed price-history request is asked again after this long: one REST call, not one a minute. */
export const REALIZED_RETRY_MS = 15 * 60_000;

interface Realized {
  /** The New York date it was fetched for: fetched again the next day. */
  day: string;
  value: RealizedVol | null;
  failedAt: number | null;
}

export class IvHistory {
  private readonly options: IvHistoryOptions;
  private readonly offs: Unsubscribe[];
  private failing = false;
  private readonly realized = new Map<string, Realized>();
  private readonly fetching = new Set<string>();

  constructor(options: IvHistoryOptions) {
    this.options = options;
    const sampler = new AtmIvSampler({
      everyMs: options.settings().sampleEveryMs,
      onSample: (sample) => {
        try {
          insertIvSamples(options.db, options.source, [sample]);
          this.failing = false;
        } catch (error) {
          // The market goes on: a store that fails loses IV samples, said once until it recovers.
          if (!this.failing) options.logger.warn('cannot store an IV sample', { reason: (error as Error).message });
          this.failing = true;
          return;
        }
        options.stage.add(push(volatilityEvents.summaries, this.summaries(), { kinds: ['feed'] }));
        this.fetchRealized(sample.underlying);
      },
    });
    const events = options.pipeline.events;
    this.offs = [events.on('optionQuote', (u) => sampler.onOptionQuote(u)), events.on('equityQuote', (u) => sampler.onEquityQuote(u))];
  }

  /** Every underlying sampled within the window, with its rank and percentile now. */
  summaries(): IvSummary[] {
    try {
      const list = ivSummaries(this.options.db, this.options.source, this.options.settings(), this.options.clock.now());
      return list.map((s) => {
        const realized = this.realized.get(s.underlying);
        return realized && realized.failedAt === null ? { ...s, realized: realized.value } : s;
      });
    } catch (error) {
      this.options.logger.warn('cannot read the IV history', { reason: (error as Error).message });
      return [];
    }
  }

  /**
   * Realized volatility beside the IV (FLOW-RULES.md §11): one price-history request per
   * underlying per day, made after its first sample of the day; the windows hear when it lands.
   */
  private fetchRealized(underlying: string): void {
    const { dailyCloses, clock, logger, stage } = this.options;
    if (!dailyCloses || this.fetching.has(underlying)) return;
    const now = clock.now();
    const today = etDateString(now);
    const known = this.realized.get(underlying);
    if (known && known.day === today && (known.failedAt === null || now - known.failedAt < REALIZED_RETRY_MS)) return;
    this.fetching.add(underlying);
    dailyCloses(underlying)
      .then((closes) => {
        this.realized.set(underlying, { day: today, value: realizedVol(closes, today), failedAt: null });
        stage.add(push(volatilityEvents.summaries, this.summaries(), { kinds: ['feed'] }));
      })
      .catch((error: unknown) => {
        logger.warn('cannot read the daily price history; realized volatility waits', { underlying, reason: (error as Error).message });
        this.realized.set(underlying, { day: today, value: null, failedAt: clock.now() });
      })
      .finally(() => this.fetching.delete(underlying));
  }

  detach(): void {
    for (const off of this.offs.splice(0)) off();
  }
}
