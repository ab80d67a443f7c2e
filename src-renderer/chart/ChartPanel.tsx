// The chart's frame: which underlying it shows (the trader's pick, else the first on the
// watchlist, else the busiest in the window) and its bars, loaded when the pick changes.
import { useEffect, useMemo } from 'react';
import { formatPremium } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { NetPremiumChart } from './NetPremiumChart.tsx';

export function ChartPanel({ picked, onPick }: { picked: string | null; onPick: (u: string) => void }) {
  const model = useFeedModel();
  const watchlist = useCell(model.watchlist);
  const stats = useCell(model.stats);
  const ready = useCell(model.ready);
  const byUnderlying = stats?.byUnderlying;
  // Watchlist first, then the busiest in the window in alphabetical order, so the list does not
  // reshuffle under the pointer as the ranking moves.
  const choices = useMemo(() => {
    const listed = watchlist?.entries.map((e) => e.underlying) ?? [];
    const busiest = [...(byUnderlying ?? [])]
      .sort((a, b) => b.rolling.premium - a.rolling.premium)
      .slice(0, 12)
      .map((u) => u.underlying)
      .filter((u) => !listed.includes(u))
      .sort();
    return [...listed, ...busiest];
  }, [watchlist, byUnderlying]);

  const underlying = picked ?? choices[0] ?? null;
  const net = stats?.byUnderlying.find((u) => u.underlying === underlying)?.rolling.netPremium ?? null;

  useEffect(() => {
    if (underlying && ready) void model.loadBars(underlying);
  }, [model, underlying, ready]);

  return (
    <section className="panel chart-panel" aria-label="Cumulative net premium" data-testid="chart-panel">
      <header className="chart-head">
        <h2>Net premium</h2>
        <select
          className="select"
          aria-label="Underlying"
          value={underlying ?? ''}
          onChange={(e) => onPick(e.target.value)}
          data-testid="chart-underlying"
        >
          {underlying === null ? <option value="">—</option> : null}
          {underlying !== null && !choices.includes(underlying) ? <option value={underlying}>{underlying}</option> : null}
          {choices.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
        <span className="muted">cumulative, over minute bars</span>
        {net !== null ? (
          <span className={net >= 0 ? 'tone-bull-text' : 'tone-bear-text'}>
            5m {net >= 0 ? '+' : ''}
            {formatPremium(net)}
          </span>
        ) : null}
        <span className="legend">
          <i className="legend-net" /> net premium <i className="legend-price" /> price <i className="legend-gap" /> gap
        </span>
      </header>
      <NetPremiumChart model={model} underlying={underlying} />
    </section>
  );
}
