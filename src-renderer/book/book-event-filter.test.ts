import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_KINDS, EVENT_ROW_PX, renderedRows, shownEvents, shownLabel, toggleKind } from './book-event-filter.ts';
import { bookEvent, T0 } from './timeline.testkit.ts';

const events = [
  bookEvent({ kind: 'refill', side: 'ask', venue: 'CBOE', time: T0 }),
  bookEvent({ kind: 'touch', side: 'bid', time: T0 + 1000 }),
  bookEvent({ kind: 'pull', side: 'bid', venue: 'ISEX', time: T0 + 2000 }),
  bookEvent({ kind: 'touch', side: 'ask', time: T0 + 3000 }),
  bookEvent({ kind: 'stack', side: 'bid', time: T0 + 4000 }),
];

describe('shownEvents', () => {
  it('lists refills, pulls and stacks newest first by default, leaving touch moves out', () => {
    const shown = shownEvents(events, DEFAULT_EVENT_KINDS, 200);
    expect(shown.rows.map((e) => e.kind)).toEqual(['stack', 'pull', 'refill']);
    expect(shown).toMatchObject({ matching: 3, held: 5 });
    expect(shownLabel(shown)).toBe('3 shown of 5 held');
  });

  it('lists touch moves once switched on, and only the kinds on', () => {
    const touchOnly = toggleKind(toggleKind(toggleKind(toggleKind(DEFAULT_EVENT_KINDS, 'touch'), 'refill'), 'pull'), 'stack');
    expect([...touchOnly]).toEqual(['touch']);
    expect(shownEvents(events, touchOnly, 200).rows.map((e) => e.time)).toEqual([T0 + 3000, T0 + 1000]);
    expect(shownEvents(events, new Set(), 200)).toEqual({ rows: [], matching: 0, held: 5 });
  });

  it('caps the rows at the newest, still counting every match', () => {
    const all = toggleKind(DEFAULT_EVENT_KINDS, 'touch');
    const shown = shownEvents(events, all, 2);
    expect(shown.rows.map((e) => e.time)).toEqual([T0 + 4000, T0 + 3000]);
    expect(shown.matching).toBe(5);
    expect(shownLabel(shown)).toBe('2 shown of 5 held');
  });

  it('says nothing before any event is held', () => {
    expect(shownLabel(shownEvents([], DEFAULT_EVENT_KINDS, 200))).toBe('');
  });
});

describe('renderedRows', () => {
  it('renders what fills the box and a box more below where it is scrolled to', () => {
    expect(renderedRows(0, { scrollTop: 0, height: 10 * EVENT_ROW_PX })).toBe(20);
    expect(renderedRows(20, { scrollTop: 15 * EVENT_ROW_PX, height: 10 * EVENT_ROW_PX })).toBe(35);
  });

  it('never drops rows already rendered', () => {
    expect(renderedRows(40, { scrollTop: 0, height: 5 * EVENT_ROW_PX })).toBe(40);
  });
});
