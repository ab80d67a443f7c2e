// The contract's recent flows from the engine, newest first: when, how big, where it printed
// against the quote, what kind, which way.
import { memo } from 'react';
import { formatPremium, formatPrice, formatSize, formatTimeEt } from '../../shared/format/format.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import type { Badge } from '../feed/badges.ts';
import { kindBadge, sentimentBadge, sideBadge } from '../feed/badges.ts';
import { useCell } from '../state/use-cell.ts';
import type { BookModel } from './book-model.ts';
import { RowList, type RowListColumn } from './RowList.tsx';

const FLOW_COLUMNS: readonly RowListColumn[] = [
  { label: 'Time ET' },
  { label: 'Side' },
  { label: 'Size', num: true },
  { label: 'Price', num: true },
  { label: 'Premium', num: true },
  { label: 'Kind' },
  { label: 'Bias' },
];

export const BookFlows = memo(function BookFlows({ model }: { model: BookModel }) {
  const flows = useCell(model.flows);
  const ready = useCell(model.ready);
  return (
    <section className="book-flows" aria-label="Recent flows" data-testid="book-flows" data-count={flows.length}>
      <div className="panel-root book-flows-root">
        <header className="panel-head">
          <h2>Recent flows</h2>
          <span className="muted">{flows.length > 0 ? `${flows.length} this session` : ''}</span>
        </header>
        {flows.length === 0 ? (
          <p className="muted book-flows-empty">{ready ? 'No flows in this contract yet.' : 'Loading…'}</p>
        ) : (
          <div className="book-flows-scroll">
            <RowList label="Recent flows, newest first" cols="book-flow-cols" columns={FLOW_COLUMNS}>
              {flows.map((row) => (
                <FlowLine key={row.id} row={row} />
              ))}
            </RowList>
          </div>
        )}
      </div>
    </section>
  );
});

function FlowLine({ row }: { row: FlowRow }) {
  return (
    <div className={`row-list-cols row-list-row book-flow-cols book-flow${row.whale ? ' is-whale' : ''}`} role="row" data-testid="book-flow" data-flow-id={row.id} data-version={row.version}>
      <span role="cell" className="num-left">
        {formatTimeEt(row.time)}
      </span>
      <span role="cell">
        <BadgeView badge={sideBadge(row)} />
      </span>
      <span role="cell" className="num">
        {formatSize(row.size)}
      </span>
      <span role="cell" className="num">
        {formatPrice(row.price)}
      </span>
      <span role="cell" className="num strong">
        {formatPremium(row.premium)}
      </span>
      <span role="cell">
        <BadgeView badge={kindBadge(row)} />
      </span>
      <span role="cell">
        <BadgeView badge={sentimentBadge(row)} />
      </span>
    </div>
  );
}

function BadgeView({ badge }: { badge: Badge }) {
  return (
    <span className={`badge tone-${badge.tone}`} title={badge.title}>
      {badge.label}
    </span>
  );
}
