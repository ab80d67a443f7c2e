// One side of the touch, venue by venue: the venue's trader name (its code on hover), size, share
// of the level as a bar, quote age, how long it has been on the touch, and a mark when it joined,
// grew, shrank or left in the last few seconds (fading with the market time shown). A venue that
// left shows for those seconds with no size. Sorted by size or by time at the touch
// (settings.book.montageSort).
import { memo } from 'react';
import type { MontageRow } from '../../shared/analytics/venue-montage.ts';
import { venueTitle } from '../../shared/analytics/venue-names.ts';
import type { BookSideName } from '../../shared/domain/book-events.ts';
import { formatPrice, formatSize } from '../../shared/format/format.ts';
import { formatAge, markOpacity, STALE_QUOTE_MS } from './book-view.ts';

const MARK_WORDS: Readonly<Record<NonNullable<MontageRow['mark']>, string>> = { joined: 'new', grew: '▲', shrank: '▼', left: 'left' };

interface Props {
  side: BookSideName;
  rows: readonly MontageRow[];
  /** The market time shown, for the time at the touch. */
  now: number | null;
  /** The oldest snapshot the montage read, when it did not read the whole history. */
  since: number | null;
  price: number | null;
}

export function VenueMontage({ side, rows, now, since, price }: Props) {
  const present = rows.filter((r) => r.size > 0);
  const total = present.reduce((sum, r) => sum + r.size, 0);
  const top = Math.max(0.0001, ...present.map((r) => r.share));
  return (
    <section className={`montage side-${side}`} aria-label={`${side === 'bid' ? 'Bid' : 'Ask'} venues`} data-testid={`montage-${side}`} data-size={total} data-count={present.length}>
      <header className="montage-head">
        <span className={side === 'bid' ? 'tone-bull-text' : 'tone-bear-text'}>{side === 'bid' ? 'Bid' : 'Ask'}</span>
        <span className="montage-price">{price === null ? '—' : formatPrice(price)}</span>
        <span className="muted">
          × {formatSize(total)} · {present.length} venue{present.length === 1 ? '' : 's'}
        </span>
      </header>
      <div className="montage-row montage-cols muted" aria-hidden="true">
        <span>Venue</span>
        <span className="num">Size</span>
        <span>Share</span>
        <span className="num">Age</span>
        <span className="num">On touch</span>
        <span />
      </div>
      <div className="montage-rows">
        {rows.length === 0 ? (
          <p className="muted montage-empty">No venues at the touch.</p>
        ) : (
          // Keyed by place, not venue: the order changes with the sizes nearly every snapshot, and
          // a keyed row would be taken out of the DOM and put back (styled and laid out afresh)
          // each time it moved. In place, only its text changes. A mark is still keyed by venue
          // and change.
          rows.map((row, place) => <Row key={place} {...rowProps(row, top, now, since)} />)
        )}
      </div>
    </section>
  );
}

/** What a row shows, as plain values: a row renders again only when one of them changes. */
interface RowProps {
  venue: string;
  name: string;
  size: number;
  gone: boolean;
  /** Width of the share bar, percent of the largest share. */
  bar: number;
  pct: string;
  age: string;
  stale: boolean;
  since: string;
  mark: MontageRow['mark'];
  markKey: string;
  markOpacity: number;
}

function rowProps(row: MontageRow, top: number, now: number | null, since: number | null): RowProps {
  const gone = row.mark === 'left';
  const onTouch = now === null || gone ? null : Math.max(0, now - row.atTouchSince);
  // On the touch in every snapshot read: at least that long.
  const atLeast = since !== null && row.atTouchSince <= since;
  return {
    venue: row.venue,
    name: row.name,
    size: row.size,
    gone,
    bar: Math.round((row.share / top) * 1000) / 10,
    pct: gone ? '' : `${Math.round(row.share * 100)}%`,
    age: gone ? '' : formatAge(row.ageMs),
    stale: row.ageMs !== null && row.ageMs >= STALE_QUOTE_MS,
    since: onTouch === null ? '' : `${atLeast ? '≥' : ''}${formatAge(onTouch)}`,
    mark: row.mark,
    markKey: `${row.venue}:${row.mark ?? ''}:${row.markAt ?? ''}`,
    markOpacity: markOpacity(row.markAt, now),
  };
}

const Row = memo(function Row(p: RowProps) {
  return (
    <div className={`montage-row${p.gone ? ' is-gone' : ''}`} data-testid="montage-row" data-venue={p.venue} data-size={p.size} data-mark={p.mark ?? ''}>
      <span className="m-name" title={venueTitle(p.venue)}>
        {p.name}
      </span>
      <span className="m-size num">{p.gone ? '—' : formatSize(p.size)}</span>
      <span className="m-share">
        <span className="m-bar">
          <span style={{ width: `${p.bar}%` }} />
        </span>
        <span className="m-pct num">{p.pct}</span>
      </span>
      <span className={`m-age num${p.stale ? ' is-stale' : ''}`} title="Quote age at the time shown">
        {p.age}
      </span>
      <span className="m-since num" title="Time on the touch without a gap">
        {p.since}
      </span>
      <span className="m-mark">
        {p.mark ? (
          <span key={p.markKey} className={`mark mark-${p.mark}`} style={{ opacity: p.markOpacity }} title={`${p.mark} in the last few seconds`}>
            {MARK_WORDS[p.mark]}
          </span>
        ) : null}
      </span>
    </div>
  );
});
