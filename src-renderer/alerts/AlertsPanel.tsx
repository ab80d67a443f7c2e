// Alert history (newest first, searchable over every stored session, exportable), the rules
// with their back-tests, and sound and desktop-notification controls.
import { useState } from 'react';
import { alertsText, downloadText, type AlertExportFormat } from './alert-export.ts';
import { RulesPane } from './RulesPane.tsx';
import type { Alert } from '../../shared/domain/session.ts';
import { formatTimeEt } from '../../shared/format/format.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { notificationPermission } from './notification-permission.ts';

const RULE_LABEL: Record<Alert['ruleKind'], string> = {
  WHALE: 'Whale',
  PREMIUM_OVER: 'Premium',
  WATCHLIST_SWEEP: 'Sweep',
  SPREAD_WIDE: 'Spread',
  BOOK_EVENT: 'Book',
  FLOW: 'Flow',
};

export function AlertsPanel() {
  const model = useFeedModel();
  const history = useCell(model.alerts.history);
  const settings = useCell(model.settings);
  const [permission, setPermission] = useState(() => notificationPermission.get());
  const [pane, setPane] = useState<'history' | 'rules'>('history');
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<Alert[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const alerts = settings?.alerts;
  const shown = found ?? history;

  const runSearch = async (text: string) => {
    setFailure(null);
    if (text.trim() === '') {
      setFound(null);
      return;
    }
    try {
      const answer = await model.bridge.api.alerts.history({ limit: 1000, text });
      setFound(answer);
      model.hooks.emit('alert-search', { text, count: answer.length });
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    }
  };
  const exportAs = async (format: AlertExportFormat) => {
    setFailure(null);
    try {
      // Everything stored that matches, not only what this window has seen.
      const list = await model.bridge.api.alerts.history({ limit: 1000, ...(search.trim() ? { text: search } : {}) });
      downloadText(alertsText(list, format), `fathom-alerts.${format}`, format === 'csv' ? 'text/csv' : 'application/json');
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="alerts-panel" data-testid="alerts-panel">
      <div className="alert-controls">
        <label className="check-row">
          <input type="checkbox" checked={!(alerts?.muted ?? false)} onChange={(e) => void model.setMuted(!e.target.checked)} />
          Sounds
        </label>
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={alerts?.volume ?? 0.6}
          aria-label="Alert volume"
          disabled={!alerts || alerts.muted}
          onChange={(e) => void model.updateAlertSettings({ volume: Number(e.target.value) })}
          data-testid="alert-volume"
        />
        <label className="check-row">
          <input type="checkbox" checked={alerts?.notifications ?? true} onChange={(e) => void model.updateAlertSettings({ notifications: e.target.checked })} />
          Desktop
        </label>
        {permission === 'default' ? (
          <button type="button" className="chip" onClick={() => void Notification.requestPermission().then(() => setPermission(notificationPermission.refresh()))}>
            Allow notifications
          </button>
        ) : null}
        {permission === 'denied' ? <span className="muted" title="The browser blocks notifications for this page">blocked</span> : null}
      </div>
      <div className="toggle-group" role="tablist">
        <button type="button" role="tab" aria-selected={pane === 'history'} className={pane === 'history' ? 'chip chip-on' : 'chip'} onClick={() => setPane('history')} data-testid="alerts-history-tab">
          History
        </button>
        <button type="button" role="tab" aria-selected={pane === 'rules'} className={pane === 'rules' ? 'chip chip-on' : 'chip'} onClick={() => setPane('rules')} data-testid="alerts-rules-tab">
          Rules
        </button>
      </div>
      {pane === 'rules' ? <RulesPane /> : null}
      {pane === 'history' ? (
        <form
          className="alert-search"
          onSubmit={(e) => {
            e.preventDefault();
            void runSearch(search);
          }}
        >
          <input className="text-input" type="search" value={search} placeholder="Search every session's alerts" onChange={(e) => setSearch(e.target.value)} aria-label="Search alerts" data-testid="alert-search" />
          <button type="button" className="chip" onClick={() => void exportAs('csv')} data-testid="alert-export-csv">
            CSV
          </button>
          <button type="button" className="chip" onClick={() => void exportAs('json')} data-testid="alert-export-json">
            JSON
          </button>
        </form>
      ) : null}
      {failure ? <p className="field-error">{failure}</p> : null}
      {pane === 'history' && shown.length === 0 ? <p className="muted inspector-empty">{found ? 'No stored alert matches.' : 'No alerts yet. Whales and watchlist sweeps alert by default.'}</p> : null}
      <ul className="alert-list" data-testid="alert-history" hidden={pane !== 'history'}>
        {shown.map((alert) => (
          <li key={alert.id} className={`alert-item rule-${alert.ruleKind.toLowerCase()}`} data-testid="alert-item" data-rule-id={alert.ruleId} data-flow-id={alert.flowId ?? ''}>
            <button type="button" className="alert-button" disabled={!alert.flowId} onClick={() => alert.flowId && model.select(alert.flowId)}>
              <span className="alert-top">
                <span className="alert-rule">{RULE_LABEL[alert.ruleKind]}</span>
                <span className="alert-time">{formatTimeEt(alert.time)}</span>
              </span>
              <span className="alert-title">{alert.title}</span>
              <span className="alert-body">{alert.body}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AlertToasts() {
  const model = useFeedModel();
  const toasts = useCell(model.alerts.toasts);
  return (
    <div className="toasts" aria-live="polite" data-testid="alert-toasts">
      {toasts.map((alert) => (
        <div key={alert.id} className={`toast rule-${alert.ruleKind.toLowerCase()}`} role="status" data-testid="alert-toast">
          <button
            type="button"
            className="toast-body"
            onClick={() => {
              if (alert.flowId) model.select(alert.flowId);
              model.alerts.dismiss(alert.id);
            }}
          >
            <span className="alert-rule">{RULE_LABEL[alert.ruleKind]}</span>
            <span className="alert-title">{alert.title}</span>
            <span className="alert-body">{alert.body}</span>
          </button>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => model.alerts.dismiss(alert.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
