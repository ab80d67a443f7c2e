// Each underlying's at-the-money IV beside its 20-day realized volatility, with its IV rank and
// percentile and the days of history each rests on (FLOW-RULES.md §11).
import { formatTimeEt } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { atmIvText, ivPercentileText, ivRankText, realizedText } from './iv-rank-text.ts';

export function IvPanel({ onPick }: { onPick: (underlying: string) => void }) {
  const model = useFeedModel();
  const summaries = [...useCell(model.ivSummaries).values()];
  if (summaries.length === 0) {
    return <p className="muted inspector-empty" data-testid="iv-empty">No IV samples yet: the ATM IV of each watchlist underlying is sampled once a minute from its monthly options.</p>;
  }
  const first = summaries[0];
  return (
    <div data-testid="iv-panel">
      <table className="leaders iv-table">
        <thead>
          <tr>
            <th>Sym</th>
            <th className="num">ATM IV</th>
            <th className="num" title="20-day realized volatility, close to close, from the daily price history">RV 20d</th>
            <th className="num">IV rank</th>
            <th className="num">IV pct</th>
          </tr>
        </thead>
        <tbody>
          {summaries.map((s) => (
            <tr
              key={s.underlying}
              onClick={() => onPick(s.underlying)}
              title={`${s.reason} (sampled ${formatTimeEt(s.sampledAt)})`}
              data-testid={`iv-row-${s.underlying}`}
              data-days={s.days}
            >
              <td className="strong">{s.underlying}</td>
              <td className="num" data-testid="iv-atm">{atmIvText(s)}</td>
              <td className="num" data-testid="iv-realized" title={s.realized ? `over ${s.realized.returns} daily returns to ${s.realized.asOf}` : undefined}>
                {realizedText(s)}
              </td>
              <td className="num iv-figure" data-testid="iv-rank">{ivRankText(s)}</td>
              <td className="num iv-figure" data-testid="iv-percentile">{ivPercentileText(s)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {first ? (
        <p className="muted">
          Over the last {first.windowDays} weekdays; none with fewer than {first.minDays} days of history.
        </p>
      ) : null}
    </div>
  );
}
