// Underlyings ranked by premium in the rolling window: where the money is moving now.
import { formatPremium, formatRatio, formatSize } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';

const SHOWN = 30;

export function LeadersPanel({ onPick }: { onPick: (underlying: string) => void }) {
  const model = useFeedModel();
  const stats = useCell(model.stats);
  const rows = [...(stats?.byUnderlying ?? [])].sort((a, b) => b.rolling.premium - a.rolling.premium).slice(0, SHOWN);
  if (rows.length === 0) return <p className="muted inspector-empty">No flows in the window yet.</p>;
  return (
    <table className="leaders" data-testid="leaders">
      <thead>
        <tr>
          <th>Sym</th>
          <th className="num">Flows</th>
          <th className="num">Premium</th>
          <th className="num">Net</th>
          <th className="num">P/C $</th>
          <th className="num">Whales</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ underlying, rolling }) => (
          <tr key={underlying} onClick={() => onPick(underlying)} title="Chart it">
            <td className="strong">{underlying}</td>
            <td className="num">{formatSize(rolling.count)}</td>
            <td className="num">{formatPremium(rolling.premium)}</td>
            <td className={`num ${rolling.netPremium > 0 ? 'tone-bull-text' : rolling.netPremium < 0 ? 'tone-bear-text' : ''}`}>{formatPremium(rolling.netPremium)}</td>
            <td className="num">{formatRatio(rolling.putCallPremium)}</td>
            <td className="num">{rolling.whales > 0 ? rolling.whales : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
