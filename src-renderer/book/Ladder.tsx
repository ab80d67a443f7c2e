// Both sides of the book on one canvas (ladder-draw.ts), under their column heads, with the foot
// line. A level opens to its venues on a click (largest first, each quote's age). A one-level book
// (what Schwab often sends) opens its touch by itself, that being all the depth there is; a click
// flips it either way, remembered by its side, not its price, so it holds when the price ticks.
// It draws outside React, at most once per animation frame, only the rows in view; the canvas
// stays put (sticky) while a spacer gives the scroll box the ladders' height. The keyboard and
// screen readers get a visually hidden list of the levels as buttons, written at most once a
// second; the level whose button has the focus is outlined on the canvas.
import { memo, useEffect, useRef } from 'react';
import { formatPrice, formatSize, formatTimeEt } from '../../shared/format/format.ts';
import { useCell } from '../state/use-cell.ts';
import { PAINT_PRIORITY, type BookModel } from './book-model.ts';
import { setData } from './book-test-attributes.ts';
import type { BookSide, BookView } from './book-view.ts';
import { formatAge } from './book-view.ts';
import { fitCanvas, readPalette } from './canvas-kit.ts';
import { surfaceOf } from './canvas-surface.ts';
import type { LadderLayout, LevelPlace } from './ladder-draw.ts';
import { ladderHit, ladderLayout, openLevels, paintLadders, toggleKey } from './ladder-draw.ts';
import { useDerived } from './use-selected.ts';

/** The accessible list is written at most this often. */
const LIST_MS = 1000;

export function LadderHead({ side }: { side: BookSide }) {
  const cells = ['Venues', 'Total', 'Size', side === 'bid' ? 'Bid' : 'Ask'];
  return (
    <div className={`ladder-head side-${side}`} role="row">
      {(side === 'bid' ? cells : [...cells].reverse()).map((label) => (
        <span key={label} className={label === 'Venues' ? 'l-venues' : 'num'} role="columnheader">
          {label}
        </span>
      ))}
    </div>
  );
}

/** The words of a level for the accessible list. */
function levelWords(place: LevelPlace): string {
  const r = place.row;
  return `${r.side === 'bid' ? 'Bid' : 'Ask'} ${formatPrice(r.price)}: ${formatSize(r.size)} contracts, ${formatSize(r.cumulative)} to here, ${r.venueCount} venue${r.venueCount === 1 ? '' : 's'}`;
}

export const Ladders = memo(function Ladders({ model }: { model: BookModel }) {
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const spacer = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const hasView = useDerived([model.book, model.settings], () => model.view() !== null);
  const ready = useCell(model.ready);

  useEffect(() => {
    const el = canvas.current;
    const box = scroller.current;
    const gap = spacer.current;
    const a11y = list.current;
    const surface = el ? surfaceOf(el) : null;
    const ctx = surface?.ctx;
    if (!el || !surface || !box || !gap || !a11y || !ctx) return;
    const palette = readPalette(el);
    const narrow = window.matchMedia('(max-width: 1200px)');
    const toggled = new Set<string>();
    let size = { width: box.clientWidth, height: box.clientHeight };
    let view: BookView | null = null;
    let layout: LadderLayout = { bid: [], ask: [], height: 0 };
    let hover: string | null = null;
    let focus: string | null = null;
    let listAt = -Infinity;
    let listTimer: ReturnType<typeof setTimeout> | null = null;

    const relayout = (): void => {
      view = model.view();
      layout = view ? ladderLayout(view.bids, view.asks, openLevels(view, toggled)) : { bid: [], ask: [], height: 0 };
      const rest = `${Math.max(0, Math.ceil(layout.height - size.height))}px`;
      if (gap.style.height !== rest) gap.style.height = rest;
      setData(box, 'levels', `${layout.bid.length}x${layout.ask.length}`);
    };
    const writeList = (): void => {
      listTimer = null;
      listAt = performance.now();
      const buttons: HTMLElement[] = [];
      for (const side of ['bid', 'ask'] as const) for (const [index, place] of layout[side].entries()) {
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.key = place.row.key;
        button.dataset.place = `${side}:${index}`;
        button.setAttribute('aria-expanded', String(place.open));
        button.textContent = levelWords(place);
        buttons.push(button);
        if (place.open) {
          const venues = document.createElement('p');
          venues.textContent = place.row.venues.map((v) => `${v.venue} ${formatSize(v.size)}, ${Math.round(v.share * 100)}%, quote ${formatAge(v.ageMs)} old`).join('; ');
          buttons.push(venues);
        }
      }
      // Rewritten only when the text changed, and never while a level of it has the focus.
      const text = buttons.map((b) => `${b.dataset.key ?? ''}${b.getAttribute('aria-expanded') ?? ''}${b.textContent ?? ''}`).join('|');
      if (a11y.dataset.text !== text && !a11y.contains(document.activeElement)) {
        a11y.dataset.text = text;
        a11y.replaceChildren(...buttons);
      }
    };
    const scheduleList = (): void => {
      if (listTimer !== null) return;
      const wait = Math.max(0, LIST_MS - (performance.now() - listAt));
      listTimer = setTimeout(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(writeList, { timeout: LIST_MS }) : writeList()), wait);
    };
    let source: BookView | null | undefined;
    let dirty = true;
    let painted = '';
    const draw = (): void => {
      const current = model.view();
      if (current !== source || dirty) {
        source = current;
        dirty = false;
        painted = '';
        relayout();
        scheduleList();
      }
      const key = `${box.scrollTop}|${size.width}x${size.height}|${hover}|${focus}`;
      if (key === painted) return;
      painted = key;
      const dpr = fitCanvas(surface, size.width, size.height);
      paintLadders(ctx, { layout, width: size.width, scroll: box.scrollTop, height: size.height, hover, focus, narrow: narrow.matches }, dpr, palette);
    };
    // First among the window's painters (frame-budget.ts): a scroll or a click on a level shows at once.
    const scheduler = model.painters.add({ name: 'ladders', priority: PAINT_PRIORITY.ladders, paint: draw });
    const request = scheduler.request;
    const flip = (key: string): void => {
      if (toggled.has(key)) toggled.delete(key);
      else toggled.add(key);
      dirty = true;
      request();
      model.hooks.emit('ladder-toggle', { key });
    };
    const pointAt = (e: MouseEvent) => {
      const rect = el.getBoundingClientRect();
      return ladderHit(layout, size.width, e.clientX - rect.left, e.clientY - rect.top + box.scrollTop);
    };
    const move = (e: MouseEvent): void => {
      const hit = pointAt(e);
      const key = hit?.onLine ? hit.place.row.key : null;
      el.style.cursor = key ? 'pointer' : '';
      el.title = hit?.onLine ? `${hit.place.row.venueCount} venue${hit.place.row.venueCount === 1 ? '' : 's'}: click for sizes and quote ages` : '';
      if (key !== hover) {
        hover = key;
        request();
      }
    };
    const leave = (): void => {
      hover = null;
      request();
    };
    const click = (e: MouseEvent): void => {
      const hit = pointAt(e);
      if (hit?.onLine && view) flip(toggleKey(view, hit.place));
    };
    // A button names its level by side and place: the list is up to a second old, prices move.
    const placeOf = (target: EventTarget | null): LevelPlace | undefined => {
      const [side, index] = ((target as HTMLElement | null)?.closest('button')?.dataset.place ?? '').split(':');
      return side === 'bid' || side === 'ask' ? layout[side][Number(index)] : undefined;
    };
    const listClick = (e: MouseEvent): void => {
      const place = placeOf(e.target);
      if (place && view) flip(toggleKey(view, place));
      // Said at once on the button pressed; the list itself is written again within the second.
      const button = (e.target as HTMLElement | null)?.closest('button');
      button?.setAttribute('aria-expanded', String(button.getAttribute('aria-expanded') !== 'true'));
    };
    const focusIn = (e: FocusEvent): void => {
      const place = placeOf(e.target);
      focus = place?.row.key ?? null;
      if (place && (place.y < box.scrollTop || place.y + 24 > box.scrollTop + size.height)) box.scrollTop = place.y;
      request();
    };
    const focusOut = (): void => {
      focus = null;
      request();
    };
    el.addEventListener('mousemove', move);
    el.addEventListener('mouseleave', leave);
    el.addEventListener('click', click);
    a11y.addEventListener('click', listClick);
    a11y.addEventListener('focusin', focusIn);
    a11y.addEventListener('focusout', focusOut);
    box.addEventListener('scroll', request, { passive: true });
    const resize = new ResizeObserver(() => {
      size = { width: box.clientWidth, height: box.clientHeight };
      dirty = true;
      request();
    });
    resize.observe(box);
    model.hooks.expose('ladder', () => ({
      width: size.width,
      height: size.height,
      scroll: box.scrollTop,
      ...Object.fromEntries(
        (['bid', 'ask'] as const).map((side) => [
          side,
          layout[side].map((p) => ({ key: p.row.key, price: p.row.price, size: p.row.size, cumulative: p.row.cumulative, venueCount: p.row.venueCount, open: p.open, y: p.y, venues: p.open ? p.row.venues.map((v) => ({ venue: v.venue, size: v.size, age: formatAge(v.ageMs) })) : [] })),
        ]),
      ),
    }));
    const offs = [model.book.subscribe(request), model.settings.subscribe(request), model.quote.subscribe(request)];
    request();
    return () => {
      offs.forEach((off) => off());
      resize.disconnect();
      scheduler.remove();
      if (listTimer !== null) clearTimeout(listTimer);
      el.removeEventListener('mousemove', move);
      el.removeEventListener('mouseleave', leave);
      el.removeEventListener('click', click);
      a11y.removeEventListener('click', listClick);
      a11y.removeEventListener('focusin', focusIn);
      a11y.removeEventListener('focusout', focusOut);
      box.removeEventListener('scroll', request);
      model.hooks.expose('ladder', () => null);
    };
  }, [model]);

  return (
    <section className="ladders" aria-label="Order book">
      <div className="ladder-heads">
        <LadderHead side="bid" />
        <LadderHead side="ask" />
      </div>
      <div className="ladders-scroll" ref={scroller} data-testid="ladders">
        <canvas ref={canvas} className="ladder-canvas" aria-hidden="true" data-testid="ladder-canvas" />
        <div ref={spacer} className="ladder-spacer" />
        {hasView ? null : <div className="ladder-empty muted" data-testid="book-waiting">{ready ? 'Waiting for the first book…' : 'Connecting…'}</div>}
        <div ref={list} className="sr-only ladder-list" aria-label="Levels: each opens to its venues" />
      </div>
      <LadderFoot model={model} />
    </section>
  );
});

function LadderFoot({ model }: { model: BookModel }) {
  const book = useCell(model.book);
  const view = model.view();
  const depth = view?.depth ?? null;
  const shown = view ? Math.max(view.bids.length, view.asks.length) : 0;
  return (
    <footer className="ladder-foot muted">
      <span>{depth ? `showing ${shown} level${shown === 1 ? '' : 's'} · book has ${depth.bid} bid / ${depth.ask} ask` : ''}</span>
      <span className="spacer" />
      <span>{depth && depth.bid <= 1 && depth.ask <= 1 ? 'one level per side: its venues are the depth' : 'click a level for its venues'}</span>
      <span title="Market time of this snapshot">{book ? `book at ${formatTimeEt(book.time, { millis: true })} ET` : ''}</span>
    </footer>
  );
}

