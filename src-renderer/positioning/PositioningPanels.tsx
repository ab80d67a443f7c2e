// The positioning page's figures, strike clusters (with the rule's words) and the chain's volume
// profile as a strike-by-expiry grid shaded by premium or contracts.
import { formatExpiryShort } from '../../shared/format/dates.ts';
import { formatNumber, formatPremium, formatPrice, formatPercent } from '../../shared/format/numbers.ts';
import type { PositioningAnswer } from '../../shared/ipc/positioning.ts';
import { formatDateTimeEt } from '../../shared/format/dates.ts';
import { heatGrid, type Measure } from './positioning-series.ts';

export function Figures({ answer }: { answer: PositioningAnswer }) {
  const { totals, gex } = answer;
  const where =
    answer.scope.kind === 'session'
      ? `session ${answer.sessionId ?? ''}${answer.source === 'replay' ? ' (replay)' : ''}`
      : `${answer.sessions} recorded session${answer.sessions === 1 ? '' : 's'}`;
  return (
    <div className="positioning-figures" data-testid="positioning-figures">
      <Figure label="Flows" value={formatNumber(totals.flows, 0)} title={totals.cancelled > 0 ? `${totals.cancelled} busted flows left out` : undefined} testId="positioning-total-flows" />
      <Figure label="Premium" value={formatPremium(totals.premium)} testId="positioning-total-premium" />
      <Figure label="Calls / puts" value={`${formatPremium(totals.callPremium)} / ${formatPremium(totals.putPremium)}`} />
      <Figure label="Net (bull − bear)" value={formatPremium(totals.netPremium)} tone={totals.netPremium >= 0 ? 'bull' : 'bear'} />
      <Figure label="Contracts" value={formatNumber(totals.volume, 0)} />
      <Figure label="Spot" value={gex.spot === null ? '—' : formatPrice(gex.spot)} />
      <Figure
        label="GEX per 1%"
        value={gex.missing ? '—' : formatPremium(gex.total)}
        tone={gex.total >= 0 ? 'bull' : 'bear'}
        title={`${gex.used} contracts with gamma and open interest; ${gex.noGamma} without gamma, ${gex.noOpenInterest} without open interest${answer.quotesAt ? `; quotes up to ${formatDateTimeEt(answer.quotesAt)} ET` : ''}`}
        testId="positioning-gex-total"
      />
      <span className="positioning-where muted">
        {where}
        {answer.note ? ` · ${answer.note}` : ''}
      </span>
    </div>
  );
}

function Figure({ label, value, tone, title, testId }: { label: string; value: string; tone?: 'bull' | 'bear'; title?: string | undefined; testId?: string }) {
  return (
    <span className="positioning-figure" title={title} data-testid={testId}>
      <span className="muted">{label}</span>
      <strong className={tone ? `pos-${tone}` : undefined}>{value}</strong>
    </span>
  );
}

export function ClusterList({ answer, label }: { answer: PositioningAnswer; label: (strike: number) => string }) {
  return (
    <section className="positioning-clusters" data-testid="positioning-clusters" data-count={answer.clusters.length}>
      <h2>Where flow clusters</h2>
      {answer.clusters.length === 0 ? <p className="muted">No strike stands out (FLOW-RULES §12).</p> : null}
      <ol>
        {answer.clusters.map((c) => (
          <li key={`${c.low}-${c.high}`} data-testid="positioning-cluster" data-peak={c.peak} data-share={c.share.toFixed(4)} title={c.reason}>
            <strong>{c.low === c.high ? label(c.low) : `${label(c.low)}–${label(c.high)}`}</strong>
            <span className="num">{formatPremium(c.premium)}</span>
            <span className="num muted">{formatPercent(c.share)}</span>
            <span className="muted">{c.flows} flows</span>
            <span className="cluster-reason">{c.reason}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ChainProfile({ answer, measure }: { answer: PositioningAnswer; measure: Measure }) {
  const grid = heatGrid(answer, measure);
  if (grid.strikes.length === 0) return null;
  return (
    <section className="positioning-profile" data-testid="positioning-profile" data-strikes={grid.strikes.length} data-expiries={grid.expiries.length}>
      <h2>Chain profile: {measure === 'premium' ? 'premium' : 'contracts'} by strike and expiry</h2>
      <table className="heat-table">
        <thead>
          <tr>
            <th>Strike</th>
            {grid.expiries.map((e) => (
              <th key={e} className="num">
                {formatExpiryShort(e)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...grid.strikes.keys()].reverse().map((i) => (
            <tr key={grid.strikes[i]}>
              <th className="num">{formatNumber(grid.strikes[i] as number, 2).replace(/\.00$/, '')}</th>
              {(grid.cells[i] ?? []).map((cell, j) => (
                <td
                  key={grid.expiries[j]}
                  className="num"
                  style={cell ? { background: `rgba(90,160,230,${(0.08 + 0.72 * cell.intensity).toFixed(3)})` } : undefined}
                  title={cell ? `${formatPremium(cell.premium)} · ${formatNumber(cell.volume, 0)} contracts · ${cell.flows} flows` : undefined}
                  data-testid={cell ? 'positioning-cell' : undefined}
                >
                  {cell ? (measure === 'premium' ? formatPremium(cell.premium) : formatNumber(cell.volume, 0)) : ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
