// The feed's rows on screen as a pool of elements, written by hand instead of rendered by React:
// at full load every row on screen is new every frame, and React built and reconciled them all
// again each time. Each row element is built once and then shown any flow (flow-row-dom.ts),
// writing only what changed; the list stays in the DOM in display order, newest first, which the
// tests and assistive tools read.
//
// Two ways to match elements to the rows of a frame, whichever costs less:
//  - by key, when some rows on screen were already there (a few new flows, a scroll of a few
//    rows): each flow keeps its element, untouched unless it grew; new rows get new elements
//    (moving a departed row's element to the top measured dearer than building one: a moved
//    element is styled and laid out again anyway);
//  - in place, when nearly every row is new (the stream outpacing the screen): the elements stay
//    where they are and each shows the row now at its position, so none is moved or built, nor
//    styled again beyond the cells whose badge changed.

import { FlowRowDom, type FlowItem } from './flow-row-dom.ts';
import { GapRowDom, StrategyRowDom, type GapItem, type StrategyItem } from './strategy-row-dom.ts';
import { TintLayer, type Tint, type TintClock } from './tint-layer.ts';

export type GridItem = FlowItem | StrategyItem | GapItem;
type Kind = GridItem['kind'];

interface Slot {
  key: string;
  kind: Kind;
  view: FlowRowDom | StrategyRowDom | GapRowDom;
}

/** Departed elements kept for new rows; beyond it they are dropped. */
const SPARE_LIMIT = 64;
/** In place when fewer than one row in this many is still on screen. */
const IN_PLACE_KEPT = 5;

export interface PoolStats {
  /** Matching of the last render: 'keyed' or 'in-place'. */
  mode: 'keyed' | 'in-place';
  /** Elements built by the last render. */
  built: number;
  /** Elements shown a different row by the last render. */
  repointed: number;
}

export class RowPool {
  private readonly container: HTMLElement;
  private readonly doc: Document;
  private slots: Slot[] = [];
  private readonly spare: Record<Kind, Slot[]> = { flow: [], strategy: [], gap: [] };
  private last: PoolStats = { mode: 'keyed', built: 0, repointed: 0 };
  private readonly tints: TintLayer;

  /** `rowHeight`: every row's, in pixels (the tints are bands of it); `clock` drives their fade. */
  constructor(container: HTMLElement, rowHeight: number, clock?: TintClock) {
    this.container = container;
    this.doc = container.ownerDocument;
    this.tints = new TintLayer(container, rowHeight, clock);
  }

  get stats(): PoolStats {
    return this.last;
  }

  /** Shows `items` in this order, with their arrival tints (tint-layer.ts). */
  render(items: readonly GridItem[]): void {
    const byKey = new Map<string, Slot>();
    for (const slot of this.slots) byKey.set(slot.key, slot);
    let kept = 0;
    for (const item of items) if (byKey.get(item.key)?.kind === item.kind) kept++;
    const inPlace = items.length > 0 && kept * IN_PLACE_KEPT < items.length;
    const stats: PoolStats = { mode: inPlace ? 'in-place' : 'keyed', built: 0, repointed: 0 };
    const next = inPlace ? this.matchInPlace(items, stats) : this.matchByKey(items, byKey, stats);
    // In place, no row is tinted as new: every row on screen is, and is gone long before its tint
    // would fade.
    const tints: Tint[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as GridItem;
      this.show(next[i] as Slot, item, !inPlace);
      if (!inPlace && item.kind !== 'gap' && item.flash !== null) tints.push({ index: i, flash: item.flash, since: item.since });
    }
    this.order(next);
    this.tints.show(tints);
    this.slots = next;
    this.last = stats;
  }

  private matchByKey(items: readonly GridItem[], byKey: Map<string, Slot>, stats: PoolStats): Slot[] {
    const taken = new Set<Slot>();
    const next: (Slot | null)[] = items.map((item) => {
      const slot = byKey.get(item.key);
      if (!slot || slot.kind !== item.kind || taken.has(slot)) return null;
      taken.add(slot);
      return slot;
    });
    for (const slot of this.slots) if (!taken.has(slot)) this.spare[slot.kind].push(slot);
    return next.map((slot, i) => slot ?? this.build(items[i] as GridItem, stats));
  }

  private matchInPlace(items: readonly GridItem[], stats: PoolStats): Slot[] {
    const queues: Record<Kind, Slot[]> = { flow: [], strategy: [], gap: [] };
    for (const slot of this.slots) queues[slot.kind].push(slot);
    const at: Record<Kind, number> = { flow: 0, strategy: 0, gap: 0 };
    const next = items.map((item) => {
      const slot = queues[item.kind][at[item.kind]++];
      if (!slot) return this.take(item, stats);
      if (slot.key !== item.key) stats.repointed++;
      slot.key = item.key;
      return slot;
    });
    for (const kind of ['flow', 'strategy', 'gap'] as const) for (const slot of queues[kind].slice(at[kind])) this.spare[kind].push(slot);
    return next;
  }

  /** A spare element of the item's kind (one that left the DOM), or a new one. */
  private take(item: GridItem, stats: PoolStats): Slot {
    const spare = this.spare[item.kind].pop();
    if (spare) {
      stats.repointed++;
      spare.key = item.key;
      return spare;
    }
    return this.build(item, stats);
  }

  private build(item: GridItem, stats: PoolStats): Slot {
    stats.built++;
    const view = item.kind === 'flow' ? new FlowRowDom(this.doc) : item.kind === 'strategy' ? new StrategyRowDom(this.doc) : new GapRowDom(this.doc);
    return { key: item.key, kind: item.kind, view };
  }

  private show(slot: Slot, item: GridItem, tint: boolean): void {
    if (item.kind === 'flow') (slot.view as FlowRowDom).show(item, tint);
    else if (item.kind === 'strategy') (slot.view as StrategyRowDom).show(item, tint);
    else (slot.view as GapRowDom).show(item);
  }

  /** Puts the elements in display order with as few moves as it can; the rest leave the DOM. */
  private order(next: readonly Slot[]): void {
    let cursor = this.container.firstChild;
    for (const slot of next) {
      const el = slot.view.el;
      if (el === cursor) cursor = cursor.nextSibling;
      else this.container.insertBefore(el, cursor);
    }
    while (cursor) {
      const after: ChildNode | null = cursor.nextSibling;
      cursor.remove();
      cursor = after;
    }
    for (const kind of ['flow', 'strategy', 'gap'] as const) {
      const spare = this.spare[kind];
      if (spare.length > SPARE_LIMIT) spare.length = SPARE_LIMIT;
    }
  }
}
