// The book events of the held history, newest first: when, what (refill, pull, stack, touch),
// which side and venue, how many contracts at what price; the rule and its evidence on hover,
// and opened under the row on a click.
import { memo, useState } from 'react';
import { venueName, venueTitle } from '../../shared/analytics/venue-names.ts';
import type { BookEvent } from '../../shared/domain/book-events.ts';
import { formatPrice, formatSize, formatTimeEt } from '../../shared/format/format.ts';
import { useCell } from '../state/use-cell.ts';
import type { BookModel } from './book-model.ts';

/** Rows rendered at most: the held history (5 minutes) rarely has more. */
const LIST_CAP = 200;

const KIND_WORDS: Readonly<Record<BookEvent['kind'], string>> = {
  refill: 'Refill',
  pull: 'Pull',
  stack: 'Stack',
  touch: 'Touch moved',
};

export function BookEventsList({ model }: { model: BookModel }) {
  const held = useCell(model.timeline);
  const [open, setOpen] = useState<string | null>(null);
  const events = held.buffer.events;
  const rows: BookEvent[] = [];
  for (let i = events.length - 1; i >= 0 && rows.length < LIST_CAP; i--) {
    const event = events[i];
    if (event) rows.push(event);
  }
  return (
    <section className="book-events" aria-label="Book events" data-testid="book-events" data-count={events.length}>
      <header className="panel-head">
        <h2>Book events</h2>
        <span className="muted">{events.length > 0 ? `${events.length} in the last 5 min` : ''}</span>
      </header>
      {rows.length === 0 ? (
        <p className="muted book-events-empty">No refills, pulls, stacks or touch moves yet.</p>
      ) : (
        <div className="book-events-scroll">
          <table className="book-event-table">
            <thead>
              <tr>
                <th>Time ET</th>
                <th>Event</th>
                <th>Side</th>
                <th>Venue</th>
                <th className="num">Size</th>
                <th className="num">Price</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((event) => (
                <EventRow key={event.id} event={event} open={open === event.id} onToggle={() => setOpen((id) => (id === event.id ? null : event.id))} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const EventRow = memo(function EventRow({ event, open, onToggle }: { event: BookEvent; open: boolean; onToggle: () => void }) {
  return (
    <>
      <tr
        className={`book-event kind-${event.kind}${open ? ' is-open' : ''}`}
        title={`${event.rule}: ${event.reason}`}
        onClick={onToggle}
        aria-expanded={open}
        data-testid="book-event"
        data-event-id={event.id}
        data-kind={event.kind}
        data-side={event.side}
        data-venue={event.venue ?? ''}
        data-size={event.size}
        data-price={event.price}
      >
        <td className="num-left">{formatTimeEt(event.time)}</td>
        <td>
          <span className={`event-kind kind-${event.kind}`}>{KIND_WORDS[event.kind]}</span>
        </td>
        <td className={event.side === 'bid' ? 'tone-bull-text' : 'tone-bear-text'}>{event.side}</td>
        <td title={event.venue === null ? 'the side as a whole' : venueTitle(event.venue)}>{event.venue === null ? '—' : venueName(event.venue)}</td>
        <td className="num">{formatSize(event.size)}</td>
        <td className="num">{formatPrice(event.price)}</td>
      </tr>
      {open ? (
        <tr className="book-event-reason">
          <td colSpan={6}>
            <b>{event.rule}</b> {event.reason}
          </td>
        </tr>
      ) : null}
    </>
  );
});
