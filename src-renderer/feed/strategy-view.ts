// The feed's two views of multi-leg strategies (FLOW-RULES.md §8): legs (every flow its own row,
// a leg linked to its strategy) or strategies (one row per strategy, in place of its legs, with
// the strategy's sentiment). Every leg carries the whole link; the row stands at the leg whose
// flow id the strategy's id was made from, which never leaves the strategy.
import type { StrategyLink, StrategyType } from '../../shared/domain/strategy.ts';
import { STRATEGY_LABELS } from '../../shared/domain/strategy.ts';
import { formatPremium } from '../../shared/format/format.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import type { Badge } from './badges.ts';

export type FeedView = 'legs' | 'strategies';
export const FEED_VIEWS: readonly FeedView[] = ['legs', 'strategies'];

/** The flow id a strategy's row stands at. */
export function leadFlowId(strategy: Pick<StrategyLink, 'id'>): string {
  return strategy.id.slice(1);
}

export function isStrategyLead(row: Pick<FlowRow, 'id' | 'strategy'>): boolean {
  return row.strategy !== undefined && leadFlowId(row.strategy) === row.id;
}

/** Shown in this view: in the strategies view a strategy's legs give way to its one row. */
export function shownInView(row: Pick<FlowRow, 'id' | 'strategy'>, view: FeedView): boolean {
  return view === 'legs' || row.strategy === undefined || isStrategyLead(row);
}

const SHORT: Readonly<Record<StrategyType, string>> = {
  VERTICAL: 'VERT',
  CALENDAR: 'CAL',
  DIAGONAL: 'DIAG',
  STRADDLE: 'STRAD',
  STRANGLE: 'STRANG',
  RISK_REVERSAL: 'RR',
  BUTTERFLY: 'FLY',
  CONDOR: 'CONDOR',
  RATIO: 'RATIO',
};

/** The strategy's kind badge; its title is the rule's reason. */
export function strategyBadge(strategy: StrategyLink): Badge {
  return { key: 'strategy', label: SHORT[strategy.type], tone: 'flag', title: `${STRATEGY_LABELS[strategy.type]}: ${strategy.reason}` };
}

export function strategySentimentBadge(strategy: StrategyLink): Badge {
  if (strategy.sentiment === 'BULLISH') return { key: 'sentiment', label: 'BULL', tone: 'bull', title: 'Bullish: the net delta of the legs is long' };
  if (strategy.sentiment === 'BEARISH') return { key: 'sentiment', label: 'BEAR', tone: 'bear', title: 'Bearish: the net delta of the legs is short' };
  return { key: 'sentiment', label: 'NEUT', tone: 'neutral', title: 'Neutral: the net delta is small against the legs\u2019 (or unknown)' };
}

/** `+$2.4K` paid (a debit), `−$1.1K` received (a credit), `—` without directions. */
export function netPremiumLabel(net: number | null): string {
  if (net === null) return '—';
  return `${net >= 0 ? '+' : '−'}${formatPremium(Math.abs(net))}`;
}

/** `Δ +1,250` shares, or `Δ —`. */
export function netDeltaLabel(net: number | null): string {
  if (net === null) return 'Δ —';
  return `Δ ${net > 0 ? '+' : net < 0 ? '−' : ''}${Math.abs(net).toLocaleString('en-US')}`;
}

/** `+1 600C`: one leg, signed by its direction, with its ratio term. */
export function legChipLabel(leg: StrategyLink['legs'][number], withExpiry: boolean): string {
  const sign = leg.direction === 'BUY' ? '+' : leg.direction === 'SELL' ? '−' : '?';
  return `${sign}${leg.ratio} ${Number(leg.strike.toFixed(3))}${leg.right}${withExpiry ? ` ${leg.expiry.slice(5)}` : ''}`;
}
