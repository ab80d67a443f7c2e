// A list of rows of fixed height with ARIA table roles (the book events, the recent flows): each
// row is contained (book-ladders.css, `.row-list`), so a new row at the top lays out and paints
// itself and the rows below only move, as a table's rows could not.
import type { ReactNode } from 'react';

export interface RowListColumn {
  label: string;
  /** A number: its header sits right, over the figures. */
  num?: boolean;
}

/** The list with its sticky head; `cols` names the list's own columns (its grid). */
export function RowList({ label, cols, columns, children }: { label: string; cols: string; columns: readonly RowListColumn[]; children: ReactNode }) {
  return (
    <div className="row-list" role="table" aria-label={label}>
      <div className="row-list-head" role="rowgroup">
        <div className={`row-list-cols ${cols}`} role="row">
          {columns.map((column) => (
            <span key={column.label} role="columnheader" className={column.num ? 'num' : undefined}>
              {column.label}
            </span>
          ))}
        </div>
      </div>
      <div role="rowgroup">{children}</div>
    </div>
  );
}
