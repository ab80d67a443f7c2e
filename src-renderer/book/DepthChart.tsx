// Cumulative depth with price on the horizontal axis (lightweight-charts' options chart): bids
// stepping up to the left of the spread in green, asks to the right in red. The chart lives
// outside React's render and redraws when the book changes, at most four times a second: it
// repaints whole on every setData, and at 25 books a second that was most of a frame's work.
import { useEffect, useRef } from 'react';
import type { AutoscaleInfo, IChartApiBase, ISeriesApi } from 'lightweight-charts';
import { AreaSeries, createOptionsChart, LineType } from 'lightweight-charts';
import { formatPrice, formatSize } from '../../shared/format/format.ts';
import type { BookModel } from './book-model.ts';
import { browserClock, throttle } from '../state/throttle.ts';
import { depthGrid, gridSignature } from './depth-grid.ts';

const REDRAW_MS = 250;
const COLORS = { text: '#8b95a5', grid: '#161b23', bull: '#3fb68b', bear: '#e5646e' };

interface Handles {
  chart: IChartApiBase<number>;
  bids: ISeriesApi<'Area', number>;
  asks: ISeriesApi<'Area', number>;
}

function create(container: HTMLElement): Handles {
  const chart = createOptionsChart(container, {
    autoSize: true,
    layout: { background: { color: 'transparent' }, textColor: COLORS.text, fontSize: 11, attributionLogo: false },
    grid: { vertLines: { visible: false }, horzLines: { color: COLORS.grid } },
    rightPriceScale: { borderVisible: false, scaleMargins: { top: 0.12, bottom: 0 } },
    timeScale: { borderVisible: false, fixLeftEdge: true, fixRightEdge: true },
    localization: { precision: 2, priceFormatter: (size: number) => formatSize(size) },
    crosshair: { horzLine: { labelBackgroundColor: '#2a3240' }, vertLine: { labelBackgroundColor: '#2a3240' } },
    handleScroll: false,
    handleScale: false,
  });
  // The fill never fades to nothing: a one-level book's blocks must read as blocks, not lines.
  const side = (color: string, fill: string, floor: string) =>
    chart.addSeries(AreaSeries, {
      lineColor: color,
      topColor: fill,
      bottomColor: floor,
      lineWidth: 2,
      lineType: LineType.WithSteps,
      priceLineVisible: false,
      lastValueVisible: false,
      crosshairMarkerRadius: 3,
      priceFormat: { type: 'custom', formatter: (size: number) => formatSize(size), minMove: 1 },
      // Depth starts at zero: a scale fitted to the data would sink the smaller side to nothing.
      autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => {
        const info = original();
        return info ? { ...info, priceRange: { minValue: 0, maxValue: info.priceRange?.maxValue ?? 1 } } : null;
      },
    });
  return { chart, bids: side(COLORS.bull, 'rgba(63,182,139,0.3)', 'rgba(63,182,139,0.08)'), asks: side(COLORS.bear, 'rgba(229,100,110,0.3)', 'rgba(229,100,110,0.08)') };
}

export function DepthChart({ model }: { model: BookModel }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const handles = create(el);
    let range = '';
    let drawn = '';
    const draw = (): void => {
      const book = model.book.get();
      const levels = model.settings.get()?.book.levels ?? 10;
      if (!book) return;
      const grid = depthGrid(book.bids.slice(0, levels), book.asks.slice(0, levels));
      // Often only deeper levels' venues or quote times changed: the curve is the same.
      const signature = gridSignature(grid);
      if (signature === drawn) return;
      drawn = signature;
      handles.bids.setData(grid.bids);
      handles.asks.setData(grid.asks);
      const first = grid.bids[0]?.time ?? 0;
      const key = `${first}|${grid.bids.length}`;
      // Refit only when the price range moves, so a steady book does not jitter.
      if (key !== range) {
        range = key;
        handles.chart.timeScale().fitContent();
      }
      el.dataset.points = String(grid.bids.length);
      el.dataset.step = String(grid.step);
      el.dataset.range = grid.bids.length > 0 ? `${formatPrice(first)}-${formatPrice(grid.bids.at(-1)?.time ?? 0)}` : '';
    };
    draw();
    const redraw = throttle(draw, REDRAW_MS, browserClock());
    const request = (): void => redraw.request();
    const offs = [model.book.subscribe(request), model.settings.subscribe(request)];
    return () => {
      offs.forEach((off) => off());
      redraw.cancel();
      handles.chart.remove();
    };
  }, [model]);

  return <div className="depth-canvas" ref={container} data-testid="depth-chart" />;
}
