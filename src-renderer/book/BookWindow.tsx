// A book window: one contract's Level 2 book. The touch, spread, imbalance and notional across
// the top; bid and ask ladders side by side meeting at the spread (each level opens to its
// venues); the depth chart and the contract's recent flows on the right.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
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
      <div className="book-body">
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
      </div>
    </div>
  );
}

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
