// One side of the touch, venue by venue, on a canvas (montage-draw.ts): the venue's trader name
// (its exchange and Schwab's code on hover), size, share of the level as a bar, quote age, how long
// it has been on the touch, and a mark when it joined, grew, shrank or left in the last few seconds
// (fading with the market time shown). Sorted by size or by time at the touch
// (settings.book.montageSort). It draws outside React, after the heat map among the window's
// painters (model.painters: frame-budget.ts), at most once per animation frame and only when the
// montage, the canvas's width or the row under the pointer changed. A screen reader reads the
// same rows from a visually hidden table written at most once a second.
import { memo, useEffect, useRef } from 'react';
import type { BookSideName } from '../../shared/domain/book-events.ts';
import { formatPrice, formatSize } from '../../shared/format/format.ts';
import { venueTitle } from '../../shared/analytics/venue-names.ts';
import type { BookModel, MontageView } from './book-model.ts';
import { PAINT_PRIORITY } from './book-model.ts';
import { setData } from './book-test-attributes.ts';
import { setText } from './dom-text.ts';
import { markDraw } from './draw-costs.ts';
import { fitCanvas, readPalette } from './canvas-kit.ts';
import { surfaceOf } from './canvas-surface.ts';
import type { MontageFrame, PaintedMontage } from './montage-draw.ts';
import { hoverText, montageFrame, montageHit, montageRowTop, MONTAGE_HEIGHT, MONTAGE_ROW_H, paintMontage } from './montage-draw.ts';

/** The accessible table is written at most this often. */
const TABLE_MS = 1000;

/** Sets a table body's rows to `rows`, touching only the cells whose text differs. */
function writeRows(body: HTMLTableSectionElement, rows: readonly string[][]): void {
  while (body.rows.length > rows.length) body.deleteRow(-1);
  rows.forEach((cells, i) => {
    const tr = body.rows[i] ?? body.insertRow();
    cells.forEach((text, j) => {
      setText(tr.cells[j] ?? tr.insertCell(), text);
    });
  });
}

export const VenueMontage = memo(function VenueMontage({ model, side }: { model: BookModel; side: BookSideName }) {
  const section = useRef<HTMLElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const table = useRef<HTMLTableSectionElement>(null);
  const caption = useRef<HTMLTableCaptionElement>(null);

  useEffect(() => {
    const el = canvas.current;
    const box = section.current;
    const tipEl = tip.current;
    const surface = el ? surfaceOf(el) : null;
    const ctx = surface?.ctx;
    if (!el || !surface || !box || !tipEl || !ctx) return;
    const palette = readPalette(el);
    let width = el.clientWidth;
    let frame: MontageFrame = montageFrame(side, [], null, null, null);
    let pointer: { x: number; y: number } | null = null;
    let tableAt = -Infinity;
    let tableTimer: ReturnType<typeof setTimeout> | null = null;

    const hoverIndex = (): number | null => (pointer ? (montageHit(frame, width, pointer.x, pointer.y)?.index ?? null) : null);
    const showTip = (): void => {
      const hit = pointer ? montageHit(frame, width, pointer.x, pointer.y) : null;
      if (!hit) {
        if (!tipEl.hidden) tipEl.hidden = true;
        return;
      }
      const text = hoverText(hit);
      setText(tipEl, text);
      setData(tipEl, 'venue', hit.line.venue);
      const left = Math.max(0, Math.min((pointer?.x ?? 0) + 12, width - 240));
      tipEl.style.transform = `translate(${Math.round(left)}px, ${montageRowTop(hit.index) + MONTAGE_ROW_H + 2}px)`;
      if (tipEl.hidden) tipEl.hidden = false;
    };
    // Written in place (only the cells whose text changed) and when the page is idle: it is for
    // a screen reader, and rebuilding 100 cells in a frame cost that frame its budget.
    const writeTable = (): void => {
      tableTimer = null;
      tableAt = performance.now();
      const body = table.current;
      if (!body) return;
      const words = `${side === 'bid' ? 'Bid' : 'Ask'} ${frame.price === null ? '' : formatPrice(frame.price)}, ${formatSize(frame.total)} contracts over ${frame.count} venues`;
      setText(caption.current, words);
      writeRows(body, frame.lines.map((line) => [`${line.name} (${venueTitle(line.venue)})`, line.gone ? 'left' : line.sizeText, line.pct, line.age, line.since, line.mark ?? '']));
    };
    const scheduleTable = (): void => {
      if (tableTimer !== null) return;
      const wait = Math.max(0, TABLE_MS - (performance.now() - tableAt));
      tableTimer = setTimeout(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(writeTable, { timeout: TABLE_MS }) : writeTable()), wait);
    };
    let source: MontageView | null = null;
    let painted: PaintedMontage | null = null;
    let partials = 0;
    const draw = (frameTime: number): void => {
      const started = performance.now();
      const view = model.montage();
      if (view !== source) {
        // A new montage (a snapshot, a scrub, the sort): its rows, and the price of its touch.
        source = view;
        const now = model.montageTime();
        const columns = model.timeline.get().buffer.columns;
        const column = now === null ? undefined : columns.findLast((c) => c.time <= now);
        const top = side === 'bid' ? column?.bids[0] : column?.asks[0];
        frame = montageFrame(side, view[side], now, view.since, top?.price ?? null);
      }
      const hover = hoverIndex();
      if (painted && painted.frame === frame && painted.width === width && painted.hover === hover) return;
      markDraw('montage');
      const dpr = fitCanvas(surface, width, MONTAGE_HEIGHT);
      // A canvas sized again was cleared: painted whole.
      if (paintMontage(ctx, frame, width, dpr, palette, hover, painted) === 'partial') partials++;
      painted = { frame, width, dpr, hover };
      setData(box, 'size', String(frame.total));
      setData(box, 'count', String(frame.count));
      showTip();
      scheduleTable();
      model.drawCosts.add(frameTime, 'montage', performance.now() - started);
    };
    const scheduler = model.painters.add({ name: `montage-${side}`, priority: side === 'bid' ? PAINT_PRIORITY.montageBid : PAINT_PRIORITY.montageAsk, paint: draw });
    const request = scheduler.request;
    const move = (e: PointerEvent): void => {
      const rect = el.getBoundingClientRect();
      pointer = { x: e.clientX - rect.left, y: e.clientY - rect.top };
      showTip();
      if (hoverIndex() !== (painted?.hover ?? null)) request();
    };
    const leave = (): void => {
      pointer = null;
      showTip();
      request();
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerleave', leave);
    const resize = new ResizeObserver(() => {
      width = el.clientWidth;
      request();
    });
    resize.observe(el);
    model.hooks.expose(`montage-${side}`, () => ({ ...frame, width, rowTop: montageRowTop(0), rowHeight: MONTAGE_ROW_H }));
    // For the tests: what the canvas shows after its partial repaints against the same frame
    // painted whole on a canvas of its own, as the count of pixels that differ.
    model.hooks.expose(`montage-${side}-check`, () => {
      const scratch = document.createElement('canvas');
      scratch.width = surface.width;
      scratch.height = surface.height;
      const whole = scratch.getContext('2d');
      if (!painted || !whole) return null;
      paintMontage(whole, painted.frame, painted.width, painted.dpr, palette, painted.hover);
      const shown = ctx.getImageData(0, 0, surface.width, surface.height).data;
      const fresh = whole.getImageData(0, 0, surface.width, surface.height).data;
      let differing = 0;
      for (let i = 0; i < shown.length; i += 4) {
        if (shown[i] !== fresh[i] || shown[i + 1] !== fresh[i + 1] || shown[i + 2] !== fresh[i + 2] || shown[i + 3] !== fresh[i + 3]) differing++;
      }
      return { partials, pixels: shown.length / 4, differing };
    });
    const offs = [model.timeline, model.heatView, model.settings].map((cell) => cell.subscribe(scheduler.request));
    request();
    return () => {
      offs.forEach((off) => off());
      resize.disconnect();
      scheduler.remove();
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerleave', leave);
      if (tableTimer !== null) clearTimeout(tableTimer);
      model.hooks.expose(`montage-${side}`, () => null);
      model.hooks.expose(`montage-${side}-check`, () => null);
    };
  }, [model, side]);

  const name = side === 'bid' ? 'Bid' : 'Ask';
  return (
    <section className={`montage side-${side}`} ref={section} aria-label={`${name} venues`} data-testid={`montage-${side}`} data-size="0" data-count="0">
      <canvas ref={canvas} className="montage-canvas" style={{ height: MONTAGE_HEIGHT }} aria-hidden="true" data-testid={`montage-canvas-${side}`} />
      <div ref={tip} className="montage-tip" role="tooltip" hidden data-testid="montage-tip" />
      <div className="sr-only">
        <table>
          <caption ref={caption} />
          <thead>
            <tr>
              <th>Venue</th>
              <th>Size</th>
              <th>Share</th>
              <th>Quote age</th>
              <th>On touch</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody ref={table} />
        </table>
      </div>
    </section>
  );
});
