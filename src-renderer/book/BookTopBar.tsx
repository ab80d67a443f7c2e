// The book window's top bar (the contract, its connection, the Level 1 quote, the layout, how
// many levels to show) and the line that says when a spread alert fired for this contract.
import { memo } from 'react';
import { formatNumber, formatPercent, formatPrice, formatSize, formatTimeEt } from '../../shared/format/format.ts';
import type { BookLayout } from '../../shared/domain/app-settings.ts';
import { BOOK_LAYOUTS } from '../../shared/domain/app-settings.ts';
import { DelayedBadge } from '../app/ConnectionStatus.tsx';
import { connectionView } from '../app/connection-view.ts';
import { useCell } from '../state/use-cell.ts';
import { useNow } from '../ui/use-now.ts';
import type { BookModel } from './book-model.ts';
import { useReadingCell } from './use-selected.ts';

const LEVEL_CHOICES = [1, 5, 10, 20, 30, 50];
const LAYOUT_WORDS: Readonly<Record<BookLayout, string>> = { auto: 'Auto', venues: 'Venues', ladder: 'Ladder' };

export const BookTopBar = memo(function BookTopBar({ model, title }: { model: BookModel; title: string }) {
  const link = useCell(model.link);
  const market = useCell(model.market);
  // The quote's facts are text that follows the stream: written at the window's reading pace.
  const quote = useReadingCell(model.reading, model.quote);
  const settings = useCell(model.settings);
  const notice = useCell(model.notice);
  const counting = link.status === 'waiting' || market?.state === 'reconnecting';
  const now = useNow(counting ? 250 : 1000);
  const view = connectionView(link, market, now);
  const levels = settings?.book.levels ?? null;
  const choices = levels !== null && !LEVEL_CHOICES.includes(levels) ? [...LEVEL_CHOICES, levels].sort((a, b) => a - b) : LEVEL_CHOICES;
  const facts: [string, string][] = quote
    ? [
        ['Last', quote.last === undefined ? '—' : formatPrice(quote.last)],
        ['Mark', quote.mark === undefined ? '—' : formatPrice(quote.mark)],
        ['Vol', quote.volume === undefined ? '—' : formatSize(quote.volume)],
        ['OI', quote.openInterest === undefined ? '—' : formatSize(quote.openInterest)],
        ['IV', quote.iv === undefined ? '—' : formatPercent(quote.iv / 100)],
        ['Δ', quote.delta === undefined ? '—' : formatNumber(quote.delta, 2)],
        [model.contract?.root ?? 'Spot', quote.underlyingPrice === undefined ? '—' : formatPrice(quote.underlyingPrice)],
      ]
    : [];
  return (
    <header className="topbar book-topbar">
      <span className="brand">Fathom</span>
      <h1 className={`book-title ${model.contract?.right === 'P' ? 'right-put' : 'right-call'}`} title={model.symbol}>
        {title}
      </h1>
      <div className={`connection tone-${view.tone}`} data-testid="connection-status" data-state={view.state} data-source={view.source} title={view.detail} role="status">
        <span className="connection-dot" aria-hidden="true" />
        <span className="connection-label">{view.label}</span>
        {view.delayed ? <DelayedBadge /> : null}
      </div>
      {/* The facts take the bar's free width and lay out inside it (book.css says why). */}
      <div className="quote-facts-box">
        <dl className="quote-facts" data-testid="quote-facts">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </div>
      {notice ? (
        <button type="button" className="notice" onClick={() => model.notice.set(null)} title="Dismiss" data-testid="notice">
          {notice}
        </button>
      ) : null}
      <label className="levels-pick" title="Auto: the venues for a one-level book (what Schwab usually sends), the ladder for a deeper one">
        Layout
        <select
          className="select"
          value={settings?.book.layout ?? 'auto'}
          disabled={!settings}
          onChange={(e) => void model.updateBookSettings({ layout: BOOK_LAYOUTS.find((l) => l === e.target.value) ?? 'auto' })}
          data-testid="book-layout"
          data-shown={model.layout()}
        >
          {BOOK_LAYOUTS.map((l) => (
            <option key={l} value={l}>
              {LAYOUT_WORDS[l]}
            </option>
          ))}
        </select>
      </label>
      <label className="levels-pick">
        Levels
        <select
          className="select"
          value={levels ?? ''}
          disabled={levels === null}
          onChange={(e) => void model.updateBookSettings({ levels: Number(e.target.value) })}
          data-testid="levels-select"
        >
          {choices.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <span className="clock" title="New York time">
        {formatTimeEt(now)} ET
      </span>
    </header>
  );
});

export const BookAlerts = memo(function BookAlerts({ model }: { model: BookModel }) {
  const alerts = useCell(model.alerts);
  const latest = alerts[0];
  if (!latest) return null;
  return (
    <div className={`book-alert rule-${latest.ruleKind.toLowerCase()}`} role="alert" data-testid="book-alert" data-rule-kind={latest.ruleKind} data-count={alerts.length}>
      <span className="book-alert-time">{formatTimeEt(latest.time)}</span>
      <strong>{latest.title}</strong>
      <span className="muted">{latest.body}</span>
      {alerts.length > 1 ? <span className="muted">· {alerts.length} alerts for this contract</span> : null}
      <span className="spacer" />
      <button type="button" className="icon-button" aria-label="Dismiss alerts" onClick={() => model.alerts.set([])}>
        ×
      </button>
    </div>
  );
});
