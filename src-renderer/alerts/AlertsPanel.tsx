// Alert history (newest first), with sound and desktop-notification controls.
import { useState } from 'react';
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
  const alerts = settings?.alerts;

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
      {history.length === 0 ? <p className="muted inspector-empty">No alerts yet. Whales and watchlist sweeps alert by default.</p> : null}
      <ul className="alert-list" data-testid="alert-history">
        {history.map((alert) => (
          <li key={alert.id} className={`alert-item rule-${alert.ruleKind.toLowerCase()}`} data-testid="alert-item">
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
