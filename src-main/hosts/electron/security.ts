// The desktop shell's security, in one place (after Actual Budget's security.ts). Every web
// contents the app ever creates gets the guards before it loads anything: no navigation away
// from its allowed pages, no new windows (a checked Schwab link from our own page may open in
// the user's browser), no webviews. Every session denies every permission request and check.
// Our pages come from app:// with the CSP as a response header (renderer-protocol.ts). The
// decisions are in security-policy.ts and sign-in-policy.ts, tested there; this file only
// applies them.
//
// Two kinds of contents: our windows, held to our own page, and the Schwab sign-in window
// (sign-in-window.ts), held to https; it adds its own callback catch on top.
import { app, protocol, session, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../../util/log.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, readPlainFile, serveRenderer } from './renderer-protocol.ts';
import { checkExternalUrl, decideNavigation, decideWindowOpen, urlForLog, type OwnPage } from './security-policy.ts';
import { decideSignInNavigation } from './sign-in-policy.ts';
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
  /** Opens a checked Schwab link in the user's browser; false when refused. */
  openExternal(url: unknown): boolean;
  /** Locks a session: every permission request, check and device denied. */
  lockSession(target: Session): void;
}

/**
 * Registers app:// as a privileged scheme. Electron allows this only before `ready`, and only
 * once, so main.ts calls it first thing.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Serves out/renderer on app:// in the default session (where our windows live). After ready. */
export function serveRendererProtocol(rendererDir: string): void {
  const files = { root: rendererDir, read: readPlainFile };
  protocol.handle(APP_SCHEME, (request) => serveRenderer({ url: request.url, method: request.method, ...initiator(request) }, files));
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
    // Asked at each event: the sign-in window marks its contents just after they are created.
    const allowed = (url: string, isMainFrame: boolean): boolean =>
      isSignInContents(contents) ? decideSignInNavigation(url, isMainFrame, null).action === 'allow' : decideNavigation(url, options.page).allow;
    const refuseNavigation = (event: { url: string; isMainFrame?: boolean; preventDefault(): void }, what: string): void => {
      if (allowed(event.url, event.isMainFrame ?? true)) return;
      event.preventDefault();
      log.warn('navigation refused', { what, url: urlForLog(event.url) });
    };
    contents.on('will-navigate', (event) => refuseNavigation(event, 'navigate'));
    contents.on('will-frame-navigate', (event) => refuseNavigation(event, 'frame-navigate'));
    contents.on('will-redirect', (event) => refuseNavigation(event, 'redirect'));
    contents.setWindowOpenHandler(({ url }) => {
      const fromOwnPage = !isSignInContents(contents) && options.page.matches(contents.getURL());
      const decision = decideWindowOpen(url, fromOwnPage);
      if (decision.external) openExternal(decision.external);
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
    lockSession: (target) => denyPermissions(target),
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
  security.lockSession(session.defaultSession);
}

/** Electron's initiatorOrigin (absent for requests the browser started itself, like loadURL). */
function initiator(request: Request): { initiatorOrigin?: string } {
  const origin = (request as Request & { initiatorOrigin?: unknown }).initiatorOrigin;
  return typeof origin === 'string' ? { initiatorOrigin: origin } : {};
}
