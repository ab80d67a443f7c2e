// The opened flow's strategy (FLOW-RULES.md §8): its type, the rule that grouped the legs and
// why, net premium, net delta and the strategy's sentiment, and every leg as a link to its row.
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import { STRATEGY_LABELS } from '../../shared/domain/strategy.ts';
import { formatPremium, formatSize } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { legChipLabel, netDeltaLabel, netPremiumLabel, strategySentimentBadge } from './strategy-view.ts';

export function StrategyEvidence({ strategy, current }: { strategy: StrategyLink; current: string }) {
  const model = useFeedModel();
  const sentiment = strategySentimentBadge(strategy);
  const expiries = new Set(strategy.legs.map((l) => l.expiry));
  return (
    <section className="strategy-evidence" data-testid="evidence-strategy" data-strategy-id={strategy.id} data-strategy-type={strategy.type}>
      <h3>
        {STRATEGY_LABELS[strategy.type]} · {strategy.legs.length} legs
        <button type="button" className="chip" onClick={() => model.openStrategy(strategy.id)} data-testid="evidence-open-strategy">
          Strategy row
        </button>
      </h3>
      <p className="kind-rule">
        <span className="muted">Net premium, delta:</span> {netPremiumLabel(strategy.netPremium)} · {netDeltaLabel(strategy.netDelta)} ·{' '}
        <span className={`badge tone-${sentiment.tone}`} title={sentiment.title}>
          {sentiment.label}
        </span>
      </p>
      <ul className="strategy-legs">
        {strategy.legs.map((leg) => (
          <li key={leg.flowId}>
            <button type="button" className={leg.flowId === current ? 'link-button is-current' : 'link-button'} onClick={() => model.openLeg(leg.flowId)} data-testid="evidence-strategy-leg" data-flow-id={leg.flowId}>
              {legChipLabel(leg, expiries.size > 1)}
            </button>{' '}
            <span className="muted">
              {formatSize(leg.size)} · {formatPremium(leg.premium)}
            </span>
          </li>
        ))}
      </ul>
      <p className="muted" data-testid="evidence-strategy-reason">{strategy.reason}</p>
    </section>
  );
}
