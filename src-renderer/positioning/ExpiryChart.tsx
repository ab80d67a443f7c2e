// Call premium up and put premium down per expiry (lightweight-charts, a business day per bar).
import { useEffect, useRef } from 'react';
import type { IChartApi, ISeriesApi, Time } from 'lightweight-charts';
import { createChart, HistogramSeries } from 'lightweight-charts';
import { formatExpiryShort } from '../../shared/format/dates.ts';
import { formatPremium } from '../../shared/format/format.ts';
import type { SidedBars } from './positioning-series.ts';
import { POSITIONING_COLORS } from './positioning-series.ts';
import { CHART_THEME } from '../chart/chart-theme.ts';

interface Handles {
  chart: IChartApi;
  calls: ISeriesApi<'Histogram'>;
  puts: ISeriesApi<'Histogram'>;
}

/** An expiry as the chart hands it back (a business day), in the feed's words: "Dec 18". */
function expiryLabel(time: Time): string {
  if (typeof time === 'string') return formatExpiryShort(time);
  if (typeof time === 'object') return formatExpiryShort(`${time.year}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`);
  return formatExpiryShort(new Date(time * 1000).toISOString().slice(0, 10));
}

const premiumFormat = { type: 'custom' as const, formatter: (v: number) => formatPremium(Math.abs(v)), minMove: 1 };

export function ExpiryChart({ bars, revision }: { bars: SidedBars<string>; revision: string }) {
  const container = useRef<HTMLDivElement>(null);
  const handles = useRef<Handles | null>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const chart = createChart(el, {
      ...CHART_THEME,
      timeScale: { borderVisible: false, tickMarkFormatter: expiryLabel },
      localization: { timeFormatter: expiryLabel },
    });
    const calls = chart.addSeries(HistogramSeries, { color: POSITIONING_COLORS.call, priceLineVisible: false, lastValueVisible: false, priceFormat: premiumFormat });
    const puts = chart.addSeries(HistogramSeries, { color: POSITIONING_COLORS.put, priceLineVisible: false, lastValueVisible: false, priceFormat: premiumFormat });
    handles.current = { chart, calls, puts };
    return () => {
      handles.current = null;
      chart.remove();
    };
  }, []);

  useEffect(() => {
    const h = handles.current;
    const el = container.current;
    if (!h || !el) return;
    h.calls.setData(bars.calls);
    h.puts.setData(bars.puts);
    h.chart.timeScale().fitContent();
    el.dataset.points = String(bars.calls.length);
  }, [bars, revision]);

  return <div className="positioning-chart" ref={container} data-testid="positioning-expiry-chart" />;
}
