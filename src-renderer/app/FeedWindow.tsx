// The flow-feed window at 1440x900 and up: filters and watchlist on the left; metrics, chart and
// the flow list in the middle; the opened flow's evidence, alerts and leaders on the right.
import { useCallback, useEffect, useRef, useState } from 'react';
import { AlertsPanel, AlertToasts } from '../alerts/AlertsPanel.tsx';
import { openBookWindow } from '../book/open-book.ts';
import { ChartPanel } from '../chart/ChartPanel.tsx';
import { EvidencePanel } from '../feed/EvidencePanel.tsx';
import { FilterPanel } from '../feed/FilterPanel.tsx';
import { FlowTable } from '../feed/FlowTable.tsx';
import { LeadersPanel } from '../feed/LeadersPanel.tsx';
import { IvPanel } from '../feed/IvPanel.tsx';
import { MetricsStrip } from '../feed/MetricsStrip.tsx';
import { useCell } from '../state/use-cell.ts';
import { WatchlistPanel } from '../watchlist/WatchlistPanel.tsx';
import { useFeedModel } from './feed-model-context.tsx';
import type { Page } from './TopBar.tsx';
import { TopBar } from './TopBar.tsx';
import { ReplayBar } from '../sessions/ReplayBar.tsx';
import { SessionsView } from '../sessions/SessionsView.tsx';
import { HistoryView } from '../history/HistoryView.tsx';
import { SettingsView } from '../settings/SettingsView.tsx';
import { PositioningView } from '../positioning/PositioningView.tsx';
import { bindTestAttributes } from './test-attributes.ts';

type Tab = 'flow' | 'alerts' | 'leaders' | 'iv';

export function FeedWindow() {
  const model = useFeedModel();
  const root = useRef<HTMLDivElement>(null);
  const [tab, setTab] = useState<Tab>('flow');
  const [page, setPage] = useState<Page>('feed');
  const [chartPick, setChartPick] = useState<string | null>(null);
  const selected = useCell(model.selected);
  const [seenSelected, setSeenSelected] = useState(selected);
  useEffect(() => (root.current ? bindTestAttributes(root.current, model) : undefined), [model]);

  // Escape leaves the sessions or settings page for the feed.
  useEffect(() => {
    if (page === 'feed') return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) setPage('feed');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [page]);

  // Opening a flow (from the list, an alert or a notification) shows its evidence.
  if (selected !== seenSelected) {
    setSeenSelected(selected);
    if (selected !== null) setTab('flow');
  }

  const openBook = useCallback(
    (symbol: string) => {
      openBookWindow(model.bridge, symbol)
        .then((result) => model.hooks.emit('open-book', result))
        .catch((error: unknown) => model.fail(`opening the ${symbol.replace(/\s+/g, ' ')} book`, error));
    },
    [model],
  );

  return (
    <div className="feed-window" ref={root} data-testid="feed-window">
      <TopBar page={page} onPage={setPage} />
      <div className="replay-slot">
        <ReplayBar />
      </div>
      <div className="feed-body">
        <aside className="sidebar">
          <FilterPanel />
          <WatchlistPanel onPick={setChartPick} onOpenBook={openBook} />
        </aside>
        <main className="center">
          <MetricsStrip />
          <ChartPanel picked={chartPick} onPick={setChartPick} />
          <FlowTable onOpenBook={openBook} />
        </main>
        <aside className="inspector">
          <nav className="tabs" role="tablist">
            <TabButton id="flow" tab={tab} onTab={setTab} label="Flow" />
            <AlertsTabButton tab={tab} onTab={setTab} />
            <TabButton id="leaders" tab={tab} onTab={setTab} label="Leaders" />
            <TabButton id="iv" tab={tab} onTab={setTab} label="IV" />
          </nav>
          <div className="tab-body">
            {tab === 'flow' ? <EvidencePanel onOpenBook={openBook} /> : null}
            {tab === 'alerts' ? <AlertsPanel /> : null}
            {tab === 'leaders' ? <LeadersPanel onPick={setChartPick} /> : null}
            {tab === 'iv' ? <IvPanel onPick={setChartPick} /> : null}
          </div>
        </aside>
        {page === 'history' ? <HistoryView onClose={() => setPage('feed')} /> : null}
        {page === 'sessions' ? <SessionsView onClose={() => setPage('feed')} /> : null}
        {page === 'settings' ? <SettingsView onClose={() => setPage('feed')} /> : null}
        {page === 'positioning' ? <PositioningView onClose={() => setPage('feed')} /> : null}
      </div>
      {tab === 'alerts' ? null : <AlertToasts />}
    </div>
  );
}

/** Alerts can fire hundreds of times a second: only this label follows their count, not the window. */
function AlertsTabButton({ tab, onTab }: { tab: Tab; onTab: (t: Tab) => void }) {
  const count = useCell(useFeedModel().alerts.history).length;
  return <TabButton id="alerts" tab={tab} onTab={onTab} label={count > 0 ? `Alerts ${count}` : 'Alerts'} />;
}

function TabButton({ id, tab, onTab, label }: { id: Tab; tab: Tab; onTab: (t: Tab) => void; label: string }) {
  return (
    <button type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'tab tab-on' : 'tab'} onClick={() => onTab(id)} data-testid={`tab-${id}`}>
      {label}
    </button>
  );
}
