// The book window's shell. Its Level 2 view is the next issue; for now it connects as a book
// window, says which contract it is for, and keeps the connection status on screen.
import { useEffect, useState } from 'react';
import type { ConnectionState } from '../../shared/domain/session.ts';
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import type { HostLink, LinkState } from '../api/transport.ts';
import { connectionView } from '../app/connection-view.ts';
import { useNow } from '../ui/use-now.ts';

export function BookWindow({ bridge, link, symbol }: { bridge: FathomBridge; link: HostLink; symbol: string }) {
  const [linkState, setLinkState] = useState<LinkState>(() => link.state());
  const [market, setMarket] = useState<ConnectionState | null>(null);
  const now = useNow(1000);

  useEffect(() => {
    const hello = (): void => {
      void bridge.api.windows
        .ready({})
        .then(() => bridge.api.marketData.status({}))
        .then(setMarket)
        .catch(() => {});
    };
    const offs = [
      link.onState((state) => {
        setLinkState(state);
        if (state.status === 'open') hello();
      }),
      bridge.on.marketData.status(setMarket),
    ];
    if (link.state().status === 'open') hello();
    return () => offs.forEach((off) => off());
  }, [bridge, link]);

  const view = connectionView(linkState, market, now);
  return (
    <div className="book-window" data-testid="book-window" data-symbol={symbol} data-connection={view.state}>
      <header className="topbar">
        <span className="brand">Fathom</span>
        <div className={`connection tone-${view.tone}`} data-testid="connection-status" data-state={view.state} title={view.detail}>
          <span className="connection-dot" aria-hidden="true" />
          <span className="connection-label">{view.label}</span>
          <span className="connection-detail">{view.detail}</span>
        </div>
        <span className="spacer" />
      </header>
      <main className="book-placeholder">
        <h1>{symbol.replace(/\s+/g, ' ')}</h1>
        <p className="muted">The Level 2 book for this contract arrives with the book-window issue.</p>
      </main>
    </div>
  );
}
