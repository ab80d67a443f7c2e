// The book window: one contract's OPTIONS_BOOK and Level 1 quote, pushed only to the windows
// that show it.
import { z } from 'zod';
import type { Book, OptionQuote } from '../domain/market.ts';
import { defineDomain, event, request } from './define.ts';
import { contractSchema } from './common.ts';

const domain = defineDomain(
  'books',
  {
    /** Makes main stream this contract's book to the window until the window closes. */
    subscribe: request<{ symbol: string }>()(z.strictObject({ symbol: contractSchema })),
  },
  {
    book: event<Book>('latest'),
    quote: event<OptionQuote>('latest'),
  },
);

export const books = domain.requests;
export const bookEvents = domain.events;
