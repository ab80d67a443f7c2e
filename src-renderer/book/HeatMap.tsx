// Liquidity over time on canvases (heat-map-draw.ts): the touch's venues (or a deep book's price
// levels) down the side, market time across, each snapshot's displayed size as colour, the
// contract's prints and the book events on top, the NBBO strip underneath. It draws outside React,
// first of the window's painters but a deep book's ladders (model.painters: frame-budget.ts), at
// most once per animation frame and only when the history, the window or the size changed. Live it
// scrolls with each snapshot; paused it holds still while the history keeps filling; a drag or the
// slider scrubs over what is held.
import { memo, useEffect, useRef } from 'react';
import { venueName } from '../../shared/analytics/venue-names.ts';
import { formatPrice, formatTimeEt } from '../../shared/format/format.ts';
import { useCell } from '../state/use-cell.ts';
import { useDerived } from './use-selected.ts';
import type { BookModel } from './book-model.ts';
import { PAINT_PRIORITY } from './book-model.ts';
import { setData } from './book-test-attributes.ts';
import { markDraw } from './draw-costs.ts';
import { surfaceOf } from './canvas-surface.ts';
import { heatPlot, HeatMapPainter } from './heat-map-draw.ts';
import { EVENT_COLORS, PRINT_COLORS } from './heat-map-marks.ts';
import type { HeatMapModel } from './heat-map-model.ts';
import { HEAT_SPANS_MS, heatWindow, LIVE_VIEW, pauseAt, scrubBy, scrubRange } from './heat-map-view.ts';

/** The scrub slider's step, ms of market time. */
const SCRUB_STEP_MS = 1000;

/** Frame times kept for the p95 the tests and the bench read. */
const FRAME_SAMPLES = 240;

export const HeatMap = memo(function HeatMap({ model }: { model: BookModel }) {
  const wrap = useRef<HTMLDivElement>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const strip = useRef<HTMLDivElement>(null);
  const gutter = useRef<HTMLCanvasElement>(null);
  const under = useRef<HTMLCanvasElement>(null);
  const view = useCell(model.heatView);
  const cells = [model.timeline, model.heatView] as const;
  // The slider runs in ms back from the live edge: live it stays at 0 while the history grows, so
  // a snapshot does not move it (a range input's new value and bounds lay it out again). Its bounds
  // follow the history at the reading pace, in a frame of their own rather than the heat map's; a
  // change of the view (the trader scrubbing) renders this component at once (useCell above), and
  // the render reads the slider anew.
  const slider = useDerived([model.timeline], () => {
    const span = model.heldSpan();
    if (!span) return null;
    const v = model.heatView.get();
    const range = scrubRange(span, v.spanMs);
    const min = -Math.ceil((range.max - range.min) / SCRUB_STEP_MS) * SCRUB_STEP_MS;
    return `${min}|${Math.max(min, Math.round((heatWindow(v, span).to - range.max) / SCRUB_STEP_MS) * SCRUB_STEP_MS)}`;
  }, model.reading);
  const [min, value] = slider === null ? [0, 0] : slider.split('|').map(Number);
  const pausedAt = useDerived(cells, () => (model.heatView.get().paused ? heatWindow(model.heatView.get(), model.heldSpan()).to : null));

  useEffect(() => {
    const box = wrap.current;
    const surfaces = { viewport: viewport.current, strip: strip.current, gutter: gutter.current, under: under.current };
    if (!box || !surfaces.viewport || !surfaces.strip || !surfaces.gutter || !surfaces.under) return;
    const el = box;
    const tiles = surfaces.strip;
    let size = { width: box.clientWidth, height: box.clientHeight };
    let drawn = '';
    const times: number[] = [];
    const painter = new HeatMapPainter({
      viewport: surfaces.viewport,
      strip: surfaces.strip,
      gutter: surfaceOf(surfaces.gutter),
      under: surfaceOf(surfaces.under),
      createCanvas: () => surfaceOf(document.createElement('canvas')),
    });
    const label = (m: HeatMapModel) => (i: number) => {
      const row = m.rows[i];
      if (!row) return '';
      return row.venue !== null ? venueName(row.venue) : row.price !== null ? formatPrice(row.price) : '';
    };
    const draw = (frameTime: number): void => {
      const started = performance.now();
      const heat = model.heatMap();
      const dpr = window.devicePixelRatio || 1;
      const key = `${model.timeline.get().revision}|${heat.layout}|${heat.from}|${heat.to}|${size.width}x${size.height}@${dpr}`;
      if (key === drawn) return;
      drawn = key;
      markDraw('heatmap');
      painter.paint(size, dpr, heat, label(heat));
      const ms = performance.now() - started;
      model.drawCosts.add(frameTime, 'heatmap', ms);
      times.push(ms);
      if (times.length > FRAME_SAMPLES) times.shift();
      setData(el, 'columns', String(heat.columns.length));
      setData(el, 'prints', String(heat.prints.length));
      setData(el, 'events', String(heat.events.length));
      setData(el, 'rows', String(heat.rows.length));
      setData(el, 'layout', heat.layout);
      setData(el, 'from', String(heat.from));
      setData(el, 'to', String(heat.to));
      setData(el, 'drawMs', ms.toFixed(3));
      model.hooks.emit('heatmap-draw', { columns: heat.columns.length, prints: heat.prints.length, events: heat.events.length, ms });
    };
    const scheduled = model.painters.add({ name: 'heatmap', priority: PAINT_PRIORITY.heatmap, paint: draw });
    const request = scheduled.request;
    model.hooks.expose('heatmap-frames', () => {
      const sorted = [...times].sort((a, b) => a - b);
      return { count: sorted.length, p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? null, last: times.at(-1) ?? null, rebuilds: painter.rebuilds };
    });
    const resize = new ResizeObserver(() => {
      size = { width: box.clientWidth, height: box.clientHeight };
      request();
    });
    resize.observe(box);
    const offs = [model.timeline.subscribe(request), model.heatView.subscribe(request), model.settings.subscribe(request), model.book.subscribe(request)];
    request();
    return () => {
      offs.forEach((off) => off());
      resize.disconnect();
      scheduled.remove();
      // The painter's tiles go with it: a painter made again starts its own.
      tiles.replaceChildren();
    };
  }, [model]);

  // A drag scrubs: the market time under the pointer moves with it.
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    let lastX: number | null = null;
    const down = (e: PointerEvent): void => {
      lastX = e.clientX;
      el.setPointerCapture(e.pointerId);
    };
    const move = (e: PointerEvent): void => {
      if (lastX === null) return;
      const dx = e.clientX - lastX;
      if (dx === 0) return;
      lastX = e.clientX;
      const plot = heatPlot({ width: el.clientWidth, height: el.clientHeight }, 1);
      const current = model.heatView.get();
      model.heatView.set(scrubBy(current, model.heldSpan(), (-dx * current.spanMs) / plot.width));
    };
    const up = (): void => {
      lastX = null;
    };
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
  }, [model]);

  const setSpan = (spanMs: number): void => model.heatView.set({ ...model.heatView.get(), spanMs });
  return (
    <section className="heat-panel" aria-label="Liquidity over time">
      <header className="panel-head heat-head">
        <h2>Liquidity over time</h2>
        <span className={`heat-state ${view.paused ? 'is-paused' : 'is-live'}`} data-testid="heatmap-state" data-paused={view.paused}>
          {view.paused && pausedAt !== null ? `paused · ${formatTimeEt(pausedAt)} ET` : 'live'}
        </span>
        <span className="chips" role="group" aria-label="Time shown">
          {HEAT_SPANS_MS.map((ms) => (
            <button key={ms} type="button" className={`chip${view.spanMs === ms ? ' chip-on' : ''}`} aria-pressed={view.spanMs === ms} onClick={() => setSpan(ms)} data-testid="heatmap-span" data-value={ms}>
              {ms / 60_000}m
            </button>
          ))}
        </span>
        <button type="button" className="chip" disabled={view.paused} onClick={() => model.heatView.set(pauseAt(model.heatView.get(), model.heldSpan()))} data-testid="heatmap-pause">
          Pause
        </button>
        <button type="button" className={`chip${view.paused ? ' chip-on' : ''}`} disabled={!view.paused} onClick={() => model.heatView.set({ ...LIVE_VIEW, spanMs: model.heatView.get().spanMs })} data-testid="heatmap-live">
          Live
        </button>
        <input
          className="heat-scrub"
          type="range"
          aria-label="Scrub the history"
          min={min}
          max={0}
          step={SCRUB_STEP_MS}
          value={value}
          disabled={slider === null || (min ?? 0) >= 0}
          onChange={(e) => {
            const span = model.heldSpan();
            const current = model.heatView.get();
            if (span) model.heatView.set({ ...current, paused: true, end: scrubRange(span, current.spanMs).max + Number(e.target.value) });
          }}
          data-testid="heatmap-scrub"
        />
        <HeatLegend />
        <HeldCount model={model} />
      </header>
      {/* The plot's tiles (heat-map-draw.ts) are the strip's children, added by the painter. */}
      <div className="heat-canvas-wrap" ref={wrap} role="img" data-testid="heatmap" data-columns="0" data-prints="0" aria-label="Heat map of displayed size over time">
        <canvas ref={gutter} className="heat-gutter" aria-hidden="true" />
        <div ref={viewport} className="heat-viewport">
          <div ref={strip} className="heat-strip" />
        </div>
        <canvas ref={under} className="heat-under" aria-hidden="true" />
      </div>
    </section>
  );
});

function HeldCount({ model }: { model: BookModel }) {
  const count = useDerived([model.timeline], () => model.timeline.get().buffer.columns.length, model.reading);
  return (
    <span className="muted heat-held" title="Snapshots held (the last 5 minutes)">
      {count} snapshots
    </span>
  );
}

function HeatLegend() {
  return (
    <span className="heat-legend" aria-label="Legend">
      <span title="Prints bought (lifted the ask)">
        <i className="dot" style={{ background: PRINT_COLORS.BUY }} />
        buy
      </span>
      <span title="Prints sold (hit the bid)">
        <i className="dot" style={{ background: PRINT_COLORS.SELL }} />
        sell
      </span>
      {(['refill', 'pull', 'stack'] as const).map((kind) => (
        <span key={kind}>
          <i className="diamond" style={{ background: EVENT_COLORS[kind] }} />
          {kind}
        </span>
      ))}
    </span>
  );
}
