// Settings: Schwab sign-in, the flow rules, alert rules and their sounds, the book window, and
// where data lives. Each section saves on its own; the page is reachable from the top bar.
import { useRef } from 'react';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { AlertRulesSection } from './AlertRulesSection.tsx';
import { BookSection, DataSection } from './BookDataSections.tsx';
import { DestinationsSection } from './DestinationsSection.tsx';
import { FlowRulesSection } from './FlowRulesSection.tsx';
import { IvHistorySection } from './IvHistorySection.tsx';
import { SignInSection } from './SignInSection.tsx';

const NAV = [
  ['signin', 'Schwab sign-in'],
  ['flow', 'Flow rules'],
  ['alerts', 'Alerts'],
  ['destinations', 'Destinations'],
  ['book', 'Book window'],
  ['data', 'Data'],
] as const;

export function SettingsView({ onClose }: { onClose: () => void }) {
  const model = useFeedModel();
  const settings = useCell(model.settings);
  const scroller = useRef<HTMLDivElement>(null);
  const jump = (id: string): void => {
    scroller.current?.querySelector(`#settings-${id}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };
  return (
    <section className="page settings-page" aria-label="Settings" data-testid="settings-view">
      <header className="page-head">
        <h1>Settings</h1>
        <nav className="settings-nav">
          {NAV.map(([id, label]) => (
            <button key={id} type="button" className="link-button" onClick={() => jump(id)}>
              {label}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Close settings" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="page-scroll" ref={scroller}>
        <div className="settings-columns">
          <SignInSection />
          {settings ? (
            <>
              <FlowRulesSection flow={settings.flow} />
              <AlertRulesSection alerts={settings.alerts} />
              <DestinationsSection destinations={settings.webhooks.destinations} />
              <BookSection book={settings.book} />
              <IvHistorySection volatility={settings.volatility} />
              <DataSection data={settings.data} />
            </>
          ) : (
            <p className="muted">Loading…</p>
          )}
        </div>
      </div>
    </section>
  );
}
