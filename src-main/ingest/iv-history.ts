// The live session's IV history (FLOW-RULES.md §11): ATM IV samples from its quotes go to the
// store, and after each one the windows get every underlying's IV rank and percentile again.
// Replays sample nothing: the history is what the market said when it was recorded.
import type { IvSource, IvSummary, VolatilitySettings } from '../../shared/domain/volatility.ts';
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
}

export class IvHistory {
  private readonly options: IvHistoryOptions;
  private readonly offs: Unsubscribe[];
  private failing = false;

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
        options.stage.add(push(volatilityEvents.summaries, this.summaries()));
      },
    });
    const events = options.pipeline.events;
    this.offs = [events.on('optionQuote', (u) => sampler.onOptionQuote(u)), events.on('equityQuote', (u) => sampler.onEquityQuote(u))];
  }

  /** Every underlying sampled within the window, with its rank and percentile now. */
  summaries(): IvSummary[] {
    try {
      return ivSummaries(this.options.db, this.options.source, this.options.settings(), this.options.clock.now());
    } catch (error) {
      this.options.logger.warn('cannot read the IV history', { reason: (error as Error).message });
      return [];
    }
  }

  detach(): void {
    for (const off of this.offs.splice(0)) off();
  }
}
