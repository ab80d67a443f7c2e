// What the feed's list shows for a window of display rows: each flow, strategy or gap row with
// its selection and arrival tint, for the row pool (row-pool.ts) to write.
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { rowAt, type FeedLayout } from './feed-rows.ts';
import type { FlowStore } from './flow-store.ts';
import type { GridItem } from './row-pool.ts';
import { isStrategyLead, type FeedView } from './strategy-view.ts';

/** How long a row is tinted after it arrived or grew (ms). */
export const FLASH_MS = 1_500;

export interface GridState {
  /** The frame's clock (the store's revision time). */
  at: number;
  selected: string | null;
  view: FeedView;
}

/** The rows from display index `first` up to (not including) `last`. */
export function gridItems(store: FlowStore, layout: FeedLayout, first: number, last: number, state: GridState): GridItem[] {
  const { at, selected, view } = state;
  const items: GridItem[] = [];
  for (let i = first; i < last; i++) {
    const ref = rowAt(layout, i);
    if (ref.kind === 'gap') {
      items.push({ kind: 'gap', key: `gap-${ref.gap.start}`, gap: ref.gap });
      continue;
    }
    const entry = store.visibleAt(ref.flowIndex);
    if (!entry) continue;
    const grew = at - entry.grewAt < FLASH_MS;
    const flash = grew ? 'grew' : at - entry.arrivedAt < FLASH_MS ? 'new' : null;
    const since = grew ? entry.grewAt : entry.arrivedAt;
    const row = entry.row;
    const isSelected = row.id === selected;
    if (view === 'strategies' && row.strategy && isStrategyLead(row)) {
      items.push({ kind: 'strategy', key: `s-${row.id}`, row: row as FlowRow & { strategy: StrategyLink }, selected: isSelected, flash, since });
      continue;
    }
    items.push({ kind: 'flow', key: row.id, row, selected: isSelected, flash, since });
  }
  return items;
}
