// The touch over time: spread, imbalance across the venues, venues per side and notional, each
// with its latest value and a sparkline over the held history (one point per snapshot).
import { memo, useMemo } from 'react';
import { formatPremium, formatPrice } from '../../shared/format/format.ts';
import { useCell } from '../state/use-cell.ts';
import type { BookModel } from './book-model.ts';
import { formatImbalance } from './book-view.ts';
import { Sparkline } from './Sparkline.tsx';
import { sparkPath, touchSeries } from './touch-series.ts';

const TONE_COLORS = { bull: 'var(--bull)', bear: 'var(--bear)', flat: 'var(--accent)' } as const;

const W = 120;
const H = 22;

export const TouchMetrics = memo(function TouchMetrics({ model }: { model: BookModel }) {
  const held = useCell(model.timeline);
  const series = useMemo(() => touchSeries(held.buffer.columns), [held]);
  const m = series.latest;
  return (
    <section className="touch-metrics" aria-label="Top of book over time" data-testid="touch-metrics" data-points={series.spread.length}>
      <Metric name="Spread" value={m?.spread === null || !m ? '—' : formatPrice(m.spread)} detail={m?.spreadPercent === null || m?.spreadPercent === undefined ? '' : `${m.spreadPercent.toFixed(1)}%`} path={sparkPath(series.spread, W, H)} tone="flat" testId="metric-spread" />
      <Metric
        name="Imbalance"
        value={m ? formatImbalance(m.imbalance) : '—'}
        detail="touch, all venues"
        path={sparkPath(series.imbalance, W, H, { min: -1, max: 1 })}
        tone={m && m.imbalance > 0 ? 'bull' : m && m.imbalance < 0 ? 'bear' : 'flat'}
        midline
        testId="metric-imbalance"
      />
      <Metric
        name="Venues"
        value={m ? `${m.bidVenues} × ${m.askVenues}` : '—'}
        detail="bid × ask"
        path={sparkPath(series.bidVenues, W, H, { min: 0, max: 16 })}
        path2={sparkPath(series.askVenues, W, H, { min: 0, max: 16 })}
        tone="bull"
        testId="metric-venues"
      />
      <Metric name="Notional" value={m ? formatPremium(m.notional) : '—'} detail="touch, both sides" path={sparkPath(series.notional, W, H)} tone="flat" testId="metric-notional" />
    </section>
  );
});

interface MetricProps {
  name: string;
  value: string;
  detail: string;
  path: string;
  /** A second line (the ask side of the venue count). */
  path2?: string;
  tone: 'bull' | 'bear' | 'flat';
  midline?: boolean;
  testId: string;
}

function Metric({ name, value, detail, path, path2, tone, midline, testId }: MetricProps) {
  return (
    <div className="metric-cell" data-testid={testId}>
      <span className="k">{name}</span>
      <span className={`v tone-${tone}-text`}>{value}</span>
      <span className="muted metric-detail">{detail}</span>
      <Sparkline lines={path2 !== undefined ? [{ path, color: TONE_COLORS.bull }, { path: path2, color: TONE_COLORS.bear }] : [{ path, color: TONE_COLORS[tone] }]} width={W} height={H} midline={midline ?? false} />
    </div>
  );
}
