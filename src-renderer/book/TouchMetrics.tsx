// The touch over time: spread, imbalance across the venues, venues per side and notional, each with
// its latest value and a sparkline over the held history (one point per snapshot). Written outside
// React, among the last of the window's painters (model.painters: frame-budget.ts), at most once
// per animation frame: the sparklines on the canvases whose lines changed, and the figures' text
// where it changed at the window's reading pace (reading-clock.ts); a snapshot renders no
// component.
import { memo, useEffect, useRef } from 'react';
import { formatPremium, formatPrice } from '../../shared/format/format.ts';
import type { BookModel } from './book-model.ts';
import { PAINT_PRIORITY } from './book-model.ts';
import { setData } from './book-test-attributes.ts';
import { setText } from './dom-text.ts';
import { markDraw } from './draw-costs.ts';
import { formatImbalance } from './book-view.ts';
import type { Palette } from './canvas-kit.ts';
import { readPalette } from './canvas-kit.ts';
import type { SparkLine } from './spark-draw.ts';
import { surfaceOf } from './canvas-surface.ts';
import { paintSpark, sameSpark } from './spark-draw.ts';
import type { TouchSeries } from './touch-series.ts';
import { sparkPoints, touchSeries } from './touch-series.ts';

const W = 120;
const H = 22;

type Tone = 'bull' | 'bear' | 'flat';

interface MetricShown {
  value: string;
  detail: string;
  tone: Tone;
  lines: SparkLine[];
  midline: boolean;
}

interface MetricSpec {
  name: string;
  testId: string;
  show: (s: TouchSeries, p: Palette) => MetricShown;
}

const METRICS: readonly MetricSpec[] = [
  {
    name: 'Spread',
    testId: 'metric-spread',
    show: (s, p) => {
      const m = s.latest;
      return { value: m?.spread === null || !m ? '—' : formatPrice(m.spread), detail: m?.spreadPercent === null || m?.spreadPercent === undefined ? '' : `${m.spreadPercent.toFixed(1)}%`, tone: 'flat', lines: [{ points: sparkPoints(s.spread, W, H), color: p.accent }], midline: false };
    },
  },
  {
    name: 'Imbalance',
    testId: 'metric-imbalance',
    show: (s, p) => {
      const m = s.latest;
      const tone: Tone = m && m.imbalance > 0 ? 'bull' : m && m.imbalance < 0 ? 'bear' : 'flat';
      return { value: m ? formatImbalance(m.imbalance) : '—', detail: 'touch, all venues', tone, lines: [{ points: sparkPoints(s.imbalance, W, H, { min: -1, max: 1 }), color: tone === 'bull' ? p.bull : tone === 'bear' ? p.bear : p.accent }], midline: true };
    },
  },
  {
    name: 'Venues',
    testId: 'metric-venues',
    show: (s, p) => {
      const m = s.latest;
      return {
        value: m ? `${m.bidVenues} × ${m.askVenues}` : '—',
        detail: 'bid × ask',
        tone: 'bull',
        lines: [
          { points: sparkPoints(s.bidVenues, W, H, { min: 0, max: 16 }), color: p.bull },
          { points: sparkPoints(s.askVenues, W, H, { min: 0, max: 16 }), color: p.bear },
        ],
        midline: false,
      };
    },
  },
  {
    name: 'Notional',
    testId: 'metric-notional',
    show: (s, p) => ({ value: s.latest ? formatPremium(s.latest.notional) : '—', detail: 'touch, both sides', tone: 'flat', lines: [{ points: sparkPoints(s.notional, W, H), color: p.accent }], midline: false }),
  },
];


export const TouchMetrics = memo(function TouchMetrics({ model }: { model: BookModel }) {
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    const section = root.current;
    if (!section) return;
    const palette = readPalette(section);
    const cells = [...section.querySelectorAll<HTMLElement>('.metric-cell')];
    const canvases = cells.map((cell) => cell.querySelector('canvas'));
    const values = cells.map((cell) => cell.querySelector('.v'));
    const details = cells.map((cell) => cell.querySelector('.metric-detail'));
    const boxes = canvases.map((c) => ({ width: c?.clientWidth ?? 0, height: c?.clientHeight ?? 0 }));
    let drawn = -1;
    let sized = true;
    // What each canvas shows, so one whose lines did not change is left alone.
    const painted: (MetricShown['lines'] | null)[] = canvases.map(() => null);
    // The newest figures, written at the window's reading pace (reading-clock.ts): the sparklines
    // draw every snapshot.
    const figures: (MetricShown | null)[] = canvases.map(() => null);
    const writeFigures = (): void => {
      figures.forEach((shown, i) => {
        const value = values[i];
        if (!shown) return;
        setText(value, shown.value);
        if (value && value.className !== `v tone-${shown.tone}-text`) value.className = `v tone-${shown.tone}-text`;
        setText(details[i], shown.detail);
      });
    };
    const draw = (frameTime: number): void => {
      const held = model.timeline.get();
      if (held.revision === drawn && !sized) return;
      markDraw('metrics');
      const started = performance.now();
      drawn = held.revision;
      const resized = sized;
      sized = false;
      const series = touchSeries(held.buffer.columns);
      setData(section, 'points', String(series.spread.length));
      METRICS.forEach((metric, i) => {
        const cell = cells[i];
        const canvas = canvases[i];
        if (!cell || !canvas) return;
        const shown = metric.show(series, palette);
        figures[i] = shown;
        const before = painted[i];
        if (!resized && before && sameSpark(before, shown.lines)) return;
        paintSpark(surfaceOf(canvas), boxes[i] ?? { width: 0, height: 0 }, shown.lines, W, H, shown.midline ? palette.lineStrong : null);
        painted[i] = shown.lines;
      });
      model.reading.request(writeFigures);
      model.drawCosts.add(frameTime, 'metrics', performance.now() - started);
    };
    const scheduler = model.painters.add({ name: 'metrics', priority: PAINT_PRIORITY.metrics, paint: draw });
    const resize = new ResizeObserver(() => {
      canvases.forEach((c, i) => (boxes[i] = { width: c?.clientWidth ?? 0, height: c?.clientHeight ?? 0 }));
      sized = true;
      scheduler.request();
    });
    canvases.forEach((c) => c && resize.observe(c));
    const off = model.timeline.subscribe(scheduler.request);
    scheduler.request();
    return () => {
      off();
      resize.disconnect();
      scheduler.remove();
      model.reading.cancel(writeFigures);
    };
  }, [model]);

  return (
    <section className="touch-metrics" ref={root} aria-label="Top of book over time" data-testid="touch-metrics" data-points="0">
      <div className="panel-root touch-metric-cells">
        {METRICS.map((metric) => (
          <div key={metric.testId} className="metric-cell" data-testid={metric.testId}>
            <span className="k">{metric.name}</span>
            <span className="v tone-flat-text">—</span>
            <span className="muted metric-detail" />
            <canvas className="spark" aria-hidden="true" />
          </div>
        ))}
      </div>
    </section>
  );
});
