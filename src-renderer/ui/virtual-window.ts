// Which rows of a fixed-row-height list are on screen, plus a few either side so a fast
// scroll does not flash empty space.

export interface VirtualWindow {
  first: number;
  /** One past the last row to render. */
  last: number;
  /** Pixel offset of `first`. */
  offset: number;
  totalHeight: number;
}

export function virtualWindow(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 8): VirtualWindow {
  const totalHeight = rowCount * rowHeight;
  if (rowCount === 0 || rowHeight <= 0) return { first: 0, last: 0, offset: 0, totalHeight };
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, totalHeight - viewportHeight)));
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(rowCount, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) + overscan);
  return { first, last, offset: first * rowHeight, totalHeight };
}
