// The flow list: virtualised (only the rows on screen exist in the DOM), newest first, with
// gap markers. Scrolled to the top it follows the stream; scrolled down it holds the rows the
// trader is reading still while new flows pile up above, and offers a jump back.
// The window holds a bounded stretch of the session (flow-store.ts): scrolled to its oldest row,
// older flows are paged in from the store (feed-pager.ts), so the scrollbar covers what is held
// and grows as pages arrive; an edge row below the list says whether more, the session's start
// or nothing (the store not recording) lies beyond.
import type { KeyboardEvent, MouseEvent } from 'react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { virtualWindow } from '../ui/virtual-window.ts';
import { displayIndexOfFlow, layoutFeed, rowAt } from './feed-rows.ts';
import { gridItems } from './grid-items.ts';
import { RowPool } from './row-pool.ts';
import { FEED_VIEWS } from './strategy-view.ts';
import { CatchingUp } from './CatchingUp.tsx';
import type { OlderState } from './feed-pager.ts';

export const ROW_HEIGHT = 24;
/** Rows from the held list's end at which the next page is asked for (about a screen). */
const PAGE_AHEAD_ROWS = 40;

interface Anchor {
  id: string;
  /** Pixels scrolled past the anchor row's top. */
  within: number;
}

export function FlowTable({ onOpenBook }: { onOpenBook: (symbol: string) => void }) {
  const model = useFeedModel();
  const store = model.store;
  // The store changes in place: its revision cell is what renders the list again (`at` changes
  // with every revision, and dates the arrival tints).
  const { at } = useCell(model.flowRevision);
  const gaps = useCell(model.gaps);
  const selected = useCell(model.selected);
  const view = useCell(model.view);
  // What lies beyond the oldest row held; a change also asks the pager again (the layout effect).
  const olderEdge = useCell(model.olderEdge);
  const viewport = useRef<HTMLDivElement>(null);
  const rowsBox = useRef<HTMLDivElement>(null);
  const pool = useRef<RowPool | null>(null);
  const anchor = useRef<Anchor | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  // Where the list is scrolled, as last set or seen: the pool's rows follow it in the same
  // commit, even the one that moved the scroll to hold the anchor row still.
  const scrolled = useRef(0);
  const [height, setHeight] = useState(600);

  // Recomputed every render (it costs one binary search per gap).
  const layout = layoutFeed(store.visibleCount, gaps, (t) => store.visibleCountSince(t));

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Keep the anchor row where it was when flows arrive above it.
  useLayoutEffect(() => {
    const el = viewport.current;
    const held = anchor.current;
    if (!el || !held) return;
    const flowIndex = store.visibleIndexOf(held.id);
    if (flowIndex < 0) return;
    const target = displayIndexOfFlow(layout, flowIndex) * ROW_HEIGHT + held.within;
    if (Math.abs(el.scrollTop - target) < 1) return;
    el.scrollTop = target;
    // The window of rows follows now, before paint: waiting for the scroll event rendered a frame
    // from the old offset, and the held rows jumped (and left the DOM) under a reader's pointer.
    scrolled.current = el.scrollTop;
    setScrollTop(scrolled.current);
  }, [layout, store]);

  const onScroll = useCallback(() => {
    const el = viewport.current;
    if (!el) return;
    const top = el.scrollTop;
    scrolled.current = top;
    setScrollTop(top);
    if (top < ROW_HEIGHT / 2) {
      anchor.current = null;
      store.setFocus(null);
      return;
    }
    const index = Math.floor(top / ROW_HEIGHT);
    const ref = rowAt(layout, index);
    const entry = ref.kind === 'flow' ? store.visibleAt(ref.flowIndex) : undefined;
    anchor.current = entry ? { id: entry.row.id, within: top - index * ROW_HEIGHT } : null;
    store.setFocus(anchor.current?.id ?? null);
  }, [layout, store]);

  const jumpToTop = useCallback(() => {
    anchor.current = null;
    store.setFocus(null);
    viewport.current?.scrollTo({ top: 0 });
    // The newest flows were let go while reading far down: load them again.
    if (store.detached) void model.subscribeFlows().catch((error: unknown) => model.fail('loading the newest flows', error));
  }, [model, store]);

  // One listener for every row (the rows are pooled elements, not components): what was clicked
  // is read from the element's data attributes.
  const onClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      const target = event.target as Element;
      const link = target.closest('[data-testid=leg-strategy-link]');
      const strategyId = link?.getAttribute('data-strategy-id');
      if (strategyId) return model.openStrategy(strategyId);
      const leg = target.closest('[data-testid=strategy-leg]')?.getAttribute('data-flow-id');
      if (leg) return model.openLeg(leg);
      const id = target.closest('[role=row][data-flow-id]')?.getAttribute('data-flow-id');
      if (id) model.select(id);
    },
    [model],
  );
  const onDoubleClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      const symbol = (event.target as Element).closest('[data-testid=flow-row]')?.getAttribute('data-symbol');
      if (symbol) onOpenBook(symbol);
    },
    [onOpenBook],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Escape' && event.key !== 'b') return;
    event.preventDefault();
    if (event.key === 'Escape') return model.select(null);
    const current = selected === null ? -1 : store.visibleIndexOf(selected);
    if (event.key === 'b') {
      const row = current >= 0 ? store.visibleAt(current)?.row : undefined;
      if (row) onOpenBook(row.symbol);
      return;
    }
    const next = Math.max(0, Math.min(store.visibleCount - 1, current + (event.key === 'ArrowDown' ? 1 : -1)));
    const entry = store.visibleAt(next);
    if (!entry) return;
    model.select(entry.row.id);
    const el = viewport.current;
    const y = displayIndexOfFlow(layout, next) * ROW_HEIGHT;
    if (el && (y < el.scrollTop || y + ROW_HEIGHT > el.scrollTop + el.clientHeight)) el.scrollTop = y - el.clientHeight / 2;
  };

  // The pooled rows are written after React's commit, before paint (row-pool.ts), for the window
  // at the scroll offset of this very commit.
  useLayoutEffect(() => {
    const box = rowsBox.current;
    if (!box) return;
    const win = virtualWindow(scrolled.current, height, ROW_HEIGHT, layout.total);
    const shift = `translateY(${win.first * ROW_HEIGHT}px)`;
    if (box.style.transform !== shift) box.style.transform = shift;
    pool.current ??= new RowPool(box, ROW_HEIGHT);
    pool.current.render(gridItems(store, layout, win.first, win.last, { at, selected, view }));
    // How often the flows are taken in depends on how many rows a new one pushes off (take-pacer.ts).
    model.listScreen(Math.ceil(height / ROW_HEIGHT), anchor.current === null && !store.detached);
    void model.pager.near({ top: win.first <= PAGE_AHEAD_ROWS, bottom: win.last >= layout.total - PAGE_AHEAD_ROWS, reading: anchor.current !== null });
  });
  const newer = scrollTop >= ROW_HEIGHT / 2 ? Math.floor(scrollTop / ROW_HEIGHT) : 0;

  return (
    <div className="flow-table" role="table" aria-label="Options flow, newest first" aria-rowcount={store.visibleCount}>
      <div className="flow-head" role="row">
        <span className="c-time">Time ET</span>
        <span className="c-sym">Sym</span>
        <span className="c-exp">Exp</span>
        <span className="c-strike">Strike</span>
        <span className="c-dte">DTE</span>
        <span className="c-side" title="Side: AA above ask, A ask, M mid, B bid, BB below bid">Side</span>
        <span className="c-size num">Size</span>
        <span className="c-price num">Price</span>
        <span className="c-prem num">Premium</span>
        <span className="c-kind">Kind</span>
        <span className="c-sent">Bias</span>
        <span className="c-money" title="Percent out of (or in) the money">Money</span>
        <span className="c-who" title="Likely sender: institutional or retail, a heuristic with its confidence (FLOW-RULES §9)">Who</span>
        <span className="c-flags">
          Flags
          <span className="view-toggle" role="group" aria-label="Show strategies or their legs">
            {FEED_VIEWS.map((v) => (
              <button
                key={v}
                type="button"
                className={view === v ? 'chip chip-on' : 'chip'}
                aria-pressed={view === v}
                title={v === 'legs' ? 'Every leg on its own row' : 'A multi-leg strategy as one row'}
                onClick={() => model.setView(v)}
                data-testid={`feed-view-${v}`}
              >
                {v === 'legs' ? 'Legs' : 'Strats'}
              </button>
            ))}
          </span>
        </span>
        <span className="c-conf" title="Confidence: the weaker of the side and the kind">Cnf</span>
      </div>
      <div className="flow-viewport" ref={viewport} onScroll={onScroll} tabIndex={0} onKeyDown={onKeyDown} onClick={onClick} onDoubleClick={onDoubleClick} data-testid="flow-list">
        <div className="flow-canvas" style={{ height: layout.total * ROW_HEIGHT }}>
          {/* The rows on screen in plain flow, the block moved to the first one: flows arriving
              above move the block, not each row. Its children are the pool's, never React's. */}
          <div className="flow-rows" ref={rowsBox} />
        </div>
        {store.size > 0 ? <OlderEdge state={olderEdge} /> : null}
        {store.visibleCount === 0 ? <EmptyFeed held={store.size} /> : null}
      </div>
      <CatchingUp />
      {newer > 0 || store.detached ? (
        <button type="button" className="jump-top" onClick={jumpToTop} data-testid="jump-to-newest" data-detached={store.detached}>
          {store.detached ? '↑ Newest' : `↑ ${newer.toLocaleString('en-US')} newer`}
        </button>
      ) : null}
    </div>
  );
}

/** The row under the list: what lies beyond the oldest flow held. */
function OlderEdge({ state }: { state: OlderState }) {
  const text =
    state.kind === 'loading'
      ? 'Loading older flows…'
      : state.kind === 'start'
        ? 'Start of the session'
        : state.kind === 'unavailable'
          ? `Older flows unavailable: ${state.reason}`
          : 'Older flows load from the store as you scroll';
  return (
    <div className="feed-edge" style={{ height: ROW_HEIGHT }} data-testid="feed-older" data-state={state.kind}>
      {text}
    </div>
  );
}

function EmptyFeed({ held }: { held: number }) {
  return (
    <div className="empty-feed" data-testid="feed-empty">
      {held === 0 ? 'Waiting for flows…' : `No flows match the filters (${held.toLocaleString('en-US')} held).`}
    </div>
  );
}
