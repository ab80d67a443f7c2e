import { describe, expect, it } from 'vitest';
import { SessionStats } from '../../shared/analytics/flow-totals.ts';
import { metricsView } from './stats-view.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';

describe('metricsView', () => {
  it('reads totals as the strip shows them', () => {
    const stats = new SessionStats();
    stats.add(flowRow({ right: 'C', size: 100, premium: 300_000, sentiment: 'BULLISH', direction: 'BUY', whale: true }));
    stats.add(flowRow({ right: 'P', size: 50, premium: 100_000, sentiment: 'BEARISH', direction: 'BUY' }));
    const view = metricsView(stats.totals());
    expect(view).toMatchObject({
      flows: '2',
      premium: '$400K',
      callPremium: '$300K',
      putPremium: '$100K',
      putCallVolume: '0.50',
      putCallPremium: '0.33',
      netPremium: '+$200K',
      netTone: 'bull',
      whales: '1',
    });
    expect(view.callShare).toBeCloseTo(0.75);
  });

  it('shows dashes before the first snapshot and no ratio without calls', () => {
    expect(metricsView(null).flows).toBe('—');
    const stats = new SessionStats();
    stats.add(flowRow({ right: 'P', premium: 5_000, sentiment: 'BEARISH' }));
    expect(metricsView(stats.totals())).toMatchObject({ putCallPremium: '—', netPremium: '-$5.0K', netTone: 'bear' });
  });
});
