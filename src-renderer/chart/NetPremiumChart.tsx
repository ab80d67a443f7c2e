// Cumulative net premium (bullish minus bearish) for one underlying, over its minute bars, with
// the stream's gaps marked. The chart lives outside React's render: it is created once and fed
// at most once a second, because lightweight-charts redraws on its own.
import { useEffect, useRef } from 'react';
import type { AutoscaleInfo, IChartApi, ISeriesApi, ISeriesMarkersPluginApi, SeriesMarker, Time, UTCTimestamp } from 'lightweight-charts';
import { BaselineSeries, createChart, createSeriesMarkers, LineSeries } from 'lightweight-charts';
import { formatPremium, formatPrice, formatTimeEt } from '../../shared/format/format.ts';
import type { Gap } from '../../shared/domain/session.ts';
import type { FeedModel } from '../app/feed-model.ts';
import type { ChartPoint } from './net-premium.ts';
import { gapMarkerTimes } from './net-premium.ts';
import { CHART_COLORS, CHART_THEME } from './chart-theme.ts';

const REDRAW_MS = 1_000;
const COLORS = { ...CHART_COLORS, price: '#7f93b2', bull: '#3fb68b', bear: '#e5646e', gap: '#e3a44b' };

interface Handles {
  chart: IChartApi;
  price: ISeriesApi<'Line'>;
  net: ISeriesApi<'Baseline'>;
  markers: ISeriesMarkersPluginApi<Time>;
}

function timeLabel(time: Time): string {
  return typeof time === 'number' ? formatTimeEt(time * 1000).slice(0, 5) : String(time);
}

function create(container: HTMLElement): Handles {
  const chart = createChart(container, {
    ...CHART_THEME,
    // Minutes read across as well as premium up: vertical lines too.
    grid: { vertLines: { color: COLORS.grid }, horzLines: { color: COLORS.grid } },
    leftPriceScale: { visible: true, borderVisible: false },
    timeScale: { borderVisible: false, timeVisible: true, secondsVisible: false, tickMarkFormatter: timeLabel },
    localization: { timeFormatter: timeLabel },
  });
  const price = chart.addSeries(LineSeries, {
    color: COLORS.price,
    lineWidth: 1,
    priceScaleId: 'right',
    priceFormat: { type: 'custom', formatter: (p: number) => formatPrice(p), minMove: 0.01 },
    // A quiet minute is not a flat line at full height: keep at least 0.1% of the price in view.
    autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => {
      const info = original();
      if (!info?.priceRange) return info;
      const { minValue, maxValue } = info.priceRange;
      const half = Math.max((maxValue - minValue) / 2, Math.abs(maxValue) * 0.0005);
      const mid = (maxValue + minValue) / 2;
      return { ...info, priceRange: { minValue: mid - half, maxValue: mid + half } };
    },
    lastValueVisible: true,
    priceLineVisible: false,
  });
  const net = chart.addSeries(BaselineSeries, {
    priceScaleId: 'left',
    baseValue: { type: 'price', price: 0 },
    topLineColor: COLORS.bull,
    topFillColor1: 'rgba(63,182,139,0.22)',
    topFillColor2: 'rgba(63,182,139,0.02)',
    bottomLineColor: COLORS.bear,
    bottomFillColor1: 'rgba(229,100,110,0.02)',
    bottomFillColor2: 'rgba(229,100,110,0.22)',
    lineWidth: 2,
    priceFormat: { type: 'custom', formatter: (p: number) => formatPremium(p), minMove: 1 },
    priceLineVisible: false,
    // Always show zero, the baseline bulls and bears are measured from: a flat start then reads
    // "0 to +$50K" instead of one label printed three times.
    autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => {
      const info = original();
      if (!info?.priceRange) return info;
      const { minValue, maxValue } = info.priceRange;
      return { ...info, priceRange: { minValue: Math.min(0, minValue), maxValue: Math.max(0, maxValue) } };
    },
  });
  const markers = createSeriesMarkers(net, []);
  return { chart, price, net, markers };
}

function gapMarkers(points: readonly ChartPoint[], gaps: readonly Gap[]): SeriesMarker<Time>[] {
  return gapMarkerTimes(points, gaps).map((time) => ({ time: time as UTCTimestamp, position: 'aboveBar', shape: 'square', color: COLORS.gap, text: 'gap', size: 0.6 }));
}

export function NetPremiumChart({ model, underlying }: { model: FeedModel; underlying: string | null }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const handles = create(el);
    let drawn = '';
    // The whole session fits until the trader pans or zooms; a double-click fits it again.
    let follow = true;
    const hold = (): void => {
      follow = false;
    };
    const refit = (): void => {
      follow = true;
      handles.chart.timeScale().fitContent();
    };
    el.addEventListener('wheel', hold, { passive: true });
    el.addEventListener('pointerdown', hold);
    el.addEventListener('dblclick', refit);
    const draw = (): void => {
      if (!underlying) return;
      const bars = model.bars.get().get(underlying) ?? [];
      const gaps = model.gaps.get();
      const key = `${model.net.revision(underlying)}|${bars.length}|${bars.at(-1)?.close ?? ''}|${gaps.length}|${gaps[0]?.end ?? ''}`;
      if (key === drawn) return;
      drawn = key;
      const points = model.net.cumulative(underlying, bars);
      handles.price.setData(bars.map((b) => ({ time: (b.time / 1000) as UTCTimestamp, value: b.close })));
      handles.net.setData(points.map((p) => ({ time: p.time as UTCTimestamp, value: p.value })));
      handles.markers.setMarkers(gapMarkers(points, gaps));
      if (follow) handles.chart.timeScale().fitContent();
      el.dataset.points = String(points.length);
      el.dataset.gaps = String(handles.markers.markers().length);
    };
    draw();
    const timer = setInterval(draw, REDRAW_MS);
    return () => {
      clearInterval(timer);
      el.removeEventListener('wheel', hold);
      el.removeEventListener('pointerdown', hold);
      el.removeEventListener('dblclick', refit);
      handles.chart.remove();
    };
  }, [model, underlying]);

  return <div className="chart-canvas" ref={container} data-testid="net-premium-chart" data-underlying={underlying ?? ''} />;
}
