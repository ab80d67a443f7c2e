// The market side of one session: typed events from the parse stage into the flow engine and
// the alert rules, and each contract's book history (columns, prints, book events). Live
// streaming, the demo and replay all attach the same pipeline to a FrameProcessor, which is why a
// replay reproduces a session's flows and book histories exactly.
import type { BookEvent, BookTimeline } from '../../shared/domain/book-events.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import type { Bar, Book, EquityQuoteUpdate, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import type { Alert, AlertRule, SessionId } from '../../shared/domain/session.ts';
import type { FlowSettings, RollingSettings } from '../../shared/domain/settings.ts';
import { AlertEngine } from '../alerts/alert-rules.ts';
import type { MarketDataEvents } from '../schwab/frame-processor.ts';
import { Emitter, type Unsubscribe } from '../util/emitter.ts';
import { BookTimelines } from './book-timelines.ts';
import { ChainQuotes } from './chain-quotes.ts';
import { FlowEngine } from './flow-engine.ts';

export interface PipelineEvents {
  flow: { flow: Flow; isNew: boolean };
  alert: Alert;
  optionQuote: OptionQuoteUpdate;
  equityQuote: EquityQuoteUpdate;
  book: Book;
  bar: Bar;
  /** A book event detected between two consecutive snapshots of a contract's book. */
  bookEvent: BookEvent;
  /** What is new in one contract's book history: a column with its events, or a print. */
  timeline: BookTimeline;
}

export interface PipelineOptions {
  sessionId: SessionId;
  settings: FlowSettings;
  rolling?: RollingSettings;
  alertRules?: () => readonly AlertRule[];
  watchlist?: () => ReadonlySet<string>;
  /** Contracts with an open book window (BOOK_EVENT rules may ask for only those). */
  watched?: () => ReadonlySet<string>;
  /** Every contract counts as watched by the alert rules (a back-test). */
  everyContractWatched?: boolean;
  onListenerError?: (event: keyof PipelineEvents, error: unknown) => void;
}

/** A parse stage's market data (a FrameProcessor's events, or a streamer's `data`). */
interface MarketDataSource {
  on<K extends keyof MarketDataEvents>(event: K, listener: (payload: MarketDataEvents[K]) => void): Unsubscribe;
}

/** Asked for on every sweep; one empty set instead of a new one each time. */
const NO_WATCHLIST: ReadonlySet<string> = new Set();

export class MarketPipeline {
  readonly engine: FlowEngine;
  readonly alerts: AlertEngine;
  readonly timelines = new BookTimelines();
  /** The latest quote of each contract seen, for gamma exposure (FLOW-RULES.md §12). */
  readonly quotes = new ChainQuotes();
  readonly events: Emitter<PipelineEvents>;

  private readonly onError: (event: keyof PipelineEvents, error: unknown) => void;

  constructor(options: PipelineOptions) {
    this.onError = options.onListenerError ?? (() => undefined);
    this.events = new Emitter<PipelineEvents>(options.onListenerError);
    this.engine = new FlowEngine({ sessionId: options.sessionId, settings: options.settings, ...(options.rolling ? { rolling: options.rolling } : {}) });
    this.alerts = new AlertEngine({
      sessionId: options.sessionId,
      rules: options.alertRules ?? (() => []),
      watchlist: options.watchlist ?? (() => NO_WATCHLIST),
      ...(options.watched ? { watched: options.watched } : {}),
      ...(options.everyContractWatched ? { everyContractWatched: true } : {}),
    });
    // Every flow version comes through here: no closure or iterator is made for it.
    this.engine.on('flow', (event) => {
      this.events.emit('flow', event);
      const alerts = this.alerts.onFlow(event.flow);
      for (let i = 0; i < alerts.length; i++) this.events.emit('alert', alerts[i] as Alert);
      let step: ReturnType<BookTimelines['onFlow']> = null;
      try {
        step = this.timelines.onFlow(event.flow);
      } catch (error) {
        this.onError('timeline', error);
      }
      if (step) this.events.emit('timeline', step.delta);
    });
  }

  /** Wires a parse stage's events into the engine; returns the way to unwire them. */
  attach(source: MarketDataSource): Unsubscribe {
    const offs = [
      source.on('optionQuote', (u) => {
        this.engine.onOptionQuote(u);
        this.quotes.onOptionQuote(u);
        this.events.emit('optionQuote', u);
      }),
      source.on('equityQuote', (u) => {
        this.engine.onEquityQuote(u);
        this.quotes.onEquityQuote(u);
        this.events.emit('equityQuote', u);
      }),
      source.on('book', (book) => {
        this.engine.onBook(book);
        this.events.emit('book', book);
        for (const alert of this.alerts.onBook(book)) this.events.emit('alert', alert);
        const step = this.guard('timeline', () => this.timelines.onBook(book));
        if (!step) return;
        for (const bookEvent of step.events) {
          this.events.emit('bookEvent', bookEvent);
          for (const alert of this.alerts.onBookEvent(bookEvent)) this.events.emit('alert', alert);
        }
        this.events.emit('timeline', step.delta);
      }),
      source.on('bar', (bar) => this.events.emit('bar', bar)),
    ];
    return () => offs.forEach((off) => off());
  }

  /**
   * A book or print the history refuses (a time that is not a number) is reported and skipped:
   * the flows and alerts of the same frame still go out, and the next frame is read.
   */
  private guard<T>(event: keyof PipelineEvents, work: () => T): T | null {
    try {
      return work();
    } catch (error) {
      this.onError(event, error);
      return null;
    }
  }
}
