// The book events of the held history, newest first: when, what (refill, pull, stack, touch),
// which side and venue, how many contracts at what price; the rule and its evidence on hover,
// and opened under the row on a click. Chips pick the kinds listed (touch moves start off:
// book-event-filter.ts says why).
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { venueName, venueTitle } from '../../shared/analytics/venue-names.ts';
import type { BookEvent, BookEventKind } from '../../shared/domain/book-events.ts';
import { formatPrice, formatSize, formatTimeEt } from '../../shared/format/format.ts';
import type { BookModel, HeldTimeline } from './book-model.ts';
import {
  DEFAULT_EVENT_KINDS,
  EVENT_KINDS,
  FIRST_RENDERED_ROWS,
  renderedRows,
  shownEvents,
  shownLabel,
  toggleKind,
} from './book-event-filter.ts';
import { RowList, type RowListColumn } from './RowList.tsx';
import { useSelected } from './use-selected.ts';

/** Rows rendered at most: the held history (5 minutes) rarely has more. */
const LIST_CAP = 200;

const EVENT_COLUMNS: readonly RowListColumn[] = [
  { label: 'Time ET' },
  { label: 'Event' },
  { label: 'Side' },
  { label: 'Venue' },
  { label: 'Size', num: true },
  { label: 'Price', num: true },
];

const KIND_WORDS: Readonly<Record<BookEventKind, string>> = {
  refill: 'Refill',
  pull: 'Pull',
  stack: 'Stack',
  touch: 'Touch moved',
};

const CHIP_WORDS: Readonly<Record<BookEventKind, string>> = {
  refill: 'Refill',
  pull: 'Pull',
  stack: 'Stack',
  touch: 'Touch',
};

/**
 * What the list depends on in the history: its events. The buffer keeps them in one array, added
 * to in time order and pruned from the front, so its identity, length and ends tell a change; a
 * new snapshot without a new event leaves them as they were and the list does not render.
 */
interface EventsRead {
  events: readonly BookEvent[];
  length: number;
  first: string | undefined;
  last: string | undefined;
}

const readEvents = (held: HeldTimeline): EventsRead => {
  const events = held.buffer.events;
  return { events, length: events.length, first: events[0]?.id, last: events.at(-1)?.id };
};

const sameEvents = (a: EventsRead, b: EventsRead): boolean =>
  a.events === b.events && a.length === b.length && a.first === b.first && a.last === b.last;

export const BookEventsList = memo(function BookEventsList({ model }: { model: BookModel }) {
  const read = useSelected(model.listReading, model.timeline, readEvents, sameEvents);
  const [kinds, setKinds] = useState(DEFAULT_EVENT_KINDS);
  const [open, setOpen] = useState<string | null>(null);
  const shown = useMemo(() => shownEvents(read.events, kinds, LIST_CAP), [read, kinds]);
  // One function for every row, so a row renders again only when its own event or state changes.
  const toggle = useCallback(
    (id: string) => setOpen((current) => (current === id ? null : id)),
    [],
  );
  // Rows below the box are added as it is scrolled to them (book-event-filter.ts says why).
  const scroller = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState(FIRST_RENDERED_ROWS);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const grow = (height: number): void =>
      setRendered((current) => renderedRows(current, { scrollTop: el.scrollTop, height }));
    const resize = new ResizeObserver((entries) =>
      grow(entries[0]?.contentRect.height ?? el.clientHeight),
    );
    const scroll = (): void => grow(el.clientHeight);
    resize.observe(el);
    el.addEventListener('scroll', scroll, { passive: true });
    return () => {
      resize.disconnect();
      el.removeEventListener('scroll', scroll);
    };
  }, []);
  const rows = shown.rows.length > rendered ? shown.rows.slice(0, rendered) : shown.rows;
  return (
    <section
      className="book-events"
      aria-label="Book events"
      data-testid="book-events"
      data-count={shown.held}
      data-shown={shown.rows.length}
    >
      <div className="panel-root book-events-root">
        <header className="panel-head">
          <h2>Book events</h2>
          <span className="muted" title="In the last 5 minutes">
            {shownLabel(shown)}
          </span>
        </header>
        <div className="book-event-kinds" role="group" aria-label="Event kinds listed">
          {EVENT_KINDS.map((kind) => {
            const on = kinds.has(kind);
            return (
              <button
                key={kind}
                type="button"
                className={`chip${on ? ' chip-on' : ''}`}
                aria-pressed={on}
                onClick={() => setKinds((current) => toggleKind(current, kind))}
                data-testid="book-event-kind"
                data-kind={kind}
              >
                {CHIP_WORDS[kind]}
              </button>
            );
          })}
        </div>
        <div className="book-events-scroll" ref={scroller}>
          {rows.length === 0 ? (
            <p className="muted book-events-empty">
              {shown.held === 0
                ? 'No refills, pulls, stacks or touch moves yet.'
                : 'None of the kinds picked in the last 5 minutes.'}
            </p>
          ) : (
            <RowList label="Book events, newest first" cols="book-event-cols" columns={EVENT_COLUMNS}>
              {rows.map((event) => (
                <EventRow key={event.id} event={event} open={open === event.id} onToggle={toggle} />
              ))}
            </RowList>
          )}
        </div>
      </div>
    </section>
  );
});

const EventRow = memo(function EventRow({
  event,
  open,
  onToggle,
}: {
  event: BookEvent;
  open: boolean;
  onToggle: (id: string) => void;
}) {
  return (
    <>
      <div
        className={`row-list-cols row-list-row book-event-cols book-event kind-${event.kind}${open ? ' is-open' : ''}`}
        role="row"
        title={`${event.rule}: ${event.reason}`}
        onClick={() => onToggle(event.id)}
        aria-expanded={open}
        data-testid="book-event"
        data-event-id={event.id}
        data-kind={event.kind}
        data-side={event.side}
        data-venue={event.venue ?? ''}
        data-size={event.size}
        data-price={event.price}
      >
        <span role="cell" className="num-left">
          {formatTimeEt(event.time)}
        </span>
        <span role="cell">
          <span className={`event-kind kind-${event.kind}`}>{KIND_WORDS[event.kind]}</span>
        </span>
        <span role="cell" className={event.side === 'bid' ? 'tone-bull-text' : 'tone-bear-text'}>
          {event.side}
        </span>
        <span role="cell" title={event.venue === null ? 'the side as a whole' : venueTitle(event.venue)}>
          {event.venue === null ? '—' : venueName(event.venue)}
        </span>
        <span role="cell" className="num">
          {formatSize(event.size)}
        </span>
        <span role="cell" className="num">
          {formatPrice(event.price)}
        </span>
      </div>
      {open ? (
        <div className="book-event-reason" role="row">
          <span role="cell">
            <b>{event.rule}</b> {event.reason}
          </span>
        </div>
      ) : null}
    </>
  );
});
