// A book window: one contract's Level 2 book. The touch, spread, imbalance and notional across
// the top. For the book Schwab usually sends (one level a side split over up to 16 venues): the
// venue montage of each side, the heat map of liquidity over time with the prints, and on the
// right the touch's figures over time, the book events and the recent flows. For a deeper book:
// bid and ask ladders meeting at the spread (each level opens to its venues), the level heat map
// under them, the depth chart and recent flows on the right. The layout follows the book received
// unless the trader picks one (settings.book.layout).
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatContract, formatTimeEt } from '../../shared/format/format.ts';
import { useCell } from '../state/use-cell.ts';
import type { BookModel } from './book-model.ts';
import { bindBookAttributes } from './book-test-attributes.ts';
import type { LadderRow } from './book-view.ts';
import { bookView, touchKey } from './book-view.ts';
import { BookAlerts, BookTopBar } from './BookTopBar.tsx';
import { BookFlows } from './BookFlows.tsx';
import { BookSummary } from './BookSummary.tsx';
import { DepthChart } from './DepthChart.tsx';
import { Ladder, LadderHead } from './Ladder.tsx';
import { BookEventsList } from './BookEventsList.tsx';
import { HeatMap } from './HeatMap.tsx';
import { TouchMetrics } from './TouchMetrics.tsx';
import { VenueMontage } from './VenueMontage.tsx';

export function BookWindow({ model }: { model: BookModel }) {
  const root = useRef<HTMLDivElement>(null);
  const book = useCell(model.book);
  const settings = useCell(model.settings);
  const quote = useCell(model.quote);
  const ready = useCell(model.ready);
  const [toggled, setToggled] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => (root.current ? bindBookAttributes(root.current, model) : undefined), [model]);

  const title = model.contract ? formatContract(model.contract) : model.symbol.replace(/\s+/g, ' ');
  useEffect(() => {
    document.title = `${title} · Book · Fathom`;
  }, [title]);

  const bookSettings = settings?.book ?? null;
  const layout = model.layout();
  const multiplier = quote?.multiplier ?? 100;
  const view = useMemo(
    () =>
      book && bookSettings
        ? bookView(book, { levels: bookSettings.levels, spreadAlertPercent: bookSettings.spreadAlertPercent, imbalanceLevels: bookSettings.imbalanceLevels, multiplier })
        : null,
    [book, bookSettings, multiplier],
  );

  // A one-level book (what Schwab often sends) opens its touch to the venues: that is all the
  // depth there is. Clicking a level flips it either way. A one-level touch is remembered by its
  // side, not its price: folded, it stays folded when the price ticks.
  const single = view !== null && view.depth.bid <= 1 && view.depth.ask <= 1;
  const open = useMemo(() => {
    if (!view) return toggled;
    const set = new Set<string>();
    for (const rows of [view.bids, view.asks]) {
      rows.forEach((row, index) => {
        const touch = single && index === 0;
        if (touch !== toggled.has(touch ? touchKey(row.side) : row.key)) set.add(row.key);
      });
    }
    return set;
  }, [view, toggled, single]);
  // Rows are memoised on onToggle's identity: it changes only when the book turns one-level or deep.
  const toggle = useCallback(
    (row: LadderRow, top: boolean) => {
      const stored = single && top ? touchKey(row.side) : row.key;
      setToggled((current) => {
        const next = new Set(current);
        if (next.has(stored)) next.delete(stored);
        else next.add(stored);
        return next;
      });
    },
    [single],
  );

  return (
    <div className="book-window" ref={root} data-testid="book-window" data-symbol={model.symbol}>
      <BookTopBar model={model} title={title} />
      <BookSummary
        view={view}
        threshold={bookSettings?.spreadAlertPercent ?? null}
        imbalanceLevels={bookSettings?.imbalanceLevels ?? 5}
        onThreshold={(spreadAlertPercent) => void model.updateBookSettings({ spreadAlertPercent })}
      />
      <BookAlerts model={model} />
      {layout === 'venues' ? (
        <VenuesBody model={model} />
      ) : (
        <div className="book-body book-body-ladder" data-layout="ladder">
          <section className="ladders" aria-label="Order book">
            <div className="ladder-heads">
              <LadderHead side="bid" />
              <LadderHead side="ask" />
            </div>
            <div className="ladders-scroll" data-testid="ladders">
              {view ? (
                <div className="ladder-pair">
                  <Ladder side="bid" rows={view.bids} open={open} onToggle={toggle} />
                  <Ladder side="ask" rows={view.asks} open={open} onToggle={toggle} />
                </div>
              ) : (
                <WaitingForBook ready={ready} />
              )}
            </div>
            <LadderFoot model={model} shown={view ? Math.max(view.bids.length, view.asks.length) : 0} depth={view?.depth ?? null} />
          </section>
          <aside className="book-aside">
            <section className="depth-panel" aria-label="Cumulative depth">
              <header className="panel-head">
                <h2>Cumulative depth</h2>
                {single ? <span className="legend muted" data-testid="depth-touch-only">the touch: one level a side</span> : null}
                <span className="legend">
                  <span className="tone-bull-text">bids</span> · <span className="tone-bear-text">asks</span>
                </span>
              </header>
              <DepthChart model={model} />
            </section>
            <BookFlows model={model} />
          </aside>
          <div className="book-heat-row">
            <HeatMap model={model} />
          </div>
        </div>
      )}
    </div>
  );
}

/**
 * The one-level layout: both sides' montages over the heat map; figures, events and flows beside.
 * Memoised like every panel that takes only the model: the window renders again with each book
 * (about 20 a second), and each panel follows only the cells it reads.
 */
const VenuesBody = memo(function VenuesBody({ model }: { model: BookModel }) {
  const held = useCell(model.timeline);
  const settings = useCell(model.settings);
  const view = useCell(model.heatView);
  // Read on every change of the history, the window or the sort (BookModel memoises it).
  const rows = model.montage();
  const now = model.montageTime();
  const column = now === null ? undefined : held.buffer.columns.findLast((c) => c.time <= now);
  const sort = settings?.book.montageSort ?? 'size';
  return (
    <div className="book-body book-body-venues" data-layout="venues">
      <section className="montages" aria-label="Venue montage">
        <header className="panel-head">
          <h2>Venues at the touch</h2>
          {view.paused && now !== null ? <span className="muted">at {formatTimeEt(now, { millis: true })} ET</span> : null}
          <span className="spacer" />
          <label className="inline-pick">
            Sort
            <select className="select" value={sort} disabled={!settings} onChange={(e) => void model.updateBookSettings({ montageSort: e.target.value === 'time' ? 'time' : 'size' })} data-testid="montage-sort">
              <option value="size">by size</option>
              <option value="time">by time at the touch</option>
            </select>
          </label>
        </header>
        <div className="montage-pair">
          <VenueMontage side="bid" rows={rows.bid} now={now} since={rows.since} price={column?.bids[0]?.price ?? null} />
          <VenueMontage side="ask" rows={rows.ask} now={now} since={rows.since} price={column?.asks[0]?.price ?? null} />
        </div>
      </section>
      <aside className="book-aside book-aside-venues">
        <TouchMetrics model={model} />
        <BookEventsList model={model} />
        <BookFlows model={model} />
      </aside>
      <div className="book-heat-row">
        <HeatMap model={model} />
      </div>
    </div>
  );
});

function WaitingForBook({ ready }: { ready: boolean }) {
  return <div className="ladder-empty muted" data-testid="book-waiting">{ready ? 'Waiting for the first book…' : 'Connecting…'}</div>;
}

function LadderFoot({ model, shown, depth }: { model: BookModel; shown: number; depth: { bid: number; ask: number } | null }) {
  const book = useCell(model.book);
  return (
    <footer className="ladder-foot muted">
      <span>{depth ? `showing ${shown} level${shown === 1 ? '' : 's'} · book has ${depth.bid} bid / ${depth.ask} ask` : ''}</span>
      <span className="spacer" />
      <span>{depth && depth.bid <= 1 && depth.ask <= 1 ? 'one level per side: its venues are the depth' : 'click a level for its venues'}</span>
      <span title="Market time of this snapshot">{book ? `book at ${formatTimeEt(book.time, { millis: true })} ET` : ''}</span>
    </footer>
  );
}
