// @vitest-environment happy-dom
// The pooled list (row-pool.ts) against a DOM: the rows on screen, in display order, after new
// flows, a scroll, a filter, a grown version, a selection; and which elements it kept or moved.
import { beforeEach, describe, expect, it } from 'vitest';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import type { Gap } from '../../shared/domain/session.ts';
import { DEFAULT_FEED_FILTER } from '../../shared/domain/app-settings.ts';
import { layoutFeed } from './feed-rows.ts';
import { FlowStore } from './flow-store.ts';
import { gridItems } from './grid-items.ts';
import { RowPool } from './row-pool.ts';

const T0 = 1_732_890_000_000;

function rows(count: number, from = 0): FlowRow[] {
  return Array.from({ length: count }, (_, i) => flowRow({ id: `f${from + i}`, time: T0 + (from + i) * 1000, lastTime: T0 + (from + i) * 1000, premium: 1000 * (from + i + 1) }));
}

let box: HTMLElement;
let pool: RowPool;
let store: FlowStore;
let clock = 0;

function show(first: number, count: number, options: { selected?: string | null; gaps?: Gap[] } = {}): void {
  const layout = layoutFeed(store.visibleCount, options.gaps ?? [], (t) => store.visibleCountSince(t));
  pool.render(gridItems(store, layout, first, Math.min(layout.total, first + count), { at: clock, selected: options.selected ?? null, view: 'legs' }));
}

const shownIds = (): string[] => [...box.children].map((el) => el.getAttribute('data-flow-id') ?? el.getAttribute('data-testid') ?? '?');
const rowOf = (id: string): HTMLElement => box.querySelector(`[data-flow-id="${id}"]`) as HTMLElement;
const idsNewestFirst = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `f${to - 1 - i}`);

beforeEach(() => {
  document.body.innerHTML = '<div id="rows"></div>';
  box = document.getElementById('rows') as HTMLElement;
  pool = new RowPool(box, 24, { now: () => clock, after: () => undefined });
  clock = 10_000;
  store = new FlowStore({ now: () => clock });
});

describe('RowPool', () => {
  it('shows the window of rows newest first, with their cells, badges and data attributes', () => {
    store.apply([...rows(30), flowRow({ id: 'whale', time: T0 + 99_000, premium: 2_500_000, whale: true, kind: 'BLOCK', right: 'P' })]);
    show(0, 10);
    expect(shownIds()).toEqual(['whale', ...idsNewestFirst(21, 30)]);
    const whale = rowOf('whale');
    expect(whale.getAttribute('data-testid')).toBe('flow-row');
    expect(whale.className).toContain('is-whale');
    expect(whale.querySelector('.c-prem')?.textContent).toBe('$2.5M');
    expect(whale.querySelector('[data-badge=kind]')?.textContent).toBe('BLOCK');
    expect(whale.querySelector('[data-badge=whale]')?.textContent).toBe('WHALE');
    expect(whale.querySelector('.c-strike')?.textContent).toBe('450P');
    expect(whale.querySelector('.c-strike .right-put')).not.toBeNull();
    expect(whale.querySelector('[data-confidence]')?.getAttribute('data-confidence')).toBe('3');
    expect(whale.getAttribute('data-time')).toBe(String(T0 + 99_000));
  });

  it('keeps each flow in its element when a few arrive, and puts the new ones on top', () => {
    store.apply(rows(40));
    show(0, 12);
    const before = new Map(idsNewestFirst(28, 40).map((id) => [id, rowOf(id)]));
    clock += 16;
    store.apply(rows(2, 40));
    show(0, 12);
    expect(shownIds()).toEqual(idsNewestFirst(30, 42));
    expect(pool.stats.mode).toBe('keyed');
    // The ten still on screen are the very elements that showed them.
    for (const id of idsNewestFirst(30, 40)) expect(rowOf(id)).toBe(before.get(id));
    // The two new ones are new elements, and say they just arrived.
    expect(pool.stats.built).toBe(2);
    expect(rowOf('f41').className).toContain('flash-new');
    expect(box.children).toHaveLength(12);
    // Every row on screen arrived within the fade: a band of the box's background each, in place.
    expect(box.style.backgroundImage.match(/rgba\(90, 160, 230/g)).toHaveLength(12);
    expect(box.style.backgroundImage).toContain('264px 288px');
  });

  it('points the same elements at the new rows in place when most of the screen is new', () => {
    store.apply(rows(40));
    show(0, 12);
    const elements = [...box.children];
    store.apply(rows(20, 40));
    show(0, 12);
    expect(pool.stats.mode).toBe('in-place');
    expect(pool.stats.built).toBe(0);
    expect([...box.children]).toEqual(elements);
    expect(shownIds()).toEqual(idsNewestFirst(48, 60));
    expect(rowOf('f59').querySelector('.c-prem')?.textContent).toBe('$60.0K');
    // Every row is new: none is tinted as such.
    expect(box.querySelectorAll('.flash-new')).toHaveLength(0);
    expect(box.style.backgroundImage).toBe('');
  });

  it('follows a scroll down and back up', () => {
    store.apply(rows(100));
    show(0, 10);
    show(3, 10);
    expect(shownIds()).toEqual(idsNewestFirst(87, 97));
    show(50, 10);
    expect(shownIds()).toEqual(idsNewestFirst(40, 50));
    show(0, 10);
    expect(shownIds()).toEqual(idsNewestFirst(90, 100));
    expect(box.querySelectorAll('[data-testid=flow-row]')).toHaveLength(10);
  });

  it('shows only what a filter lets through, and everything again after it', () => {
    const mixed = rows(30).map((row, i) => ({ ...row, kind: i % 3 === 0 ? ('SINGLE' as const) : ('SWEEP' as const) }));
    store.apply(mixed);
    show(0, 8);
    store.setFilter({ ...defaultFilter(), kinds: ['SWEEP', 'BLOCK', 'SPLIT'] });
    show(0, 8);
    expect(shownIds()).toEqual(['f29', 'f28', 'f26', 'f25', 'f23', 'f22', 'f20', 'f19']);
    expect([...box.children].map((el) => el.getAttribute('data-kind'))).not.toContain('SINGLE');
    store.setFilter(defaultFilter());
    show(0, 8);
    expect(shownIds()).toEqual(idsNewestFirst(22, 30));
  });

  it('writes a grown version into the same element', () => {
    const [first] = rows(1);
    if (!first) throw new Error('no row');
    store.apply([first]);
    show(0, 5);
    const element = rowOf('f0');
    clock += 5000;
    store.apply([{ ...first, version: 2, size: 500, premium: 62_500, whale: true }]);
    show(0, 5);
    expect(rowOf('f0')).toBe(element);
    expect(element.getAttribute('data-version')).toBe('2');
    expect(element.querySelector('.c-size')?.textContent).toBe('500');
    expect(element.querySelector('.c-prem')?.textContent).toBe('$62.5K');
    expect(element.querySelector('[data-badge=whale]')).not.toBeNull();
    expect(element.className).toContain('flash-grew');
  });

  it('marks the selected row and moves the mark', () => {
    store.apply(rows(10));
    show(0, 10, { selected: 'f5' });
    expect(rowOf('f5').getAttribute('aria-selected')).toBe('true');
    expect(rowOf('f5').className).toContain('is-selected');
    show(0, 10, { selected: 'f6' });
    expect(rowOf('f5').getAttribute('aria-selected')).toBe('false');
    expect(rowOf('f5').className).not.toContain('is-selected');
    expect(rowOf('f6').className).toContain('is-selected');
  });

  it('places a gap row between the flows before and after it', () => {
    store.apply(rows(10));
    const gap: Gap = { start: T0 + 4500, end: T0 + 6000, reason: 'reconnect' };
    show(0, 8, { gaps: [gap] });
    expect(shownIds()).toEqual(['f9', 'f8', 'f7', 'f6', 'f5', 'gap-row', 'f4', 'f3']);
    expect(box.querySelector('[data-testid=gap-row]')?.textContent).toContain('reconnect');
  });
});

function defaultFilter() {
  return { ...DEFAULT_FEED_FILTER };
}
