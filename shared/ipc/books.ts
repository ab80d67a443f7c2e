// The book window: one contract's OPTIONS_BOOK and Level 1 quote, pushed only to the windows
// that show it.
import { z } from 'zod';
import type { BookTimeline } from '../domain/book-events.ts';
import type { Book, OptionQuote } from '../domain/market.ts';
import { defineDomain, event, request } from './define.ts';
import { contractSchema } from './common.ts';

const domain = defineDomain(
  'books',
  {
    /** Makes main stream this contract's book to the window until the window closes. */
    subscribe: request<{ symbol: string }>()(z.strictObject({ symbol: contractSchema })),
    /** The contract's book history on screen: columns, prints and book events (the last TIMELINE_SPAN_MS). */
    timeline: request<BookTimeline>()(z.strictObject({ symbol: contractSchema })),
  },
  {
    book: event<Book>('latest'),
    quote: event<OptionQuote>('latest'),
    /** What is new in the contract's history since the last push; every one, in order. */
    timeline: event<BookTimeline>('every'),
  },
);

export const books = domain.requests;
export const bookEvents = domain.events;
