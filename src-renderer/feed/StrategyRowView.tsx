// One strategy in the strategies view (FLOW-RULES.md §8): in place of its legs, one row with its
// type, its legs (each a link to the leg's own row), net premium, the strategy's sentiment (which
// replaces the legs') and net delta. Same grid as a flow row; memoised on the lead leg's row.
import { memo } from 'react';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import { formatTimeEt } from '../../shared/format/format.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { legChipLabel, netDeltaLabel, netPremiumLabel, strategyBadge, strategySentimentBadge } from './strategy-view.ts';

interface Props {
  row: FlowRow & { strategy: StrategyLink };
  selected: boolean;
  flash: 'new' | 'grew' | null;
  onSelect: (id: string) => void;
  onOpenLeg: (flowId: string) => void;
}

export const StrategyRowView = memo(function StrategyRowView({ row, selected, flash, onSelect, onOpenLeg }: Props) {
  const s = row.strategy;
  const type = strategyBadge(s);
  const sentiment = strategySentimentBadge(s);
  const expiries = new Set(s.legs.map((l) => l.expiry));
  const classes = ['flow-row', 'strategy-row', selected ? 'is-selected' : '', flash ? `flash-${flash}` : ''].filter(Boolean).join(' ');
  return (
    <div
      className={classes}
      role="row"
      aria-selected={selected}
      data-testid="strategy-row"
      data-flow-id={row.id}
      data-version={row.version}
      data-strategy-id={s.id}
      data-strategy-type={s.type}
      data-legs={s.legs.length}
      data-symbols={s.legs.map((l) => l.symbol).join(',')}
      data-sentiment={s.sentiment}
      onClick={() => onSelect(row.id)}
    >
      <span className="c-time" role="cell">{formatTimeEt(row.time)}</span>
      <span className="c-sym" role="cell">{row.underlying}</span>
      <span className="c-legs" role="cell" title={s.reason}>
        {s.legs.map((leg) => (
          <button
            key={leg.flowId}
            type="button"
            className={`leg-chip ${leg.direction === 'BUY' ? 'tone-buy' : leg.direction === 'SELL' ? 'tone-sell' : ''}`}
            title={`${leg.direction.toLowerCase()} ${leg.size} ${leg.symbol.replace(/\s+/g, ' ')}: open the leg`}
            data-testid="strategy-leg"
            data-flow-id={leg.flowId}
            data-symbol={leg.symbol}
            onClick={(e) => {
              e.stopPropagation();
              onOpenLeg(leg.flowId);
            }}
          >
            {legChipLabel(leg, expiries.size > 1)}
          </button>
        ))}
      </span>
      <span className="c-prem num" role="cell" title="Net premium: + paid (a debit), − received (a credit)">{netPremiumLabel(s.netPremium)}</span>
      <span className="c-kind" role="cell">
        <span className={`badge tone-${type.tone}`} title={type.title} data-badge="strategy">{type.label}</span>
      </span>
      <span className="c-sent" role="cell">
        <span className={`badge tone-${sentiment.tone}`} title={sentiment.title} data-badge="sentiment">{sentiment.label}</span>
      </span>
      <span className="c-money" role="cell" title="Net delta of the legs, in shares">{netDeltaLabel(s.netDelta)}</span>
      {/* The likely sender (FLOW-RULES.md §9) is each leg's, on the legs' rows. */}
      <span className="c-who" role="cell" />
      <span className="c-flags" role="cell">{s.legs.length} legs · {s.rule === 'STRATEGY_TIME_RATIO' ? 'time + ratio' : s.rule}</span>
      <span className="c-conf" role="cell" />
    </div>
  );
});
