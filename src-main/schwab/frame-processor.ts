// The parse stage shared by live streaming and replay: raw frame text in, typed market events
// out. Everything it needs to know about connection boundaries is in-band (a LOGIN or SUBS
// success clears the merged state; a snapshot carries meta keys), so a recorded session of
// inbound frames alone replays exactly as it streamed. The one thing the server does not say
// (which keys the client unsubscribed, and so forgot) the client writes into the stream itself
// as a note, recorded like a frame.
import type { Bar, Book, EquityQuote, EquityQuoteUpdate, OptionQuote, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import { cloneState } from '../util/clone-state.ts';
import { Emitter } from '../util/emitter.ts';
import { decodeBar, decodeBook, decodeEquityFields, type DecodeProblems } from './fields.ts';
import { decodeOptionInto, emptyOptionChanges, type OptionChanges } from './option-update-decode.ts';
import {
  isDataItem,
  isHeartbeat,
  parseServerFrame,
  SERVICES,
  type AdminNotifyItem,
  type DataBlock,
  type ResponseItem,
} from './protocol.ts';
import { actionFor } from './codes.ts';

/** Client notes start so; no server frame does (they are `{"response"`, `{"data"`, `{"notify"`). */
const CLIENT_NOTE_START = '{"fathomClient":';

/** The note a client writes into its inbound stream when it unsubscribes keys (so forgets them). */
export function forgetNote(service: string, keys: readonly string[]): string {
  return JSON.stringify({ fathomClient: { forget: { service, keys } } });
}

export type ProblemKind = 'unparsable' | 'unknown-service' | 'malformed-item' | 'bad-field' | 'listener-threw';

export interface ProtocolProblem {
  kind: ProblemKind;
  detail: string;
  receivedAt: number;
}

export interface FrameEvents {
  optionQuote: OptionQuoteUpdate;
  equityQuote: EquityQuoteUpdate;
  book: Book;
  bar: Bar;
  response: { item: ResponseItem; receivedAt: number };
  admin: { item: AdminNotifyItem; receivedAt: number };
  heartbeat: { serverTime: number; receivedAt: number };
  /** A key's data said whether it is delayed (a snapshot's `delayed` meta key, docs/schwab-streaming.md §3.5). */
  delayed: { service: string; key: string; delayed: boolean; receivedAt: number };
  problem: ProtocolProblem;
}

/** The market data among them: every update of every subscribed key (listeners filter by key). */
export type MarketDataEvents = Pick<FrameEvents, 'optionQuote' | 'equityQuote' | 'book' | 'bar'>;

export interface ProcessorStats {
  frames: number;
  dataItems: number;
  heartbeats: number;
  unparsable: number;
  unknownService: number;
  malformedItems: number;
  badFields: number;
  duplicateBars: number;
  listenerErrors: number;
}

export interface ProcessorSnapshot {
  options: Map<string, OptionQuote>;
  equities: Map<string, EquityQuote>;
  barSeq: Map<string, number>;
  counters: ProcessorStats;
  problems: DecodeProblems;
}

const KNOWN_SERVICES = new Set<string>(SERVICES);
const MAX_PROBLEM_DETAIL = 200;
const BOOK_SERVICES = new Set(['OPTIONS_BOOK', 'NASDAQ_BOOK', 'NYSE_BOOK']);

export class FrameProcessor {
  readonly events: Emitter<FrameEvents>;
  private options = new Map<string, OptionQuote>();
  private equities = new Map<string, EquityQuote>();
  /**
   * Highest CHART_EQUITY seq seen per key on this connection. Schwab numbers bars per connection
   * (live bars right after subscribing carry 0 and 202: src-main/schwab/captures/README.md), so a
   * successful LOGIN clears it; within a connection a seq not above the last is a repeat.
   */
  private barSeq = new Map<string, number>();
  private counters: ProcessorStats = {
    frames: 0,
    dataItems: 0,
    heartbeats: 0,
    unparsable: 0,
    unknownService: 0,
    malformedItems: 0,
    badFields: 0,
    duplicateBars: 0,
    listenerErrors: 0,
  };
  private problems: DecodeProblems = { badFields: 0 };
  /**
   * The one optionQuote event of this processor, overwritten per update (its `changed` too): an
   * event and a `changed` object per update were most of the parse stage's allocation. Every
   * listener in the app reads it during the call (src-main/market/pipeline.ts and those it feeds);
   * one that keeps anything copies it, as the quote, which is live, always had to be.
   */
  private readonly optionUpdate: OptionQuoteUpdate = { symbol: '', receivedAt: 0, changed: emptyOptionChanges(), quote: { symbol: '' }, snapshot: false };

  constructor() {
    this.events = new Emitter<FrameEvents>((event, error) => {
      this.counters.listenerErrors++;
      if (event !== 'problem') {
        this.problem('listener-threw', `a ${String(event)} listener threw: ${(error as Error)?.message ?? error}`, 0);
      }
    });
  }

  /** The merged state, copied: a replay checkpoint. */
  snapshot(): ProcessorSnapshot {
    const { options, equities, barSeq, counters, problems } = this;
    return cloneState({ options, equities, barSeq, counters, problems });
  }

  restore(snapshot: ProcessorSnapshot): void {
    const s = cloneState(snapshot);
    this.options = s.options;
    this.equities = s.equities;
    this.barSeq = s.barSeq;
    this.counters = s.counters;
    this.problems = s.problems;
  }

  stats(): ProcessorStats {
    return { ...this.counters, badFields: this.counters.badFields + this.problems.badFields };
  }

  /** The merged Level 1 state of an option, if any. Read-only: copy it to keep it. */
  optionQuote(symbol: string): Readonly<OptionQuote> | undefined {
    return this.options.get(symbol);
  }

  equityQuote(symbol: string): Readonly<EquityQuote> | undefined {
    return this.equities.get(symbol);
  }

  /** Forgets merged state, as a new connection must (the next message per key is a baseline). */
  resetMergedState(): void {
    this.options.clear();
    this.equities.clear();
  }

  forgetKey(service: string, key: string): void {
    if (service === 'LEVELONE_OPTIONS') this.options.delete(key);
    else if (service === 'LEVELONE_EQUITIES') this.equities.delete(key);
  }

  process(text: string, receivedAt: number): void {
    if (text.startsWith(CLIENT_NOTE_START)) {
      this.clientNote(text, receivedAt);
      return;
    }
    this.counters.frames++;
    const parsed = parseServerFrame(text);
    if (!parsed.ok) {
      this.counters.unparsable++;
      this.problem('unparsable', parsed.error, receivedAt);
      return;
    }
    const frame = parsed.frame;
    if (frame.kind === 'data') {
      if (frame.malformedBlocks > 0) {
        this.counters.malformedItems += frame.malformedBlocks;
        this.problem('malformed-item', `${frame.malformedBlocks} data block(s) without a service or content`, receivedAt);
      }
      for (const block of frame.blocks) this.dataBlock(block, receivedAt);
    } else if (frame.kind === 'response') {
      this.problems.badFields += frame.badFields;
      for (const item of frame.items) this.response(item, receivedAt);
    } else {
      this.problems.badFields += frame.badFields;
      for (const item of frame.items) {
        if (isHeartbeat(item)) {
          this.counters.heartbeats++;
          this.events.emit('heartbeat', { serverTime: Number(item.heartbeat), receivedAt });
        } else {
          this.events.emit('admin', { item, receivedAt });
        }
      }
    }
  }

  private clientNote(text: string, receivedAt: number): void {
    let note: unknown;
    try {
      note = (JSON.parse(text) as { fathomClient?: unknown }).fathomClient;
    } catch {
      note = null;
    }
    const forget = (note as { forget?: { service?: unknown; keys?: unknown } } | null)?.forget;
    if (!forget || typeof forget.service !== 'string' || !Array.isArray(forget.keys)) {
      this.problem('unparsable', 'a client note that is not a forget note', receivedAt);
      return;
    }
    for (const key of forget.keys) if (typeof key === 'string') this.forgetKey(forget.service, key);
  }

  private response(item: ResponseItem, receivedAt: number): void {
    if (actionFor(item.content.code) === 'success') {
      if (item.service === 'ADMIN' && item.command === 'LOGIN') {
        this.resetMergedState();
        this.barSeq.clear();
      } else if (item.command === 'SUBS') this.clearService(item.service);
    }
    this.events.emit('response', { item, receivedAt });
  }

  private clearService(service: string): void {
    if (service === 'LEVELONE_OPTIONS') this.options.clear();
    else if (service === 'LEVELONE_EQUITIES') this.equities.clear();
  }

  private dataBlock(block: DataBlock, receivedAt: number): void {
    const service = block.service;
    if (!KNOWN_SERVICES.has(service)) {
      this.counters.unknownService++;
      this.problem('unknown-service', `data for unknown service ${service.slice(0, 40)}`, receivedAt);
      return;
    }
    for (const item of block.content) {
      if (!isDataItem(item)) {
        this.counters.malformedItems++;
        this.problem('malformed-item', `${service} item without a key`, receivedAt);
        continue;
      }
      this.counters.dataItems++;
      if (typeof item.delayed === 'boolean') this.events.emit('delayed', { service, key: item.key, delayed: item.delayed, receivedAt });
      if (service === 'LEVELONE_OPTIONS') this.optionItem(item, receivedAt);
      else if (service === 'LEVELONE_EQUITIES') this.equityItem(item, receivedAt);
      else if (BOOK_SERVICES.has(service)) this.bookItem(item, service, receivedAt);
      else if (service === 'CHART_EQUITY') this.barItem(item, receivedAt);
    }
  }

  private optionItem(item: Record<string, unknown> & { key: string }, receivedAt: number): void {
    let quote = this.options.get(item.key);
    // A snapshot carries the meta keys; after a re-SUBS the server sends one again.
    const snapshot = quote === undefined || 'assetMainType' in item;
    if (snapshot || quote === undefined) {
      quote = { symbol: item.key };
      this.options.set(item.key, quote);
    }
    const update = this.optionUpdate;
    decodeOptionInto(item, this.problems, quote, update.changed as OptionChanges);
    update.symbol = item.key;
    update.receivedAt = receivedAt;
    update.quote = quote;
    update.snapshot = snapshot;
    this.events.emit('optionQuote', update);
  }

  private equityItem(item: Record<string, unknown> & { key: string }, receivedAt: number): void {
    const changed = decodeEquityFields(item, this.problems);
    let quote = this.equities.get(item.key);
    const snapshot = quote === undefined || 'assetMainType' in item;
    if (snapshot || quote === undefined) {
      quote = { symbol: item.key };
      this.equities.set(item.key, quote);
    }
    Object.assign(quote, changed);
    this.events.emit('equityQuote', { symbol: item.key, receivedAt, changed, quote, snapshot });
  }

  private bookItem(item: Record<string, unknown> & { key: string }, service: string, receivedAt: number): void {
    const book = decodeBook(item, receivedAt);
    if (!book) {
      this.counters.malformedItems++;
      this.problem('malformed-item', `${service} ${item.key}: malformed levels`, receivedAt);
      return;
    }
    this.events.emit('book', book);
  }

  private barItem(item: Record<string, unknown> & { key: string }, receivedAt: number): void {
    const bar = decodeBar(item);
    if (!bar) {
      this.counters.malformedItems++;
      this.problem('malformed-item', `CHART_EQUITY ${item.key}: missing or malformed fields`, receivedAt);
      return;
    }
    const last = this.barSeq.get(bar.symbol);
    if (last !== undefined && bar.seq <= last) {
      this.counters.duplicateBars++;
      return;
    }
    this.barSeq.set(bar.symbol, bar.seq);
    this.events.emit('bar', bar);
  }

  /** Details name keys and services from the frame; they are log lines, so they are bounded. */
  private problem(kind: ProblemKind, detail: string, receivedAt: number): void {
    const bounded = detail.length > MAX_PROBLEM_DETAIL ? `${detail.slice(0, MAX_PROBLEM_DETAIL)}…` : detail;
    this.events.emit('problem', { kind, detail: bounded, receivedAt });
  }
}
