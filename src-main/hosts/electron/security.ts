// The desktop shell's security, in one place (after Actual Budget's security.ts). Every web
// contents the app ever creates gets the guards before it loads anything: no navigation away
// from our page, no new windows (an https link may open in the user's browser after a check),
// no webviews. Every session denies every permission request and check. Our pages get the CSP
// as a response header too. The decisions are in security-policy.ts, tested there; this file
// only applies them.
//
// The Schwab sign-in window (sign-in-window.ts) is the one exception to the navigation guard:
// it must follow Schwab's own pages and redirects. It runs in its own in-memory session with no
// preload, and sets its own window-open, webview and permission refusals.
import { app, session, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../../util/log.ts';
import { checkExternalUrl, decideNavigation, decideWindowOpen, urlForLog, withCsp, type OwnPage } from './security-policy.ts';
import { isSignInContents } from './sign-in-window.ts';

export interface SecurityOptions {
  page: OwnPage;
  logger: Logger;
  /**
   * Opens a checked https URL outside the app. Defaults to shell.openExternal; end-to-end tests
   * record the request instead of starting a browser.
   */
  openExternal?: (url: string) => Promise<void>;
}

export interface Security {
  /** Opens an https link in the user's browser after the check; false when refused. */
  openExternal(url: unknown): boolean;
  /** Locks a session: permissions denied, our CSP on its responses (call once ready). */
  lockSession(target: Session, withPageCsp: boolean): void;
}

/** Installs the app-wide guards. Call before app.whenReady(), so no contents escapes them. */
export function installSecurity(options: SecurityOptions): Security {
  const log = options.logger.child('security');
  const open = options.openExternal ?? ((url: string) => shell.openExternal(url));

  const openExternal = (raw: unknown): boolean => {
    const checked = checkExternalUrl(raw);
    if (!checked.ok) {
      log.warn('refused to open an external link', { reason: checked.reason });
      return false;
    }
    log.info('opening an external link', { url: urlForLog(checked.url) });
    open(checked.url).catch((error: unknown) => log.warn('the external link did not open', { reason: (error as Error).message }));
    return true;
  };

  const guard = (contents: WebContents): void => {
    const exempt = () => isSignInContents(contents);
    const refuseNavigation = (event: { url: string; preventDefault(): void }, what: string): void => {
      if (exempt() || decideNavigation(event.url, options.page).allow) return;
      event.preventDefault();
      log.warn('navigation refused', { what, url: urlForLog(event.url) });
    };
    contents.on('will-navigate', (event) => refuseNavigation(event, 'navigate'));
    contents.on('will-frame-navigate', (event) => refuseNavigation(event, 'frame-navigate'));
    contents.on('will-redirect', (event) => refuseNavigation(event, 'redirect'));
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideWindowOpen(url);
      if (decision.external && !exempt()) openExternal(decision.external);
      else log.warn('window.open refused', { url: urlForLog(url) });
      return { action: decision.action };
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.warn('webview refused');
    });
  };

  app.on('web-contents-created', (_event, contents) => guard(contents));
  app.on('session-created', (created) => denyPermissions(created));

  return {
    openExternal,
    lockSession(target, withPageCsp) {
      denyPermissions(target);
      if (!withPageCsp) return;
      // Chromium may not run header hooks for file:// responses; the <meta> policy in
      // index.html is the one that always applies, and this one tightens it where it runs.
      // Only our own file:// pages: DevTools and anything else keep their headers untouched.
      target.webRequest.onHeadersReceived((details, callback) =>
        callback(details.url.startsWith('file:') ? { responseHeaders: withCsp(details.responseHeaders) } : {}),
      );
    },
  };

  function denyPermissions(target: Session): void {
    target.setPermissionRequestHandler((_contents, permission, callback) => {
      log.info('permission request denied', { permission });
      callback(false);
    });
    target.setPermissionCheckHandler(() => false);
    target.setDevicePermissionHandler(() => false);
  }
}

/** The default session, locked (our windows live in it). */
export function lockDefaultSession(security: Security): void {
  security.lockSession(session.defaultSession, true);
}
