// One flow in the feed: fixed height, one line, badges in fixed columns so the eye can run
// down a column. Memoised on the row object, which the store replaces when a flow grows; its
// place comes from the list around it (FlowTable.tsx), so a row that only moves down as newer
// flows arrive above it is not rendered again. Few elements a row: a badge is its cell itself,
// the confidence bars are the cell's background; at full load every row on screen changes every
// frame, and each element is styled and laid out again.
import { memo } from 'react';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { formatPremium, formatPrice, formatSize, formatTimeEt } from '../../shared/format/format.ts';
import { formatStrikeMilli } from '../../shared/symbols/option-symbol.ts';
import type { Badge } from './badges.ts';
import { confidenceMark, dteBadge, flagBadges, kindBadge, moneynessLabel, senderBadge, sentimentBadge, sideBadge } from './badges.ts';
import { strategyBadge } from './strategy-view.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2024-11-29` -> `Nov 29`: the year is in the tooltip, the DTE column says how near. */
export function shortExpiry(expiry: string): string {
  const month = MONTHS[Number(expiry.slice(5, 7)) - 1];
  return month ? `${month} ${Number(expiry.slice(8, 10))}` : expiry;
}

export function strikeLabel(row: Pick<FlowRow, 'strike'>): string {
  return formatStrikeMilli(Math.round(row.strike * 1000));
}

function BadgeView({ badge }: { badge: Badge }) {
  return (
    <span className={`badge tone-${badge.tone}`} title={badge.title} data-badge={badge.key}>
      {badge.label}
    </span>
  );
}

/** A cell that is its badge: one element where a cell holding a badge would be two. */
function BadgeCell({ column, badge }: { column: string; badge: Badge }) {
  return (
    <span className={`${column} badge tone-${badge.tone}`} role="cell" title={badge.title} data-badge={badge.key}>
      {badge.label}
    </span>
  );
}

interface Props {
  row: FlowRow;
  selected: boolean;
  /** 'new' or 'grew' for the brief highlight, else null. */
  flash: 'new' | 'grew' | null;
  onSelect: (id: string) => void;
  onOpenBook: (symbol: string) => void;
  /** A leg's link to its strategy (FLOW-RULES.md §8). */
  onOpenStrategy?: (strategyId: string) => void;
}

/** A leg's strategy: its type, and a click opens the strategy's row. */
function StrategyLinkBadge({ strategy, onOpen }: { strategy: NonNullable<FlowRow['strategy']>; onOpen: ((id: string) => void) | undefined }) {
  const badge = strategyBadge(strategy);
  return (
    <button
      type="button"
      className={`badge badge-link tone-${badge.tone}`}
      title={`Leg of a ${badge.title}. Click: the strategy`}
      data-badge="strategy"
      data-testid="leg-strategy-link"
      onClick={(e) => {
        e.stopPropagation();
        onOpen?.(strategy.id);
      }}
    >
      {badge.label}
    </button>
  );
}

export const FlowRowView = memo(function FlowRowView({ row, selected, flash, onSelect, onOpenBook, onOpenStrategy }: Props) {
  const confidence = confidenceMark(row);
  const sender = senderBadge(row);
  const classes = ['flow-row', row.whale ? 'is-whale' : '', row.cancelled === true ? 'is-cancelled' : '', selected ? 'is-selected' : '', flash ? `flash-${flash}` : ''].filter(Boolean).join(' ');
  return (
    <div
      className={classes}
      role="row"
      aria-selected={selected}
      data-testid="flow-row"
      data-flow-id={row.id}
      data-version={row.version}
      data-time={row.time}
      data-kind={row.kind}
      data-whale={row.whale ? 'true' : 'false'}
      data-cancelled={row.cancelled === true ? 'true' : 'false'}
      data-symbol={row.symbol}
      data-strategy-id={row.strategy?.id}
      data-next-day={row.nextDay?.label ?? ''}
      onClick={() => onSelect(row.id)}
      onDoubleClick={() => onOpenBook(row.symbol)}
    >
      <span className="c-time" role="cell">{formatTimeEt(row.time)}</span>
      <span className="c-sym" role="cell">{row.underlying}</span>
      <span className="c-exp" role="cell" title={row.expiry}>{shortExpiry(row.expiry)}</span>
      <span className="c-strike" role="cell">
        {strikeLabel(row)}
        <span className={row.right === 'C' ? 'right-call' : 'right-put'}>{row.right}</span>
      </span>
      <BadgeCell column="c-dte" badge={dteBadge(row)} />
      <BadgeCell column="c-side" badge={sideBadge(row)} />
      <span className="c-size num" role="cell">{formatSize(row.size)}</span>
      <span className="c-price num" role="cell">{formatPrice(row.price)}</span>
      <span className="c-prem num" role="cell">{formatPremium(row.premium)}</span>
      <BadgeCell column="c-kind" badge={kindBadge(row)} />
      <BadgeCell column="c-sent" badge={sentimentBadge(row)} />
      <span className="c-money" role="cell">{moneynessLabel(row)}</span>
      {sender ? <BadgeCell column="c-who" badge={sender} /> : <span className="c-who" role="cell">—</span>}
      <span className="c-flags" role="cell">
        {row.strategy ? <StrategyLinkBadge strategy={row.strategy} onOpen={onOpenStrategy} /> : null}
        {flagBadges(row).map((badge) => (
          <BadgeView key={badge.key} badge={badge} />
        ))}
      </span>
      <span className={`c-conf conf-${confidence.level}`} role="cell" title={confidence.title} data-confidence={confidence.level} />
    </div>
  );
});
