// The feed list's rows: the shown flows, newest first, with a marker row wherever the stream
// had a gap (a reconnect, an outage), placed between the flows before and after it.
import type { Gap } from '../../shared/domain/session.ts';

export type FeedRowRef = { kind: 'flow'; flowIndex: number } | { kind: 'gap'; gap: Gap };

export interface FeedLayout {
  total: number;
  /** Display index of each gap row, ascending, with its gap. */
  gapRows: { at: number; gap: Gap }[];
}

/**
 * `countSince(t)` is how many shown flows started at or after t: they sit above the gap.
 * Gaps are shown newest first, like the flows.
 */
export function layoutFeed(flowCount: number, gaps: readonly Gap[], countSince: (time: number) => number): FeedLayout {
  const ordered = [...gaps].sort((a, b) => b.start - a.start);
  const gapRows = ordered.map((gap, k) => ({ at: countSince(gap.start) + k, gap }));
  return { total: flowCount + gapRows.length, gapRows };
}

export function rowAt(layout: FeedLayout, index: number): FeedRowRef {
  let gapsAbove = 0;
  for (const row of layout.gapRows) {
    if (row.at === index) return { kind: 'gap', gap: row.gap };
    if (row.at < index) gapsAbove++;
    else break;
  }
  return { kind: 'flow', flowIndex: index - gapsAbove };
}

/** Display index of the flow at `flowIndex` (newest first). */
export function displayIndexOfFlow(layout: FeedLayout, flowIndex: number): number {
  let index = flowIndex;
  for (const row of layout.gapRows) {
    if (row.at <= index) index++;
    else break;
  }
  return index;
}
