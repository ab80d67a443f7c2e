// The strip above the ladders: the touch on each side with its venue count, the spread in dollars
// and percent of mid against its alert threshold, the imbalance as a bid-to-ask gradient (labelled
// with what it summed: the touch and its venues on a one-level book), and the notional resting on
// each side of the ladders shown.
import { memo, useState } from 'react';
import { formatNumber, formatPremium, formatPrice, formatSize } from '../../shared/format/format.ts';
import type { BookView } from './book-view.ts';
import { formatImbalance, imbalanceDetail, imbalanceScope, imbalanceWords } from './book-view.ts';

interface Props {
  view: BookView | null;
  threshold: number | null;
  imbalanceLevels: number;
  onThreshold: (percent: number) => void;
}

export function BookSummary({ view, threshold, imbalanceLevels, onThreshold }: Props) {
  const bid = view?.bids[0] ?? null;
  const ask = view?.asks[0] ?? null;
  const spread = view?.spread ?? null;
  const state = !spread ? 'none' : view?.wide ? 'wide' : 'ok';
  return (
    <section className="book-summary" aria-label="Top of book">
      <div className="panel-root book-summary-cells">
        <Touch side="bid" level={bid} />
        <div className={`spread spread-${state}`} data-testid="spread" data-state={state} data-percent={spread ? spread.percentOfMid.toFixed(3) : ''} role="status">
          <span className="k">{view?.crossed ? 'Crossed' : 'Spread'}{state === 'wide' ? <b className="wide-flag">WIDE</b> : null}</span>
          <span className="spread-value">
            {spread ? formatPrice(spread.dollars) : '—'}
            <span className="spread-pct">{spread ? `${formatNumber(spread.percentOfMid, 1)}%` : ''}</span>
          </span>
          <ThresholdInput value={threshold} onSave={onThreshold} />
        </div>
        <Touch side="ask" level={ask} />
        <div className="summary-cell mid">
          <span className="k">Mid</span>
          <span className="v">{spread ? formatMid(spread.mid) : '—'}</span>
        </div>
        <Imbalance value={view ? view.imbalance : null} over={view?.imbalanceOver ?? null} setting={imbalanceLevels} />
        <div className="summary-cell notional">
          <span className="k">Notional {view ? `· ${notionalScope(Math.max(view.bids.length, view.asks.length))}` : ''}</span>
          <span className="v">
            <span className="tone-bull-text" data-testid="notional-bid">{view ? formatPremium(view.notional.bid) : '—'}</span>
            <span className="muted"> / </span>
            <span className="tone-bear-text" data-testid="notional-ask">{view ? formatPremium(view.notional.ask) : '—'}</span>
          </span>
        </div>
      </div>
    </section>
  );
}

/** One side's touch: its price and size, and under them how many venues quote it. */
function Touch({ side, level }: { side: 'bid' | 'ask'; level: BookView['bids'][number] | null }) {
  const count = level?.venueCount ?? null;
  return (
    <div className={`touch side-${side}`} data-testid={`top-${side}`}>
      <span className="k">{side === 'bid' ? 'Bid' : 'Ask'}</span>
      <span className="touch-price">{level ? formatPrice(level.price) : '—'}</span>
      <span className="touch-size">{level ? `× ${formatSize(level.size)}` : ''}</span>
      <span className="touch-venues muted" data-testid="touch-venues">
        {count === null ? '' : `${count} venue${count === 1 ? '' : 's'}`}
      </span>
    </div>
  );
}

function notionalScope(levels: number): string {
  return levels <= 1 ? 'touch' : `${levels} lvls`;
}

/** A mid between two cents keeps its half cent: 1.245, not 1.25. */
function formatMid(mid: number): string {
  return formatNumber(mid, Math.abs(mid * 100 - Math.round(mid * 100)) < 1e-6 ? 2 : 3);
}

function Imbalance({ value, over, setting }: { value: number | null; over: BookView['imbalanceOver'] | null; setting: number }) {
  const at = value === null ? 50 : ((1 + value) / 2) * 100;
  return (
    <div
      className="summary-cell imbalance"
      data-testid="imbalance"
      data-value={value === null ? '' : value.toFixed(4)}
      data-scope={over ? imbalanceScope(over) : ''}
      title={imbalanceTitle(over, setting)}
    >
      <span className="k">
        Imbalance <span className="muted">· {over ? imbalanceScope(over) : `top ${setting}`}</span>
      </span>
      <span className="imbalance-line">
        {/* Moved, not laid out: only the background positions of the gradient and of the mark's
            stripe change with each new figure, which repaints the bar alone (a new gradient and a
            new left laid it out; a transform on the mark made Chromium layerize the whole page,
            about 0.9 ms of the strip's frames against 0.46 without it in ui.book_window's traces). */}
        <span
          className={`imbalance-bar${value === null ? '' : ' is-filled'}`}
          style={value === null ? undefined : { backgroundPosition: `${(100 - at).toFixed(1)}% 0` }}
          data-testid="imbalance-bar"
        >
          <span className="imbalance-mark" style={{ backgroundPosition: `${(100 - at).toFixed(1)}% 0` }} />
          <span className="imbalance-mid" />
        </span>
        <span className={`imbalance-value ${value === null ? '' : value > 0 ? 'tone-bull-text' : value < 0 ? 'tone-bear-text' : ''}`}>
          {value === null ? '—' : formatImbalance(value)}
        </span>
      </span>
      <span className="imbalance-words muted">{value === null || !over ? '' : `${imbalanceWords(value)} · ${imbalanceDetail(over)}`}</span>
    </div>
  );
}

function imbalanceTitle(over: BookView['imbalanceOver'] | null, setting: number): string {
  const rule = '(bid size − ask size) / total';
  if (!over) return `${rule}, best ${setting} level${setting === 1 ? '' : 's'} each side`;
  if (over.levels <= 1) return `${rule} at the touch, each side summed across its venues (${over.venues.bid} bid, ${over.venues.ask} ask); the book has one level per side`;
  return `${rule} over the best ${over.levels} levels each side (setting: ${setting})`;
}

/**
 * The window's own spread alert threshold, saved on Enter or when the field loses focus. Memoised:
 * the strip renders with each snapshot, and a controlled input rendered again writes its value.
 */
const ThresholdInput = memo(function ThresholdInput({ value, onSave }: { value: number | null; onSave: (percent: number) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (value === null ? '' : String(value));
  const commit = (): void => {
    if (draft === null) return;
    const n = Number(draft);
    setDraft(null);
    if (draft.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 1000 && n !== value) onSave(n);
  };
  return (
    <label className="threshold" title="The spread turns red past this percent of mid">
      alert &gt;
      <input
        className="text-input tiny"
        inputMode="decimal"
        value={shown}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
        aria-label="Spread alert threshold, percent of mid"
        data-testid="spread-threshold"
      />
      %
    </label>
  );
});
