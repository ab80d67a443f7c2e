// Positioning of one underlying (shared/analytics/FLOW-RULES.md §12), for the session on screen or
// recorded days: premium by strike (calls up, puts down) with the spot and the strike clusters,
// net premium by strike, gamma exposure by strike, calls and puts by expiry, and the chain's
// volume profile. The session on screen is asked again every few seconds while the page is open.
import { useEffect, useMemo, useState } from 'react';
import { formatNumber, formatPremium, formatPrice } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { browserFrameScheduler, FrameBatcher } from '../state/frame-batcher.ts';
import { useCell } from '../state/use-cell.ts';
import { ChainProfile, ClusterList, Figures } from './PositioningPanels.tsx';
import { ExpiryChart } from './ExpiryChart.tsx';
import { PositioningModel } from './positioning-model.ts';
import { lastDays, type ScopeChoice } from './positioning-scope.ts';
import { expiryBars, gexBars, netBars, POSITIONING_COLORS, strikeBars, type Measure } from './positioning-series.ts';
import { StrikeChart, strikeLabel, type StrikeSeries } from './StrikeChart.tsx';
import { formatPercent } from '../../shared/format/numbers.ts';

const REFRESH_MS = 5_000;
type ScopePick = 'session' | 'today' | '5d' | '30d' | 'custom';

const absPremium = (v: number): string => formatPremium(Math.abs(v));

export function PositioningView({ onClose }: { onClose: () => void }) {
  const feed = useFeedModel();
  const [model] = useState(() => new PositioningModel({ bridge: feed.bridge, batcher: new FrameBatcher(browserFrameScheduler()), hooks: feed.hooks, feed: feed.store }));
  const answer = useCell(model.answer);
  const status = useCell(model.status);
  const error = useCell(model.error);
  const watchlist = useCell(feed.watchlist);
  const stats = useCell(feed.stats);
  const market = useCell(feed.market);
  const underlyings = useMemo(() => {
    const names = new Set<string>();
    for (const entry of watchlist?.entries ?? []) names.add(entry.underlying);
    for (const row of stats?.byUnderlying ?? []) names.add(row.underlying);
    return [...names];
  }, [watchlist, stats]);
  const [picked, setPicked] = useState<string | null>(null);
  const underlying = picked ?? underlyings[0] ?? null;
  const [scopePick, setScopePick] = useState<ScopePick>('session');
  const [custom, setCustom] = useState(() => lastDays(Date.now(), 5) as { kind: 'range'; from: string; to: string });
  const [measure, setMeasure] = useState<Measure>('premium');

  // Ranges end on the New York day the page was opened.
  const [now] = useState(() => Date.now());
  const choice: ScopeChoice = useMemo(() => {
    if (scopePick === 'session') return { kind: 'session' };
    if (scopePick === 'today') return lastDays(now, 1);
    if (scopePick === '5d') return lastDays(now, 5);
    if (scopePick === '30d') return lastDays(now, 30);
    return custom;
  }, [scopePick, custom, now]);

  useEffect(() => {
    if (underlying === null) return;
    void model.load(underlying, choice);
    if (choice.kind !== 'session') return;
    const timer = setInterval(() => void model.load(underlying, choice), REFRESH_MS);
    return () => clearInterval(timer);
  }, [model, underlying, choice]);

  const revision = answer ? `${answer.underlying}|${answer.scope.kind}|${measure}` : '';
  const spot = answer?.gex.spot ?? null;
  const premiumSeries = useMemo<StrikeSeries[]>(() => {
    if (!answer) return [];
    const bars = strikeBars(answer, measure);
    return [
      { id: 'calls', kind: 'histogram', color: POSITIONING_COLORS.callSoft, data: bars.calls },
      { id: 'puts', kind: 'histogram', color: POSITIONING_COLORS.putSoft, data: bars.puts },
    ];
  }, [answer, measure]);
  const clusterMarks = useMemo(() => (answer?.clusters ?? []).map((c) => ({ strike: c.peak, text: formatPercent(c.share, 0) })), [answer]);
  const netSeries = useMemo<StrikeSeries[]>(() => (answer ? [{ id: 'net', kind: 'histogram', color: POSITIONING_COLORS.call, data: netBars(answer) }] : []), [answer]);
  const gexSeries = useMemo<StrikeSeries[]>(() => {
    if (!answer) return [];
    const g = gexBars(answer);
    return [
      { id: 'calls', kind: 'histogram', color: POSITIONING_COLORS.callSoft, data: g.calls },
      { id: 'puts', kind: 'histogram', color: POSITIONING_COLORS.putSoft, data: g.puts },
      { id: 'net', kind: 'line', color: POSITIONING_COLORS.net, data: g.net },
    ];
  }, [answer]);
  const expiry = useMemo(() => (answer ? expiryBars(answer) : { calls: [], puts: [] }), [answer]);
  const volumeFormat = useMemo(() => (measure === 'premium' ? absPremium : (v: number) => formatNumber(Math.abs(v), 0)), [measure]);

  return (
    <section
      className="page positioning-page"
      aria-label="Positioning"
      data-testid="positioning-view"
      data-status={status}
      data-underlying={answer?.underlying ?? ''}
      data-flows={answer?.totals.flows ?? ''}
      data-at={answer?.at ?? ''}
    >
      <header className="page-head positioning-head">
        <h1>Positioning</h1>
        <select value={underlying ?? ''} onChange={(e) => setPicked(e.target.value)} aria-label="Underlying" data-testid="positioning-underlying">
          {underlyings.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
        <select value={scopePick} onChange={(e) => setScopePick(e.target.value as ScopePick)} aria-label="Which flows" data-testid="positioning-scope">
          <option value="session">{market?.source === 'replay' ? 'The replayed session' : 'This session'}</option>
          <option value="today">Today (recorded)</option>
          <option value="5d">Last 5 days</option>
          <option value="30d">Last 30 days</option>
          <option value="custom">Dates…</option>
        </select>
        {scopePick === 'custom' ? (
          <span className="positioning-dates">
            <input type="date" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} aria-label="From" data-testid="positioning-from" />
            <span className="muted">to</span>
            <input type="date" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} aria-label="To" data-testid="positioning-to" />
          </span>
        ) : null}
        <span className="seg" role="group" aria-label="Bars show">
          {(['premium', 'volume'] as const).map((m) => (
            <button key={m} type="button" className={measure === m ? 'chip chip-on' : 'chip'} aria-pressed={measure === m} onClick={() => setMeasure(m)} data-testid={`positioning-measure-${m}`}>
              {m === 'premium' ? 'Premium' : 'Contracts'}
            </button>
          ))}
        </span>
        <span className="spacer" />
        {status === 'loading' ? <span className="muted">loading…</span> : null}
        <button type="button" className="chip" onClick={() => underlying && void model.load(underlying, choice)} data-testid="positioning-refresh">
          Refresh
        </button>
        <button type="button" className="icon-button" aria-label="Close positioning" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="page-scroll positioning-body">
        {error ? (
          <p className="positioning-error" data-testid="positioning-error">
            {error}
          </p>
        ) : null}
        {underlying === null ? <p className="muted page-empty">Nothing followed yet: add an underlying to the watchlist.</p> : null}
        {answer ? <Figures answer={answer} /> : null}
        {answer && answer.totals.flows === 0 ? (
          <p className="muted page-empty" data-testid="positioning-empty">
            No flows of {answer.underlying} {answer.scope.kind === 'session' ? 'in this session yet' : 'recorded in these days'}.
          </p>
        ) : null}
        <div className="positioning-grid">
          <figure className="positioning-panel">
            <figcaption>
              {measure === 'premium' ? 'Premium' : 'Contracts'} by strike <span className="legend call">calls ▲</span> <span className="legend put">puts ▼</span>{' '}
              <span className="legend spot">spot {spot === null ? '—' : formatPrice(spot)}</span> <span className="legend cluster">▼ clusters</span>
            </figcaption>
            <StrikeChart testId="positioning-strike-chart" series={premiumSeries} spot={spot} marks={clusterMarks} format={volumeFormat} revision={revision} />
          </figure>
          <figure className="positioning-panel">
            <figcaption>
              Net premium by strike <span className="legend call">bullish</span> <span className="legend put">bearish</span>
            </figcaption>
            <StrikeChart testId="positioning-net-chart" series={netSeries} spot={spot} format={formatPremium} revision={revision} />
          </figure>
          <figure className="positioning-panel">
            <figcaption>
              Gamma exposure by strike, $ per 1% move <span className="legend call">calls +</span> <span className="legend put">puts −</span> <span className="legend net">net</span>
              {answer?.gex.missing ? <span className="muted" data-testid="positioning-gex-missing"> · {answer.gex.missing}</span> : null}
            </figcaption>
            <StrikeChart testId="positioning-gex-chart" series={gexSeries} spot={spot} format={formatPremium} revision={revision} />
          </figure>
          <figure className="positioning-panel">
            <figcaption>
              Premium by expiry <span className="legend call">calls ▲</span> <span className="legend put">puts ▼</span>
            </figcaption>
            <ExpiryChart bars={expiry} revision={revision} />
          </figure>
        </div>
        {answer ? (
          <div className="positioning-lower">
            <ClusterList answer={answer} label={strikeLabel} />
            <ChainProfile answer={answer} measure={measure} />
          </div>
        ) : null}
      </div>
    </section>
  );
}
