// One subscribed service of one session: its keys, its field list (per service, last list
// wins) and the delivery state that turns the market into data items for that service.
import type { EquityQuote } from '../../../shared/domain/market.ts';
import {
  encodeBar,
  encodeBook,
  encodeEquityFields,
  encodeOptionFields,
} from '../../schwab/fields.ts';
import type { DataItem, MarketService } from '../../schwab/protocol.ts';
import type { SimulatorMarket } from '../market/market.ts';
import { equityAssetTypes } from './asset-types.ts';
import {
  BarFeed,
  BookThrottle,
  Level1Conflator,
  pickFields,
  type FieldValues,
} from './conflation.ts';

export interface FeedTiming {
  conflationMs: number;
  bookIntervalMs: number;
  /** Price levels per side asked of the market; undefined lets the market decide. */
  bookLevels: number | undefined;
}

const OPTION_META: FieldValues = Object.freeze({
  delayed: false,
  assetMainType: 'OPTION',
  cusip: '',
});

function equityMeta(symbol: string): FieldValues {
  return { delayed: false, ...equityAssetTypes(symbol), cusip: '' };
}

export class ServiceFeed {
  readonly service: MarketService;
  private fieldSet: Set<number> | null = null;
  private readonly market: SimulatorMarket;
  private readonly timing: FeedTiming;
  private readonly level1: Level1Conflator | null;
  private readonly books: BookThrottle | null;
  private readonly bars: BarFeed | null;

  constructor(service: MarketService, market: SimulatorMarket, timing: FeedTiming) {
    this.service = service;
    this.market = market;
    this.timing = timing;
    const isLevel1 = service === 'LEVELONE_OPTIONS' || service === 'LEVELONE_EQUITIES';
    this.level1 = isLevel1 ? new Level1Conflator(timing.conflationMs) : null;
    this.books = service === 'OPTIONS_BOOK' ? new BookThrottle(timing.bookIntervalMs) : null;
    this.bars = service === 'CHART_EQUITY' ? new BarFeed() : null;
  }

  get fields(): ReadonlySet<number> | null {
    return this.fieldSet;
  }

  get size(): number {
    return this.store().size;
  }

  keys(): string[] {
    return this.store().keyList();
  }

  has(key: string): boolean {
    return this.store().has(key);
  }

  /** Replaces the service's field list for every key (VIEW, and SUBS/ADD carrying fields). */
  setFields(fields: Set<number>): void {
    this.fieldSet = fields;
    this.level1?.fieldsChanged(fields);
  }

  /** Subscribing an already subscribed key starts it over with a fresh snapshot. */
  subscribe(key: string, now: number): void {
    if (this.level1) this.level1.subscribe(key, now);
    else if (this.books) this.books.subscribe(key, now);
    else this.bars?.subscribe(key);
  }

  unsubscribe(key: string): void {
    this.store().unsubscribe(key);
  }

  clear(): void {
    this.store().clear();
  }

  /** Data items due at `now`, already reduced to the subscribed fields. */
  collect(now: number): DataItem[] {
    const fields = this.fieldSet;
    if (fields === null || this.size === 0) return [];
    const market = this.market;
    if (this.service === 'LEVELONE_OPTIONS' && this.level1) {
      return this.level1.collect(
        now,
        (key) => {
          const quote = market.optionQuote(key);
          return quote === null ? null : encodeOptionFields(quote, fields);
        },
        () => OPTION_META,
      );
    }
    if (this.service === 'LEVELONE_EQUITIES' && this.level1) {
      return this.level1.collect(
        now,
        (key) => {
          const quote: EquityQuote | null = market.equityQuote(key);
          return quote === null ? null : encodeEquityFields(quote, fields);
        },
        equityMeta,
      );
    }
    if (this.books) {
      const levels = this.timing.bookLevels;
      return this.books.collect(now, (key) => {
        const book = levels === undefined ? market.optionBook(key) : market.optionBook(key, levels);
        // The market may key its book by the symbol it parsed; the client matches on what it sent.
        return book === null ? null : pickFields({ ...encodeBook(book), key }, fields);
      });
    }
    if (this.bars) {
      return this.bars
        .collect((key, afterSeq) => market.barsAfter(key, afterSeq))
        .map((bar) => pickFields(encodeBar(bar), fields));
    }
    return [];
  }

  private store(): Level1Conflator | BookThrottle | BarFeed {
    const store = this.level1 ?? this.books ?? this.bars;
    if (!store) throw new Error(`no delivery state for ${this.service}`);
    return store;
  }
}
