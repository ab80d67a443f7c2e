// Always on screen: is the data current? The host link, then the market stream (live, demo,
// replay, reconnecting with its countdown), and DELAYED when Schwab sends delayed data.
import { useFeedModel } from './feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { useNow } from '../ui/use-now.ts';
import { connectionView } from './connection-view.ts';

export function ConnectionStatus() {
  const model = useFeedModel();
  const link = useCell(model.link);
  const market = useCell(model.market);
  const counting = link.status === 'waiting' || market?.state === 'reconnecting';
  const now = useNow(250, counting);
  const view = connectionView(link, market, now);
  return (
    <div className={`connection tone-${view.tone}`} data-testid="connection-status" data-state={view.state} data-source={view.source} title={view.detail} role="status">
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{view.label}</span>
      {view.delayed ? <DelayedBadge /> : null}
      <span className="connection-detail">{view.detail}</span>
    </div>
  );
}

/** Said wherever the connection is: the quotes are not real time (Schwab's `delayed` per key). */
export function DelayedBadge() {
  return (
    <span className="badge tone-warn-text" data-testid="delayed" title="Schwab sends this login delayed quotes, not real-time ones">
      DELAYED
    </span>
  );
}
