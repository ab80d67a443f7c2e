// Window lifecycle: a page says when it is ready (events queue until then), and asks main to
// open a book window or an external https link.
import { z } from 'zod';
import type { WindowKind } from './define.ts';
import { event, LIMITS, request } from './define.ts';
import { empty, symbolSchema } from './common.ts';

export type HostKind = 'electron' | 'web';

export interface WindowHello {
  kind: WindowKind;
  host: HostKind;
  /** The contract a book window shows. */
  symbol: string | null;
  version: string;
}

export const windows = {
  ready: request<WindowHello>()('window:ready', empty),
  openBook: request<{ opened: boolean }>()('window:openBook', z.strictObject({ symbol: symbolSchema })),
  openFeed: request<{ opened: boolean }>()('window:openFeed', empty, ['book']),
  openExternal: request<{ opened: boolean }>()(
    'window:openExternal',
    z.strictObject({
      url: z
        .string()
        .max(LIMITS.longText)
        .refine((u) => u.startsWith('https://'), 'only https links open outside the app'),
    }),
  ),
} as const;

export const windowEvents = {
  focusBook: event<{ symbol: string }>()('window:focusBook'),
} as const;
