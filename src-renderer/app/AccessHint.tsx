// Said only when the web host keeps refusing a page that has no token: the likely cause is an
// address typed without the `?token=` the host printed.
import { useSyncExternalStore } from 'react';
import type { HostLink } from '../api/transport.ts';

export function AccessHint({ link }: { link: HostLink }) {
  const state = useSyncExternalStore((notify) => link.onState(() => notify()), link.state);
  const refused = state.status === 'waiting' && state.attempt >= 2 && state.reason.startsWith('could not connect');
  if (link.hasCredentials() || !refused) return null;
  return (
    <div className="token-missing" role="alert" data-testid="token-missing">
      The host refused this page. Open the address <code>fathom serve</code> printed: it ends in <code>?token=…</code>.
    </div>
  );
}
