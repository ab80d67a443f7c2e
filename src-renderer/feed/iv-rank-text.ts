// How the feed says an IV rank or percentile and what it rests on (FLOW-RULES.md §11): a figure
// always names its days of history; with too few it is "none" with the count and the minimum.
import type { IvSummary } from '../../shared/domain/volatility.ts';
import { formatNumber } from '../../shared/format/format.ts';

function days(n: number): string {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

/** "none, 3 days < 20", or "42 (120 days)". */
export function ivRankText(summary: IvSummary | undefined): string {
  if (!summary) return 'none, no IV history';
  if (summary.rank === null) return `none, ${summary.missing ?? days(summary.days)}`;
  return `${formatNumber(summary.rank, 0)} (${days(summary.days)})`;
}

/** "none, 3 days < 20", or "65 (120 days)". */
export function ivPercentileText(summary: IvSummary | undefined): string {
  if (!summary) return 'none, no IV history';
  if (summary.percentile === null) return `none, ${summary.missing ?? days(summary.days)}`;
  return `${formatNumber(summary.percentile, 0)} (${days(summary.days)})`;
}

/** The ATM IV in percent, "18.3%". */
export function atmIvText(summary: IvSummary | undefined): string {
  return summary ? `${formatNumber(summary.current, 1)}%` : '—';
}

/** The 20-day realized volatility beside the IV, "14.2%"; "…" until fetched, "—" without enough history. */
export function realizedText(summary: IvSummary | undefined): string {
  if (!summary || summary.realized === undefined) return '…';
  return summary.realized === null ? '—' : `${formatNumber(summary.realized.vol, 1)}%`;
}
