// One side of the book: price at the inner edge so both ladders meet at the spread, the size
// with a depth bar growing from the spread outwards, the running total, and the venue count.
// A level opens to its venues (largest first) with each quote's age.
import { memo } from 'react';
import { formatPrice, formatSize } from '../../shared/format/format.ts';
import type { BookSide, LadderRow } from './book-view.ts';
import { formatAge, sameLadderRow, STALE_QUOTE_MS } from './book-view.ts';

interface Props {
  side: BookSide;
  rows: readonly LadderRow[];
  /** Keys of the levels whose venues are shown. */
  open: ReadonlySet<string>;
  onToggle: (row: LadderRow, top: boolean) => void;
}

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

export function Ladder({ side, rows, open, onToggle }: Props) {
  if (rows.length === 0) return <div className="ladder-empty muted">No {side === 'bid' ? 'bids' : 'offers'}</div>;
  return (
    <div className={`ladder side-${side}`} role="rowgroup" data-testid={`ladder-${side}`}>
      {rows.map((row, index) => (
        <LevelView key={row.key} row={row} top={index === 0} open={open.has(row.key)} onToggle={onToggle} />
      ))}
    </div>
  );
}

interface LevelProps {
  row: LadderRow;
  top: boolean;
  open: boolean;
  onToggle: (row: LadderRow, top: boolean) => void;
}

// Every snapshot brings new row objects; most levels read the same, and 100 rows re-rendered 25
// times a second was the book window's main React cost.
const sameLevel = (a: LevelProps, b: LevelProps): boolean => a.top === b.top && a.open === b.open && a.onToggle === b.onToggle && sameLadderRow(a.row, b.row, b.open);

const LevelView = memo(function LevelView({ row, top, open, onToggle }: LevelProps) {
  const price = <span className="l-price num">{formatPrice(row.price)}</span>;
  const size = <span className="l-size num">{formatSize(row.size)}</span>;
  const total = <span className="l-total num">{formatSize(row.cumulative)}</span>;
  // Venue bars are scaled to the level's biggest venue; the percent says the share.
  const topShare = Math.max(...row.venues.map((v) => v.share), 0.0001);
  const venues = (
    <span className="l-venues">
      <span className="caret" aria-hidden="true">{open ? '▾' : '▸'}</span>
      {row.venueCount}
    </span>
  );
  return (
    <>
      <button
        type="button"
        className={`level-row side-${row.side}${top ? ' is-top' : ''}${open ? ' is-open' : ''}`}
        onClick={() => onToggle(row, top)}
        aria-expanded={open}
        title={`${row.venueCount} venue${row.venueCount === 1 ? '' : 's'}: click for sizes and quote ages`}
        data-testid="book-level"
        data-side={row.side}
        data-price={row.price}
        data-size={row.size}
      >
        <span className="depth-track" aria-hidden="true">
          <span className="depth-bar" style={{ width: `${Math.max(row.share * 100, 1.5)}%` }} />
        </span>
        {row.side === 'bid' ? (
          <>
            {venues}
            {total}
            {size}
            {price}
          </>
        ) : (
          <>
            {price}
            {size}
            {total}
            {venues}
          </>
        )}
      </button>
      {open ? (
        <div className={`venues side-${row.side}`} data-testid="book-venues">
          <div className="venue-row venue-head" aria-hidden="true">
            <span className="v-name">Venue</span>
            <span className="v-size num">Size</span>
            <span className="v-share">Share of the level</span>
            <span className="v-age num">Quote age</span>
          </div>
          {row.venues.map((v) => (
            <div key={v.venue} className="venue-row" data-testid="book-venue" data-venue={v.venue} data-size={v.size}>
              <span className="v-name">{v.venue}</span>
              <span className="v-size num">{formatSize(v.size)}</span>
              <span className="v-share">
                <span className="v-bar">
                  <span style={{ width: `${(v.share / topShare) * 100}%` }} />
                </span>
                <span className="v-pct num">{Math.round(v.share * 100)}%</span>
              </span>
              <span className={`v-age num${v.ageMs !== null && v.ageMs >= STALE_QUOTE_MS ? ' is-stale' : ''}`} title="Quote age when the book was sent">
                {formatAge(v.ageMs)}
              </span>
            </div>
          ))}
        </div>
      ) : null}
    </>
  );
}, sameLevel);
