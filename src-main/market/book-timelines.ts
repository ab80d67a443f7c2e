// Every contract's book history in one session: a timeline buffer and a book event detector per
// contract with a book, fed in stream order with each book frame (never the conflated pushes) and
// each flow version (a flow that grows or is busted replaces its print). Live, demo and replay
// feed it from the same pipeline, so a replay builds the same columns, prints and events.
import { DEFAULT_BOOK_EVENT_RULES } from '../../shared/analytics/book-event-rules.ts';
import { BookEventDetector, type BookEventDetectorState } from '../../shared/analytics/book-events.ts';
import { BookTimelineBuffer, toTimelineColumn, toTimelinePrint, type TimelineBufferState } from '../../shared/analytics/book-timeline.ts';
import type { BookEvent, BookTimeline } from '../../shared/domain/book-events.ts';
import { TIMELINE_SPAN_MS } from '../../shared/domain/book-events.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import type { Book } from '../../shared/domain/market.ts';
import { KEYS_PER_SERVICE } from '../../shared/domain/watchlist.ts';

/** What one book frame or one flow version added to a contract's history. */
export interface TimelineStep {
  /** Columns, prints and events new with this step, in the BookTimeline shape of the push. */
  delta: BookTimeline;
  /** The events detected at this step (also in `delta.events`). */
  events: BookEvent[];
}

export interface BookTimelinesOptions {
  /** History kept per contract in market time. */
  spanMs?: number;
  /**
   * Contracts kept at most: a session streams at most KEYS_PER_SERVICE books at once, but the
   * set changes through the day; past this, the contract whose book came last longest ago goes.
   */
  maxContracts?: number;
}

interface ContractTimeline {
  buffer: BookTimelineBuffer;
  detector: BookEventDetector;
}

/**
 * Every contract's history and detector, for a replay checkpoint, in the order of their latest
 * book (which decides the next to go past maxContracts). The columns, prints and events are
 * shared with the live buffers, not copied: they are never changed once made.
 */
export interface TimelinesSnapshot {
  readonly contracts: readonly { readonly symbol: string; readonly buffer: TimelineBufferState; readonly detector: BookEventDetectorState }[];
  /** Columns, prints and events held in all: what the snapshot points at. */
  readonly items: number;
  /** Columns, prints and events ever added (a count that only grows): items - (added - an earlier snapshot's) were held then too. */
  readonly added: number;
}

export class BookTimelines {
  private readonly spanMs: number;
  private readonly maxContracts: number;
  /** In order of the latest book frame, oldest first (a Map keeps insertion order). */
  private readonly contracts = new Map<string, ContractTimeline>();
  /** Columns, prints and events added so far (TimelinesSnapshot.added). */
  private added = 0;

  constructor(options: BookTimelinesOptions = {}) {
    this.spanMs = options.spanMs ?? TIMELINE_SPAN_MS;
    this.maxContracts = options.maxContracts ?? KEYS_PER_SERVICE;
  }

  /** A book frame: its column, and the events since the contract's previous column. */
  onBook(book: Book): TimelineStep {
    let contract = this.contracts.get(book.symbol);
    if (contract) this.contracts.delete(book.symbol);
    else contract = { buffer: new BookTimelineBuffer(book.symbol, this.spanMs), detector: new BookEventDetector(book.symbol) };
    this.contracts.set(book.symbol, contract);
    if (this.contracts.size > this.maxContracts) {
      const oldest = this.contracts.keys().next().value;
      if (oldest !== undefined) this.contracts.delete(oldest);
    }
    const column = toTimelineColumn(book);
    this.added++;
    const events = contract.detector.onColumn(column);
    contract.buffer.addColumn(column);
    if (events.length > 0) contract.buffer.addEvents(events);
    this.added += events.length;
    return { delta: { symbol: book.symbol, columns: [column], prints: [], events }, events };
  }

  /**
   * A flow version: its print added or replaced. Only contracts with a book keep prints (a print
   * with no book to draw it on has no window to show it); null for the others.
   */
  onFlow(flow: Flow): TimelineStep | null {
    const contract = this.contracts.get(flow.symbol);
    if (!contract) return null;
    const print = toTimelinePrint(flow);
    this.added++;
    contract.detector.onPrint(print);
    contract.buffer.upsertPrint(print);
    return { delta: { symbol: flow.symbol, columns: [], prints: [print], events: [] }, events: [] };
  }

  /** The contract's history (the last spanMs); empty for a contract with no book yet. */
  timeline(symbol: string): BookTimeline {
    return this.contracts.get(symbol)?.buffer.snapshot() ?? { symbol, columns: [], prints: [], events: [] };
  }

  /** Contracts with a history. */
  get size(): number {
    return this.contracts.size;
  }

  /** Forgets every history. */
  clear(): void {
    this.contracts.clear();
  }

  snapshot(): TimelinesSnapshot {
    let items = 0;
    const contracts = [...this.contracts].map(([symbol, { buffer, detector }]) => {
      const state = buffer.state();
      items += state.columns.length + state.prints.length + state.events.length;
      return { symbol, buffer: state, detector: detector.state() };
    });
    return { contracts, items, added: this.added };
  }

  /** Holds exactly what `snapshot()` held (the snapshot stays usable for another restore). */
  restore(snapshot: TimelinesSnapshot): void {
    this.contracts.clear();
    this.added = snapshot.added;
    for (const { symbol, buffer, detector } of snapshot.contracts) {
      this.contracts.set(symbol, {
        buffer: BookTimelineBuffer.fromState(symbol, this.spanMs, buffer),
        detector: BookEventDetector.fromState(symbol, DEFAULT_BOOK_EVENT_RULES, detector),
      });
    }
  }
}
