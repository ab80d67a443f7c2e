// The strip across the top: name, connection, how many flows are held and shown, the sessions
// and settings pages, the market clock, and the alert mute a trader reaches for most.
import { formatNumber, formatTimeEt } from '../../shared/format/format.ts';
import { useCell } from '../state/use-cell.ts';
import { useNow } from '../ui/use-now.ts';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { useFeedModel } from './feed-model-context.tsx';

export type Page = 'feed' | 'history' | 'sessions' | 'settings' | 'positioning';

export function TopBar({ page, onPage }: { page: Page; onPage: (page: Page) => void }) {
  const model = useFeedModel();
  const authWarning = useCell(model.auth.warning);
  useCell(model.flowRevision);
  const settings = useCell(model.settings);
  const notice = useCell(model.notice);
  const store = useCell(model.storeStatus);
  const now = useNow(1000);
  const muted = settings?.alerts.muted ?? false;
  const held = model.store.size;
  const shown = model.store.visibleCount;
  return (
    <header className="topbar">
      <span className="brand">Fathom</span>
      <ConnectionStatus />
      <span className="counts" data-testid="flow-counts">
        <strong>{formatNumber(shown, 0)}</strong> shown
        {shown !== held ? <span className="muted"> of {formatNumber(held, 0)}</span> : null}
      </span>
      {notice ? (
        <button type="button" className="notice" onClick={() => model.notice.set(null)} title="Dismiss" data-testid="notice">
          {notice}
        </button>
      ) : (
        <span className="spacer" />
      )}
      {store?.failing ? (
        <span className="chip store-failing" title={store.reason ?? undefined} data-testid="store-failing">
          Not recording: {store.reason ?? 'the database refuses writes'}
          {store.pending > 0 ? ` (${store.pending.toLocaleString('en-US')} waiting in memory)` : ''}
        </span>
      ) : null}
      {authWarning ? (
        <button type="button" className="chip auth-chip" onClick={() => onPage('settings')} title={authWarning.message} data-testid="auth-warning">
          Schwab sign-in needs attention
        </button>
      ) : null}
      <nav className="page-nav" aria-label="Pages">
        <PageButton id="positioning" page={page} onPage={onPage} label="Positioning" />
        <PageButton id="history" page={page} onPage={onPage} label="History" />
        <PageButton id="sessions" page={page} onPage={onPage} label="Sessions" />
        <PageButton id="settings" page={page} onPage={onPage} label="Settings" />
      </nav>
      <button
        type="button"
        className={muted ? 'chip mute-on' : 'chip'}
        aria-pressed={muted}
        onClick={() => void model.setMuted(!muted)}
        title={muted ? 'Alert sounds are muted' : 'Mute alert sounds'}
        data-testid="mute"
      >
        {muted ? 'Muted' : 'Sound on'}
      </button>
      <span className="clock" title="New York time">
        {formatTimeEt(now)} ET
      </span>
    </header>
  );
}

function PageButton({ id, page, onPage, label }: { id: Page; page: Page; onPage: (page: Page) => void; label: string }) {
  const on = page === id;
  return (
    <button type="button" className={on ? 'chip chip-on' : 'chip'} aria-pressed={on} onClick={() => onPage(on ? 'feed' : id)} data-testid={`nav-${id}`}>
      {label}
    </button>
  );
}
