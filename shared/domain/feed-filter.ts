// The feed's filter: what the feed shows, and the conditions of a flow alert rule (the same
// type and matcher, shared/analytics/flow-filter.ts). Stored in settings (app-settings.ts).
import type { FlowKind, Moneyness, Side } from './flow.ts';
import type { Right } from './market.ts';
import type { VolatilityFilter } from './volatility.ts';

export interface FeedFilter {
  minPremium: number;
  rights: Right[];
  kinds: FlowKind[];
  sides: Side[];
  moneyness: Moneyness[];
  dteMin: number;
  /** null means no upper bound. */
  dteMax: number | null;
  whalesOnly: boolean;
  /** Underlyings to show; empty shows all. */
  symbols: string[];
  /** Delta, IV, IV rank and IV percentile bounds (FLOW-RULES.md §11). */
  volatility: VolatilityFilter;
  /** Who likely sent it (FLOW-RULES.md §9): ALL, or only flows leaning one way. */
  sender: SenderFilter;
  /** Only the last trading day's flows its next day confirmed as opening (FLOW-RULES.md §10). */
  confirmedOpeners: boolean;
}

export type SenderFilter = 'ALL' | 'INSTITUTIONAL' | 'RETAIL';
export const SENDER_FILTERS: readonly SenderFilter[] = ['ALL', 'INSTITUTIONAL', 'RETAIL'];
