// The book window: one contract's OPTIONS_BOOK and Level 1 quote, pushed only to the window
// that shows it.
import { z } from 'zod';
import type { Book, OptionQuote } from '../domain/market.ts';
import { event, request } from './define.ts';
import { symbolSchema } from './common.ts';

const bySymbol = z.strictObject({ symbol: symbolSchema });

export const books = {
  subscribe: request<{ symbol: string }>()('book:subscribe', bySymbol),
  unsubscribe: request<{ symbol: string }>()('book:unsubscribe', bySymbol),
} as const;

export const bookEvents = {
  book: event<Book>()('book:update'),
  quote: event<OptionQuote>()('book:quote'),
} as const;
