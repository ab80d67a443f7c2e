// Live metrics over the rolling window (stats:update), with the session's figure beneath.
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { metricsView } from './stats-view.ts';

export function MetricsStrip() {
  const model = useFeedModel();
  const stats = useCell(model.stats);
  const now = metricsView(stats?.overall ?? null);
  const session = metricsView(stats?.session ?? null);
  const span = `${Math.round((stats?.windowMs ?? 300_000) / 60_000)}m`;
  return (
    <section className="metrics" aria-label={`Metrics over the last ${span}`} data-testid="metrics">
      <Metric label={`Flows · ${span}`} value={now.flows} sub={`session ${session.flows}`} testId="metric-flows" />
      <Metric label="Premium" value={now.premium} sub={`session ${session.premium}`} testId="metric-premium" />
      <div className="metric metric-wide" data-testid="metric-call-put">
        <span className="metric-label">Calls vs puts</span>
        <span className="metric-split">
          <span className="tone-bull-text">{now.callPremium}</span>
          <span className="split-bar" aria-hidden="true">
            <span style={{ width: `${Math.round(now.callShare * 100)}%` }} />
          </span>
          <span className="tone-bear-text">{now.putPremium}</span>
        </span>
        <span className="metric-sub">
          session {session.callPremium} / {session.putPremium}
        </span>
      </div>
      <Metric label="P/C volume" value={now.putCallVolume} sub={`session ${session.putCallVolume}`} testId="metric-pc-volume" />
      <Metric label="P/C premium" value={now.putCallPremium} sub={`session ${session.putCallPremium}`} testId="metric-pc-premium" />
      <Metric label="Net premium" value={now.netPremium} tone={now.netTone} sub={`session ${session.netPremium}`} testId="metric-net" />
      <Metric label="Whales" value={now.whales} tone={stats && stats.overall.whales > 0 ? 'whale' : undefined} sub={`session ${session.whales}`} testId="metric-whales" />
    </section>
  );
}

function Metric({ label, value, sub, tone, testId }: { label: string; value: string; sub: string; tone?: string; testId: string }) {
  return (
    <div className="metric" data-testid={testId}>
      <span className="metric-label">{label}</span>
      <span className={`metric-value ${tone ? `tone-${tone}-text` : ''}`}>{value}</span>
      <span className="metric-sub">{sub}</span>
    </div>
  );
}
