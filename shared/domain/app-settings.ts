// Everything a user can set, with defaults. Stored by main; validated by shared/ipc/settings.ts.
import type { FeedFilter } from './feed-filter.ts';
import type { AlertRule } from './session.ts';
import type { FlowSettings, RollingSettings } from './settings.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from './settings.ts';
import type { VolatilitySettings } from './volatility.ts';
import type { WebhookSettings } from './webhooks.ts';
import { DEFAULT_VOLATILITY_SETTINGS, OPEN_VOLATILITY_FILTER } from './volatility.ts';

export type { FeedFilter, SenderFilter } from './feed-filter.ts';
export { SENDER_FILTERS } from './feed-filter.ts';

export interface AlertSettings {
  rules: AlertRule[];
  /** 0..1 */
  volume: number;
  muted: boolean;
  notifications: boolean;
}

/** How the book window orders a side's venues: largest first, or longest at the touch first. */
export type MontageSort = 'size' | 'time';
export const MONTAGE_SORTS: readonly MontageSort[] = ['size', 'time'];

/**
 * The book window's layout. venues: the venue montage and its heat map (a one-level book, what
 * Schwab usually sends); ladder: the ladders, depth chart and level heat map (deeper books);
 * auto: chosen from the book received.
 */
export type BookLayout = 'auto' | 'venues' | 'ladder';
export const BOOK_LAYOUTS: readonly BookLayout[] = ['auto', 'venues', 'ladder'];

export interface BookSettings {
  levels: number;
  spreadAlertPercent: number;
  imbalanceLevels: number;
  montageSort: MontageSort;
  layout: BookLayout;
}

export interface DataSettings {
  /** null: the platform's default data folder. */
  folder: string | null;
  /** Size cap in megabytes, oldest sessions pruned first; null is off. */
  retentionMb: number | null;
}

export interface AppSettings {
  flow: FlowSettings;
  rolling: RollingSettings;
  feed: FeedFilter;
  alerts: AlertSettings;
  book: BookSettings;
  data: DataSettings;
  /** IV history: sampling, window and the days a rank needs (FLOW-RULES.md §11). */
  volatility: VolatilitySettings;
  /** Webhook destinations for alerts (their URLs are in the OS keychain, not here). */
  webhooks: WebhookSettings;
}

export const DEFAULT_FEED_FILTER: Readonly<FeedFilter> = Object.freeze<FeedFilter>({
  minPremium: 0,
  rights: ['C', 'P'],
  kinds: ['SWEEP', 'BLOCK', 'SPLIT', 'SINGLE'],
  sides: ['ABOVE_ASK', 'ASK', 'MID', 'BID', 'BELOW_BID'],
  moneyness: ['ITM', 'ATM', 'OTM'],
  dteMin: 0,
  dteMax: null,
  whalesOnly: false,
  symbols: [],
  volatility: OPEN_VOLATILITY_FILTER,
  sender: 'ALL',
  confirmedOpeners: false,
});

export function defaultAppSettings(): AppSettings {
  return {
    flow: { ...DEFAULT_FLOW_SETTINGS },
    rolling: { ...DEFAULT_ROLLING_SETTINGS },
    feed: structuredCloneFilter(DEFAULT_FEED_FILTER),
    alerts: {
      rules: [
        { id: 'whale', kind: 'WHALE', enabled: true, symbols: [], threshold: null, kinds: [], sound: 'whale' },
        { id: 'sweep-watchlist', kind: 'WATCHLIST_SWEEP', enabled: true, symbols: [], threshold: null, kinds: ['SWEEP'], sound: 'sweep' },
      ],
      volume: 0.6,
      muted: false,
      notifications: true,
    },
    book: { levels: 10, spreadAlertPercent: 10, imbalanceLevels: 5, montageSort: 'size', layout: 'auto' },
    data: { folder: null, retentionMb: null },
    volatility: { ...DEFAULT_VOLATILITY_SETTINGS },
    webhooks: { destinations: [] },
  };
}

function structuredCloneFilter(f: Readonly<FeedFilter>): FeedFilter {
  return {
    ...f,
    rights: [...f.rights],
    kinds: [...f.kinds],
    sides: [...f.sides],
    moneyness: [...f.moneyness],
    symbols: [...f.symbols],
    volatility: { ...f.volatility },
  };
}
