// The live metrics strip: what a StatsSnapshot's totals read as, ready to print.
import type { FlowTotals } from '../../shared/analytics/rolling-stats.ts';
import { formatPremium, formatRatio, formatSize } from '../../shared/format/format.ts';

export interface MetricsView {
  flows: string;
  contracts: string;
  premium: string;
  callPremium: string;
  putPremium: string;
  /** Share of call premium in call + put premium, 0..1; 0.5 when there is none. */
  callShare: number;
  putCallVolume: string;
  putCallPremium: string;
  netPremium: string;
  netTone: 'bull' | 'bear' | 'flat';
  whales: string;
}

export function metricsView(totals: FlowTotals | null): MetricsView {
  if (!totals) {
    return {
      flows: '—', contracts: '—', premium: '—', callPremium: '—', putPremium: '—', callShare: 0.5,
      putCallVolume: '—', putCallPremium: '—', netPremium: '—', netTone: 'flat', whales: '—',
    };
  }
  const sided = totals.calls.premium + totals.puts.premium;
  const net = totals.netPremium;
  return {
    flows: formatSize(totals.count),
    contracts: formatSize(totals.contracts),
    premium: formatPremium(totals.premium),
    callPremium: formatPremium(totals.calls.premium),
    putPremium: formatPremium(totals.puts.premium),
    callShare: sided > 0 ? totals.calls.premium / sided : 0.5,
    putCallVolume: formatRatio(totals.putCallVolume),
    putCallPremium: formatRatio(totals.putCallPremium),
    netPremium: net > 0 ? `+${formatPremium(net)}` : formatPremium(net),
    netTone: net > 0 ? 'bull' : net < 0 ? 'bear' : 'flat',
    whales: formatSize(totals.whales),
  };
}
