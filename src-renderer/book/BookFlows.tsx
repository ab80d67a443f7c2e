// The contract's recent flows from the engine, newest first: when, how big, where it printed
// against the quote, what kind, which way.
import { memo } from 'react';
import { formatPremium, formatPrice, formatSize, formatTimeEt } from '../../shared/format/format.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import type { Badge } from '../feed/badges.ts';
import { kindBadge, sentimentBadge, sideBadge } from '../feed/badges.ts';
import { useCell } from '../state/use-cell.ts';
import type { BookModel } from './book-model.ts';

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
            <table className="book-flow-table">
              <thead>
                <tr>
                  <th>Time ET</th>
                  <th>Side</th>
                  <th className="num">Size</th>
                  <th className="num">Price</th>
                  <th className="num">Premium</th>
                  <th>Kind</th>
                  <th>Bias</th>
                </tr>
              </thead>
              <tbody>
                {flows.map((row) => (
                  <FlowLine key={row.id} row={row} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
});

function FlowLine({ row }: { row: FlowRow }) {
  return (
    <tr className={row.whale ? 'is-whale' : undefined} data-testid="book-flow" data-flow-id={row.id} data-version={row.version}>
      <td className="num-left">{formatTimeEt(row.time)}</td>
      <td><BadgeView badge={sideBadge(row)} /></td>
      <td className="num">{formatSize(row.size)}</td>
      <td className="num">{formatPrice(row.price)}</td>
      <td className="num strong">{formatPremium(row.premium)}</td>
      <td><BadgeView badge={kindBadge(row)} /></td>
      <td><BadgeView badge={sentimentBadge(row)} /></td>
    </tr>
  );
}

function BadgeView({ badge }: { badge: Badge }) {
  return (
    <span className={`badge tone-${badge.tone}`} title={badge.title}>
      {badge.label}
    </span>
  );
}
