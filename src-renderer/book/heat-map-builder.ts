// The heat map's model kept from one snapshot to the next. heatMapModel (heat-map-model.ts) reads
// the whole window each time: at 20 books a second over minutes of history that is a thousand
// columns read again for one new one. The builder keeps what it built and, while the history only
// grows at its end and the window only moves forward, drops the columns that scrolled out and adds
// the new ones; the rows, their cells, the largest size and the NBBO stay as they were unless a
// venue or price comes or goes. Anything else (a scrub back, a pause that moves the right edge
// back, a new layout, a column replaced in the middle, a reset) builds it whole again. Its models
// are equal to heatMapModel's for the same history and window (heat-map-builder.test.ts), so a
// replay still compares with live.
import type { TimelineColumn } from '../../shared/domain/book-events.ts';
import type { HeatColumn, HeatLayout, HeatMapModel, HeatMapOptions, HeldHistory, NbboPoint, Placement } from './heat-map-model.ts';
import {
  cellsOf,
  columnPrices,
  columnsInWindow,
  heatMapModel,
  keptPrices,
  marksOf,
  nbboOfCached,
  pricePlacement,
  rowsKeyOf,
  touchVenueCodes,
  venuePlacement,
} from './heat-map-model.ts';

interface Built {
  layout: HeatLayout;
  from: number;
  to: number;
  shown: TimelineColumn[];
  /** How many shown columns hold each row's venue (`bid:CBOE`) or price (cents). */
  counts: Map<string | number, number>;
  placed: Placement;
  rowsKey: string;
  columns: HeatColumn[];
  /** The largest cell of each shown column. */
  maxes: number[];
  maxSize: number;
  nbbo: NbboPoint[];
}

/** The keys a column adds to the rows: its touch venues per side, or its prices. */
function rowKeysOf(layout: HeatLayout, column: TimelineColumn): readonly (string | number)[] {
  if (layout === 'levels') return columnPrices(column);
  return touchVenueCodes(column).keys;
}

function count(counts: Map<string | number, number>, keys: readonly (string | number)[], by: 1 | -1): void {
  for (const key of keys) {
    const n = (counts.get(key) ?? 0) + by;
    if (n > 0) counts.set(key, n);
    else counts.delete(key);
  }
}

/** The placement for the keys held: the venues of each side in code order, or the kept prices. */
function placementOf(layout: HeatLayout, counts: Map<string | number, number>, last: TimelineColumn | undefined): Placement {
  if (layout === 'levels') return pricePlacement(keptPrices([...counts.keys()] as number[], last));
  const bid: string[] = [];
  const ask: string[] = [];
  for (const key of counts.keys()) {
    const text = String(key);
    if (text.startsWith('bid:')) bid.push(text.slice(4));
    else ask.push(text.slice(4));
  }
  return venuePlacement(bid.sort(), ask.sort());
}

/** Where `shown` continues `held`: the index of held's column that starts it, or -1. */
function continuation(held: readonly TimelineColumn[], shown: readonly TimelineColumn[]): number {
  const first = shown[0];
  if (!first) return -1;
  const start = held.indexOf(first);
  if (start < 0 || shown.length < held.length - start) return -1;
  for (let i = start; i < held.length; i++) if (held[i] !== shown[i - start]) return -1;
  return start;
}

export class HeatMapBuilder {
  private built: Built | null = null;
  /** Models built whole, for the tests. */
  fullBuilds = 0;

  build(history: HeldHistory, options: HeatMapOptions): HeatMapModel {
    const { layout, from, to } = options;
    const shown = columnsInWindow(history.columns, from, to);
    const held = this.built;
    const start = held && held.layout === layout && from >= held.from && to >= held.to ? continuation(held.shown, shown) : -1;
    if (!held || start < 0) return this.whole(history, options, shown);
    const counts = held.counts;
    for (let i = 0; i < start; i++) count(counts, rowKeysOf(layout, held.shown[i] as TimelineColumn), -1);
    for (let i = held.shown.length - start; i < shown.length; i++) count(counts, rowKeysOf(layout, shown[i] as TimelineColumn), 1);
    const placed = placementOf(layout, counts, shown.at(-1));
    const rowsKey = rowsKeyOf(placed.rows);
    // A venue or price came or went: every column's cells move to the new rows.
    if (rowsKey !== held.rowsKey) return this.whole(history, options, shown);
    const kept = held.shown.length - start;
    const columns = held.columns.slice(start);
    const maxes = held.maxes.slice(start);
    const nbbo = held.nbbo.slice(start);
    let maxSize = held.maxSize;
    // A dropped column held the largest cell: the rest are read again for theirs.
    if (held.maxes.slice(0, start).some((max) => max >= maxSize)) maxSize = maxes.reduce((a, b) => Math.max(a, b), 0);
    for (let i = kept; i < shown.length; i++) {
      const column = shown[i] as TimelineColumn;
      const cells = cellsOf(column, held.placed, rowsKey);
      columns.push({ time: column.time, until: Math.min(shown[i + 1]?.time ?? to, to), cells: cells.cells });
      maxes.push(cells.max);
      nbbo.push(nbboOfCached(column));
      if (cells.max > maxSize) maxSize = cells.max;
    }
    // Only the edges move: the first column starts at `from` at the latest, the newest runs to
    // `to`, and the one that was newest now runs to the column after it.
    const edge = (i: number): void => {
      const column = columns[i];
      const source = shown[i];
      if (!column || !source) return;
      const time = Math.max(source.time, from);
      const until = Math.min(shown[i + 1]?.time ?? to, to);
      if (column.time !== time || column.until !== until) columns[i] = { time, until, cells: column.cells };
    };
    edge(0);
    edge(kept - 1);
    edge(columns.length - 1);
    this.built = { layout, from, to, shown, counts, placed: held.placed, rowsKey, columns, maxes, maxSize, nbbo };
    return this.modelOf(history, this.built);
  }

  private whole(history: HeldHistory, options: HeatMapOptions, shown: TimelineColumn[]): HeatMapModel {
    this.fullBuilds++;
    const { layout, from, to } = options;
    const model = heatMapModel(history, options);
    const counts = new Map<string | number, number>();
    for (const column of shown) count(counts, rowKeysOf(layout, column), 1);
    const placed = placementOf(layout, counts, shown.at(-1));
    const rowsKey = rowsKeyOf(placed.rows);
    const maxes = shown.map((column) => cellsOf(column, placed, rowsKey).max);
    this.built = { layout, from, to, shown, counts, placed, rowsKey, columns: model.columns, maxes, maxSize: model.maxSize, nbbo: model.nbbo };
    return model;
  }

  private modelOf(history: HeldHistory, b: Built): HeatMapModel {
    return {
      layout: b.layout,
      from: b.from,
      to: b.to,
      rows: b.placed.rows,
      bidRows: b.placed.bidRows,
      columns: [...b.columns],
      maxSize: b.maxSize,
      ...marksOf(history, b.shown, b.placed, b.from, b.to),
      nbbo: [...b.nbbo],
    };
  }
}
