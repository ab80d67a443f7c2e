// One chart of bars by strike (lightweight-charts' options chart: prices on the horizontal scale),
// with the spot drawn as a dashed line and the strike clusters marked. Created once; new data is
// set in place, so a refresh does not rebuild the canvas or lose the trader's zoom.
import { useEffect, useRef } from 'react';
import type { DeepPartial, IChartApiBase, ISeriesApi, PriceChartOptions, ISeriesMarkersPluginApi, SeriesMarker, SeriesType, WhitespaceData } from 'lightweight-charts';
import { createOptionsChart, createSeriesMarkers, HistogramSeries, LineSeries } from 'lightweight-charts';
import { formatPrice } from '../../shared/format/format.ts';
import type { Bar } from './positioning-series.ts';
import { POSITIONING_COLORS, strikeAxis } from './positioning-series.ts';
import { SpotLine } from './spot-line.ts';
import { CHART_THEME } from '../chart/chart-theme.ts';

export interface StrikeSeries {
  id: string;
  kind: 'histogram' | 'line';
  color: string;
  data: Bar<number>[];
}

export interface StrikeMark {
  strike: number;
  text: string;
}

interface Props {
  testId: string;
  series: StrikeSeries[];
  spot: number | null;
  marks?: StrikeMark[];
  format: (value: number) => string;
  /** Changes when the answer does: the chart fits its content again only then. */
  revision: string;
}

interface Handles {
  chart: IChartApiBase<number>;
  series: Map<string, ISeriesApi<SeriesType, number>>;
  spot: SpotLine;
  markers: ISeriesMarkersPluginApi<number> | null;
  anchor: ISeriesApi<SeriesType, number> | null;
  /** The revision last fitted to the view. */
  revision: string | null;
}

const NO_MARKS: StrikeMark[] = [];

export const strikeLabel = (strike: number): string => String(Number(strike.toFixed(3)));

export function StrikeChart({ testId, series, spot, marks = NO_MARKS, format, revision }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const handles = useRef<Handles | null>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const chart = createOptionsChart(el, {
      ...CHART_THEME,
      timeScale: { borderVisible: false },
      localization: { precision: 2, timeFormatter: (strike: number) => `strike ${strikeLabel(strike)}` },
    });
    handles.current = { chart, series: new Map(), spot: new SpotLine(POSITIONING_COLORS.spot, (s) => `spot ${formatPrice(s)}`), markers: null, anchor: null, revision: null };
    return () => {
      handles.current = null;
      chart.remove();
    };
  }, []);

  useEffect(() => {
    const h = handles.current;
    const el = container.current;
    if (!h || !el) return;
    const wanted = series;
    const strikes = wanted.flatMap((w) => w.data.map((d) => d.time));
    // Axis labels with as many decimals as the strikes need (600, 602.5, 12.25), and at least one
    // when the spot sits between strikes: its point may get a label, which must not read as a strike.
    const decimals = (x: number): number => (Number.isInteger(x) ? 0 : Number.isInteger(x * 10) ? 1 : 2);
    const precision = Math.max(0, ...strikes.map(decimals), spot !== null && !strikes.includes(spot) ? Math.min(1, decimals(spot)) : 0);
    const options: DeepPartial<PriceChartOptions> = { localization: { priceFormatter: format, precision } };
    h.chart.applyOptions(options);
    for (const spec of wanted) {
      let s = h.series.get(spec.id);
      if (!s) {
        const common = { color: spec.color, priceLineVisible: false, lastValueVisible: false, priceFormat: { type: 'custom' as const, formatter: format, minMove: 0.01 } };
        s = spec.kind === 'histogram' ? h.chart.addSeries(HistogramSeries, common) : h.chart.addSeries(LineSeries, { ...common, lineWidth: 2, pointMarkersVisible: true });
        h.series.set(spec.id, s);
      }
    }
    // The first series carries the spot's point (no bar) and the cluster marks.
    const first = wanted[0];
    const axis = strikeAxis([...new Set(strikes)], spot);
    for (const spec of wanted) {
      const s = h.series.get(spec.id) as ISeriesApi<SeriesType, number>;
      if (spec !== first) {
        s.setData(spec.data);
        continue;
      }
      const have = new Set(spec.data.map((d) => d.time));
      const blanks: WhitespaceData<number>[] = axis.filter((x) => !have.has(x)).map((time) => ({ time }));
      s.setData([...spec.data, ...blanks].sort((a, b) => a.time - b.time));
    }
    const anchor = first ? (h.series.get(first.id) ?? null) : null;
    if (anchor && anchor !== h.anchor) {
      h.anchor = anchor;
      anchor.attachPrimitive(h.spot);
      h.markers = createSeriesMarkers(anchor, []);
    }
    h.spot.set(axis.length > 0 ? spot : null);
    const markers: SeriesMarker<number>[] = marks.map((m) => ({ time: m.strike, position: 'aboveBar', shape: 'arrowDown', color: POSITIONING_COLORS.cluster, text: m.text }));
    h.markers?.setMarkers(markers);
    if (h.revision !== revision) {
      h.revision = revision;
      h.chart.timeScale().fitContent();
    }
    el.dataset.points = String(axis.length);
    el.dataset.spot = spot === null ? '' : String(spot);
    el.dataset.marks = String(markers.length);
  }, [series, spot, marks, format, revision]);

  return <div className="positioning-chart" ref={container} data-testid={testId} />;
}
