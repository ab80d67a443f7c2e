// Collects what the windows need between two pushes, keeping only the latest of anything that
// is replaced whole (a flow's versions, a contract's book or quote, a ticker's quote).
import type { Bar, Book, EquityQuote, OptionQuote } from '../../shared/domain/market.ts';
import type { Alert, ConnectionState, Gap } from '../../shared/domain/session.ts';
import type { ServiceUsage } from '../../shared/domain/watchlist.ts';
import type { FlowRow, StatsSnapshot } from '../../shared/ipc/flows.ts';
import type { ReplayState } from '../../shared/ipc/sessions.ts';
import type { IngestBatch, StoreHealth } from './ingest-types.ts';

export function emptyBatch(): IngestBatch {
  return { reset: null, flows: [], alerts: [], books: [], quotes: [], equities: [], bars: [], status: null, gap: null, stats: null, usage: null, store: null, replay: null };
}

export class BatchBuilder {
  private flows = new Map<string, FlowRow>();
  private books = new Map<string, Book>();
  private quotes = new Map<string, OptionQuote>();
  private equities = new Map<string, EquityQuote>();
  private alerts: Alert[] = [];
  private bars: Bar[] = [];
  private scalars: Pick<IngestBatch, 'status' | 'gap' | 'stats' | 'usage' | 'store' | 'replay' | 'reset'> = emptyBatch();
  private dirty = false;

  /** Replaces everything the feed holds; flows queued before it are dropped. */
  reset(rows: FlowRow[]): void {
    this.flows = new Map();
    this.set('reset', rows);
  }

  flow(row: FlowRow): void {
    this.flows.set(row.id, row);
    this.dirty = true;
  }

  book(book: Book): void {
    this.books.set(book.symbol, book);
    this.dirty = true;
  }

  /** Quotes are live objects of the parse stage: copy them now, they change after this call. */
  quote(quote: Readonly<OptionQuote>): void {
    this.quotes.set(quote.symbol, { ...quote });
    this.dirty = true;
  }

  equity(quote: Readonly<EquityQuote>): void {
    this.equities.set(quote.symbol, { ...quote });
    this.dirty = true;
  }

  alert(alert: Alert): void {
    this.alerts.push(alert);
    this.dirty = true;
  }

  bar(bar: Bar): void {
    this.bars.push(bar);
    this.dirty = true;
  }

  status(status: ConnectionState): void {
    this.set('status', status);
  }

  gap(gap: Gap): void {
    this.set('gap', gap);
  }

  stats(stats: StatsSnapshot): void {
    this.set('stats', stats);
  }

  usage(usage: ServiceUsage[]): void {
    this.set('usage', usage);
  }

  store(store: StoreHealth): void {
    this.set('store', store);
  }

  replay(state: ReplayState): void {
    this.set('replay', state);
  }

  /** The batch so far, or null when nothing happened; starts the next one empty. */
  take(): IngestBatch | null {
    if (!this.dirty) return null;
    const batch: IngestBatch = {
      ...this.scalars,
      flows: [...this.flows.values()],
      alerts: this.alerts,
      books: [...this.books.values()],
      quotes: [...this.quotes.values()],
      equities: [...this.equities.values()],
      bars: this.bars,
    };
    this.flows = new Map();
    this.books = new Map();
    this.quotes = new Map();
    this.equities = new Map();
    this.alerts = [];
    this.bars = [];
    this.scalars = emptyBatch();
    this.dirty = false;
    return batch;
  }

  private set<K extends keyof BatchBuilder['scalars']>(key: K, value: NonNullable<IngestBatch[K]>): void {
    (this.scalars as Record<string, unknown>)[key] = value;
    this.dirty = true;
  }
}
