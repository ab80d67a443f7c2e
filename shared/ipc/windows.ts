// Window lifecycle: a page says when it is ready (events queue until then), and asks main to
// open a book window, the feed, or an external https link. A page never asks which host it runs
// in: each answer says whether the host did it or the page should.
import { z } from 'zod';
import type { WindowKind } from './define.ts';
import { defineDomain, LIMITS, request } from './define.ts';
import { empty, contractSchema } from './common.ts';

export interface WindowHello {
  kind: WindowKind;
  /** The contract a book window shows. */
  symbol: string | null;
  version: string;
}

/**
 * How an open request was carried out: the host opened it (a desktop window, the system
 * browser), or the page should open this URL itself (a browser tab next to the web host's).
 */
export type OpenAnswer = { by: 'host' } | { by: 'page'; url: string };

/** A book window's route for a contract (Schwab's 21-character symbol, spaces and all). */
export function bookRoute(symbol: string): string {
  return `?window=book&symbol=${encodeURIComponent(symbol)}`;
}

const domain = defineDomain(
  'windows',
  {
    ready: request<WindowHello>()(empty),
    openBook: request<OpenAnswer>()(z.strictObject({ symbol: contractSchema })),
    openFeed: request<OpenAnswer>()(empty, ['book']),
    openExternal: request<OpenAnswer>()(
      z.strictObject({
        url: z
          .string()
          .max(LIMITS.longText)
          .refine((u) => u.startsWith('https://'), 'only https links open outside the app'),
      }),
    ),
  },
  {},
);

export const windows = domain.requests;
export const windowEvents = domain.events;
