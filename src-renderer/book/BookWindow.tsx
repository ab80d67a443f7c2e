// A book window: one contract's Level 2 book. The touch, spread, imbalance and notional across
// the top. For the book Schwab usually sends (one level a side split over up to 16 venues): the
// venue montage of each side, the heat map of liquidity over time with the prints, and on the
// right the touch's figures over time, the book events and the recent flows. For a deeper book:
// bid and ask ladders meeting at the spread (each level opens to its venues), the level heat map
// under them, the depth chart and recent flows on the right. The layout follows the book received
// unless the trader picks one (settings.book.layout).
import { memo, useCallback, useEffect, useRef } from 'react';
import { formatContract, formatTimeEt } from '../../shared/format/format.ts';
import { useCell } from '../state/use-cell.ts';
import type { BookModel } from './book-model.ts';
import { bindBookAttributes } from './book-test-attributes.ts';
import { BookAlerts, BookTopBar } from './BookTopBar.tsx';
import { BookFlows } from './BookFlows.tsx';
import { BookSummary } from './BookSummary.tsx';
import { DepthChart } from './DepthChart.tsx';
import { Ladders } from './Ladder.tsx';
import { BookEventsList } from './BookEventsList.tsx';
import { HeatMap } from './HeatMap.tsx';
import { TouchMetrics } from './TouchMetrics.tsx';
import { VenueMontage } from './VenueMontage.tsx';
import { useDerived, useReadingCells } from './use-selected.ts';

export function BookWindow({ model }: { model: BookModel }) {
  const root = useRef<HTMLDivElement>(null);
  // The window renders again only when the layout changes: each panel follows its own cells, and
  // the montage, ladders, heat map and metrics draw outside React.
  const layout = useDerived([model.book, model.settings], () => model.layout());
  useEffect(() => (root.current ? bindBookAttributes(root.current, model) : undefined), [model]);

  const title = model.contract ? formatContract(model.contract) : model.symbol.replace(/\s+/g, ' ');
  useEffect(() => {
    document.title = `${title} · Book · Fathom`;
  }, [title]);

  return (
    <div className="book-window" ref={root} data-testid="book-window" data-symbol={model.symbol}>
      <BookTopBar model={model} title={title} />
      <Summary model={model} />
      <BookAlerts model={model} />
      {layout === 'venues' ? <VenuesBody model={model} /> : <LadderBody model={model} />}
    </div>
  );
}

/** The strip over the body: it follows the book, the settings and the quote (its multiplier). */
const Summary = memo(function Summary({ model }: { model: BookModel }) {
  useReadingCells(model.reading, [model.book, model.quote]);
  const settings = useCell(model.settings);
  const onThreshold = useCallback((spreadAlertPercent: number) => void model.updateBookSettings({ spreadAlertPercent }), [model]);
  return <BookSummary view={model.view()} threshold={settings?.book.spreadAlertPercent ?? null} imbalanceLevels={settings?.book.imbalanceLevels ?? 5} onThreshold={onThreshold} />;
});

/** A deeper book: the ladders, the cumulative depth and flows beside, the heat map by price under. */
const LadderBody = memo(function LadderBody({ model }: { model: BookModel }) {
  const single = useDerived([model.book], () => {
    const book = model.book.get();
    return book !== null && book.bids.length <= 1 && book.asks.length <= 1;
  });
  return (
    <div className="book-body book-body-ladder" data-layout="ladder">
      <Ladders model={model} />
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
  );
});

/**
 * The one-level layout: both sides' montages over the heat map; figures, events and flows beside.
 * Memoised like every panel that takes only the model: each panel follows only the cells it
 * reads, and the montages and the heat map draw on canvases outside React.
 */
const VenuesBody = memo(function VenuesBody({ model }: { model: BookModel }) {
  const settings = useCell(model.settings);
  const sort = settings?.book.montageSort ?? 'size';
  return (
    <div className="book-body book-body-venues" data-layout="venues">
      <section className="montages" aria-label="Venue montage">
        <header className="panel-head">
          <h2>Venues at the touch</h2>
          <MontageAt model={model} />
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
          <VenueMontage model={model} side="bid" />
          <VenueMontage model={model} side="ask" />
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

/** The market time of a paused montage; nothing live. Renders only when that time changes. */
function MontageAt({ model }: { model: BookModel }) {
  const at = useDerived([model.timeline, model.heatView], () => (model.heatView.get().paused ? model.montageTime() : null));
  return at !== null ? <span className="muted">at {formatTimeEt(at, { millis: true })} ET</span> : null;
}
