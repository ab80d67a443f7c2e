// Which book events the list shows: the kinds switched on, newest first, at most a cap. Touch
// moves start off: the heat map's NBBO strip already draws every one, and at about one a second
// they would bury the refills, pulls and stacks the list is for.
import type { BookEvent, BookEventKind } from '../../shared/domain/book-events.ts';

export const EVENT_KINDS: readonly BookEventKind[] = ['refill', 'pull', 'stack', 'touch'];
export const DEFAULT_EVENT_KINDS: ReadonlySet<BookEventKind> = new Set<BookEventKind>(['refill', 'pull', 'stack']);

export interface ShownEvents {
  /** Newest first, at most `cap`. */
  rows: BookEvent[];
  /** Events of the kinds on among those held (may be more than the rows listed). */
  matching: number;
  held: number;
}

/** `events` oldest first, as the history holds them. */
export function shownEvents(events: readonly BookEvent[], kinds: ReadonlySet<BookEventKind>, cap: number): ShownEvents {
  const rows: BookEvent[] = [];
  let matching = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (!event || !kinds.has(event.kind)) continue;
    matching++;
    if (rows.length < cap) rows.push(event);
  }
  return { rows, matching, held: events.length };
}

/** The set with `kind` switched the other way. */
export function toggleKind(kinds: ReadonlySet<BookEventKind>, kind: BookEventKind): ReadonlySet<BookEventKind> {
  const next = new Set(kinds);
  if (next.has(kind)) next.delete(kind);
  else next.add(kind);
  return next;
}

/** The header's count: how many are listed of how many held. */
export function shownLabel({ rows, held }: ShownEvents): string {
  return held === 0 ? '' : `${rows.length} shown of ${held} held`;
}

/** The events list's row height, its border included (book-events-heat.css, `.book-event`). */
export const EVENT_ROW_PX = 23;
/**
 * Rows rendered before the list has been measured, which it then grows to two boxes' worth
 * (renderedRows). Not a tall panel's worth as before (40): renderedRows never lets go of rows, so
 * the list kept 40 where a 1440x900 window shows 11, and every contained row is a paint chunk that
 * each text frame's layerize goes through (0.30 to 0.35 ms a frame with 20 rows against 0.39 to
 * 0.45 with 40, and the list's own frames 0.7 against 1.0, in ui.book_window's kept traces).
 */
export const FIRST_RENDERED_ROWS = 16;

/**
 * How many rows to keep in the DOM: what fills the box down to where it is scrolled, and a box
 * more below, never fewer than already rendered. The rest are added as the list is scrolled to
 * them: every row held costs React's render and a contained layer to combine in each frame.
 */
export function renderedRows(current: number, box: { scrollTop: number; height: number }): number {
  return Math.max(current, Math.ceil((box.scrollTop + 2 * box.height) / EVENT_ROW_PX));
}
