// Schwab sign-in: the status and the refresh token's countdown, signing in again with the app
// in the keychain or with a new one, the paste-the-redirect fallback (the web host has no
// sign-in window), and signing out. The app secret is sent once and never shown or kept.
import { useEffect, useState } from 'react';
import { formatDateTimeEt } from '../../shared/format/format.ts';
import { followOpenAnswer } from '../api/open-answer.ts';
import { useFeedModel } from '../app/feed-model-context.tsx';
import { useCell } from '../state/use-cell.ts';
import { useNow } from '../ui/use-now.ts';
import { authView } from './auth-view.ts';

type Busy = 'begin' | 'complete' | 'signout' | null;

export function SignInSection() {
  const model = useFeedModel();
  const auth = model.auth;
  const status = useCell(auth.status);
  const warning = useCell(auth.warning);
  const authorizeUrl = useCell(auth.authorizeUrl);
  const now = useNow(1000);
  const view = authView(status, now);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  // Signed out there is usually no stored app yet: the new-app form shows until told otherwise.
  const [appChoice, setAppChoice] = useState<boolean | null>(null);
  const newApp = appChoice ?? status?.state === 'signed-out';
  const setNewApp = (on: boolean): void => setAppChoice(on);
  const [app, setApp] = useState({ appKey: '', appSecret: '', callbackUrl: 'https://127.0.0.1' });
  const [redirect, setRedirect] = useState('');

  useEffect(() => {
    auth.refresh().catch((e: unknown) => setError(message(e)));
  }, [auth]);

  const run = (what: Busy, task: () => Promise<unknown>): void => {
    setBusy(what);
    setError(null);
    task()
      .catch((e: unknown) => setError(message(e)))
      .finally(() => setBusy(null));
  };
  const begin = (): void =>
    run('begin', async () => {
      await auth.begin(newApp ? { appKey: app.appKey.trim(), appSecret: app.appSecret, callbackUrl: app.callbackUrl.trim() } : null);
      setApp((a) => ({ ...a, appSecret: '' }));
      setNewApp(false);
    });
  const complete = (): void =>
    run('complete', async () => {
      await auth.complete(redirect.trim());
      setRedirect('');
    });
  const openSchwab = (url: string): void => {
    model.bridge.api.windows
      .openExternal({ url })
      .then((answer) => followOpenAnswer(answer))
      .catch((error: unknown) => model.fail('opening Schwab', error));
  };

  return (
    <section className="settings-section" id="settings-signin" data-testid="settings-signin" data-state={status?.state ?? ''}>
      <header className="settings-section-head">
        <h2>Schwab sign-in</h2>
        <p className="settings-note">Tokens and the app secret live only in the OS keychain; this page only ever sees a status.</p>
      </header>
      <div className={`auth-status tone-${view.tone}`} data-testid="auth-status">
        <span className="connection-dot" aria-hidden="true" />
        <strong>{view.label}</strong>
        <span className="muted">{view.detail}</span>
      </div>
      {view.refreshLeft !== null ? (
        <dl className="auth-facts">
          <div>
            <dt>Refresh token</dt>
            <dd className={`tone-${view.refreshTone}-text`} data-testid="refresh-countdown">
              {view.refreshLeft} left
            </dd>
            <dd className="muted">until {view.refreshAt}</dd>
          </div>
          {view.accessLeft !== null ? (
            <div>
              <dt>Access token</dt>
              <dd>{view.accessLeft}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {warning ? (
        <p className="auth-warning" role="alert" data-testid="auth-warning-text">
          {warning.message} <span className="muted">({formatDateTimeEt(warning.at)})</span>
        </p>
      ) : null}
      {authorizeUrl ? (
        <div className="auth-steps" data-testid="auth-steps">
          <p>
            1. <button type="button" className="link-button" onClick={() => openSchwab(authorizeUrl)} data-testid="auth-open">Open Schwab's sign-in page</button> and approve the app.
          </p>
          <p>2. Your browser lands on the callback address (the page may not load). Copy that whole address and paste it here at once: its code lives about 30 seconds.</p>
          <div className="inline-form">
            <input className="text-input" value={redirect} placeholder="https://127.0.0.1/?code=…&state=…" onChange={(e) => setRedirect(e.target.value)} aria-label="The address Schwab sent you to" data-testid="auth-redirect" />
            <button type="button" className="chip chip-on" disabled={redirect.trim() === '' || busy !== null} onClick={complete} data-testid="auth-complete">
              {busy === 'complete' ? 'Finishing…' : 'Finish sign-in'}
            </button>
            <button type="button" className="chip" onClick={() => auth.cancel()}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {newApp && !authorizeUrl ? (
        <div className="form-grid auth-app">
          <label className="form-field">
            <span className="form-label">App key</span>
            <input className="text-input" value={app.appKey} autoComplete="off" spellCheck={false} onChange={(e) => setApp({ ...app, appKey: e.target.value })} data-testid="auth-app-key" />
          </label>
          <label className="form-field">
            <span className="form-label">App secret</span>
            <input className="text-input" type="password" value={app.appSecret} autoComplete="off" onChange={(e) => setApp({ ...app, appSecret: e.target.value })} data-testid="auth-app-secret" />
          </label>
          <label className="form-field wide">
            <span className="form-label">Callback URL (exactly as registered: https, no trailing /)</span>
            <input className="text-input" value={app.callbackUrl} spellCheck={false} onChange={(e) => setApp({ ...app, callbackUrl: e.target.value })} data-testid="auth-callback" />
          </label>
        </div>
      ) : null}
      {error ? <p className="field-error" data-testid="auth-error">{error}</p> : null}
      <div className="auth-actions">
        {!authorizeUrl && view.canSignIn ? (
          <>
            <button type="button" className="chip chip-on" disabled={busy !== null} onClick={begin} data-testid="auth-begin">
              {busy === 'begin' ? 'Starting…' : newApp ? 'Sign in with this app' : status?.state === 'signed-out' ? 'Sign in' : 'Sign in again'}
            </button>
            <button type="button" className="chip" onClick={() => setNewApp(!newApp)} data-testid="auth-new-app">
              {newApp ? 'Use the stored app' : 'Use a new Schwab app…'}
            </button>
          </>
        ) : null}
        <span className="spacer" />
        {view.canSignOut ? (
          <button type="button" className="chip" disabled={busy !== null} onClick={() => run('signout', () => auth.signOut())} data-testid="auth-signout">
            Sign out
          </button>
        ) : null}
      </div>
    </section>
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
