// A flow opened: what it is, and why Fathom says so — the prints, the quote each was judged
// against, and the rules that decided side and kind.
import type { FlowEvidence } from '../../shared/domain/flow.ts';
import type { NextDayCheck } from '../../shared/domain/next-day.ts';
import { formatNumber, formatPercent, formatPremium, formatPrice, formatSize, formatTimeEt } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { dteBadge, flagBadges, kindBadge, moneynessLabel, sentimentBadge, sideBadge, SIDE_LABELS } from './badges.ts';
import { shortExpiry, strikeLabel } from './row-labels.ts';
import { useEvidence } from './use-evidence.ts';
import { StrategyEvidence } from './StrategyEvidence.tsx';
import { ivPercentileText, ivRankText } from './iv-rank-text.ts';

export function EvidencePanel({ onOpenBook }: { onOpenBook: (symbol: string) => void }) {
  const model = useFeedModel();
  const selected = useCell(model.selected);
  useCell(model.flowRevision);
  const row = selected === null ? null : (model.store.get(selected)?.row ?? null);
  const evidence = useEvidence(model.bridge, model.hooks, row?.id ?? null, row?.version ?? null);

  if (!row) {
    return (
      <div className="inspector-empty" data-testid="evidence-empty">
        <p>Click a flow to see its evidence: the prints, the quote each was judged against, and the rules that decided.</p>
        <p className="muted">↑ ↓ move · b opens the book · double-click too</p>
      </div>
    );
  }

  const badges = [kindBadge(row), sideBadge(row), sentimentBadge(row), dteBadge(row), ...flagBadges(row)];
  return (
    <div className="evidence" data-testid="evidence-panel" data-flow-id={row.id} data-status={evidence.status}>
      <header className="evidence-head">
        <h2>
          {row.underlying} {shortExpiry(row.expiry)} {strikeLabel(row)}
          <span className={row.right === 'C' ? 'right-call' : 'right-put'}>{row.right}</span>
        </h2>
        <button type="button" className="chip" onClick={() => onOpenBook(row.symbol)} data-testid="open-book">
          Book
        </button>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => model.select(null)}>
          ×
        </button>
      </header>
      <div className="badge-line">
        {badges.map((b) => (
          <span key={b.key} className={`badge tone-${b.tone}`} title={b.title}>
            {b.label}
          </span>
        ))}
      </div>
      <dl className="facts">
        <Fact label="Premium" value={formatPremium(row.premium)} strong />
        <Fact label="Size @ avg" value={`${formatSize(row.size)} @ ${formatPrice(row.price)}`} />
        <Fact label="Bid × ask before" value={row.bid === null || row.ask === null ? '—' : `${formatPrice(row.bid)} × ${formatPrice(row.ask)}`} />
        <Fact label="Underlying" value={row.underlyingPrice === null ? '—' : formatPrice(row.underlyingPrice)} />
        <Fact label="Moneyness" value={moneynessLabel(row)} />
        <Fact label="OI / day vol" value={`${opt(row.openInterest)} / ${opt(row.dayVolume)}`} />
        <Fact label="IV / delta" value={`${row.iv === null ? '—' : `${formatNumber(row.iv, 1)}%`} / ${row.delta === null ? '—' : formatNumber(row.delta, 2)}`} />
        <IvRankFact underlying={row.underlying} />
        <Fact label="Prints · version" value={`${row.prints} · v${row.version}`} />
        <Fact label="Side confidence" value={`${formatPercent(row.confidence, 0)} · ${row.sideRule.toLowerCase()} rule`} />
        <Fact label="Kind confidence" value={formatPercent(row.kindConfidence, 0)} />
        <Fact label="Likely sender" value={row.institutional === undefined ? '—' : `${formatPercent(row.institutional, 0)} institutional · ${formatPercent(1 - row.institutional, 0)} retail`} />
        <Fact label="First → last print" value={`${formatTimeEt(row.time, { millis: true })} → ${formatTimeEt(row.lastTime, { millis: true })}`} wide />
      </dl>
      {row.strategy ? <StrategyEvidence strategy={row.strategy} current={row.id} /> : null}
      {row.nextDay ? <NextDayFacts check={row.nextDay} /> : null}
      <EvidenceBody state={evidence} />
    </div>
  );
}

/** The underlying's IV rank and percentile now (FLOW-RULES.md §11), with the days they rest on. */
function IvRankFact({ underlying }: { underlying: string }) {
  const summary = useCell(useFeedModel().ivSummaries).get(underlying);
  return <Fact label={`${underlying} IV rank / pct`} value={`${ivRankText(summary)} / ${ivPercentileText(summary)}`} wide />;
}

function EvidenceBody({ state }: { state: ReturnType<typeof useEvidence> }) {
  if (state.status === 'loading' || state.status === 'idle') return <p className="muted">Loading evidence…</p>;
  if (state.status === 'failed') return <p className="notice-text">Evidence unavailable: {state.message}</p>;
  return <EvidenceDetail evidence={state.evidence} />;
}

function EvidenceDetail({ evidence }: { evidence: FlowEvidence }) {
  return (
    <>
      <h3>Why</h3>
      <p className="kind-rule" data-testid="evidence-kind-rule">
        <span className="muted">Kind:</span> {evidence.kindRule}
      </p>
      {evidence.senderRule ? (
        <p className="kind-rule" data-testid="evidence-sender-rule">
          <span className="muted">Sender:</span> {evidence.senderRule}
        </p>
      ) : null}
      <ol className="reasons" data-testid="evidence-reasons">
        {evidence.reasons.map((reason, i) => (
          <li key={i}>{reason}</li>
        ))}
      </ol>
      <h3>Prints ({evidence.prints.length})</h3>
      <table className="prints" data-testid="evidence-prints">
        <thead>
          <tr>
            <th>Time</th>
            <th className="num">Size</th>
            <th className="num">Price</th>
            <th>Side</th>
            <th className="num">Bid × ask before</th>
            <th className="num">Volume</th>
          </tr>
        </thead>
        <tbody>
          {evidence.prints.map((p, i) => (
            <tr key={i}>
              <td>
                {formatTimeEt(p.time, { millis: true })}
                <span className="sub-line">{p.receivedAt !== p.time ? `rcv ${formatTimeEt(p.receivedAt, { millis: true })}` : ''}</span>
              </td>
              <td className="num">
                {formatSize(p.size)}
                {p.lastSize !== null && p.size > p.lastSize ? <span className="conflated-mark" title={`conflated: last size ${p.lastSize}`}>*</span> : null}
              </td>
              <td className="num">{formatPrice(p.price)}</td>
              <td>{SIDE_LABELS[p.side]}</td>
              <td className="num" title={p.quote ? `quote at ${formatTimeEt(p.quote.time, { millis: true })}` : 'no quote before this print'}>
                {p.quote ? (
                  <>
                    {formatPrice(p.quote.bid)}×{formatPrice(p.quote.ask)}
                    <span className="sub-line">
                      {formatSize(p.quote.bidSize)}×{formatSize(p.quote.askSize)}
                    </span>
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className="num" title={`volume ${formatSize(p.volumeBefore)} → ${formatSize(p.volumeAfter)}`}>
                +{formatSize(p.volumeAfter - p.volumeBefore)}
                <span className="sub-line">{formatSize(p.volumeAfter)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** What the next trading day's open interest said about this flow (FLOW-RULES.md §10). */
function NextDayFacts({ check }: { check: NextDayCheck }) {
  const sign = check.change >= 0 ? '+' : '';
  return (
    <section data-testid="evidence-next-day" data-label={check.label}>
      <h3>Next day: {check.label === 'OPENING' ? 'opening confirmed' : check.label === 'CLOSING' ? 'closing' : 'mixed'}</h3>
      <dl className="facts">
        <Fact label="Open interest" value={`${formatSize(check.oiBefore)} → ${formatSize(check.oiAfter)} (${sign}${formatSize(check.change)})`} strong />
        <Fact label="This flow · day's flows" value={`${formatSize(check.flowSize)} · ${formatSize(check.dayTotal)}`} />
        <Fact label="Read" value={`${check.source === 'rest' ? 'REST quote' : 'first stream quote'} · ${formatTimeEt(check.at)}`} wide />
      </dl>
      <p className="kind-rule">{check.reason}</p>
    </section>
  );
}

function Fact({ label, value, strong, wide }: { label: string; value: string; strong?: boolean; wide?: boolean }) {
  return (
    <div className={wide ? 'fact fact-wide' : 'fact'}>
      <dt>{label}</dt>
      <dd className={strong ? 'strong' : undefined}>{value}</dd>
    </div>
  );
}

function opt(n: number | null): string {
  return n === null ? '—' : formatSize(n);
}

