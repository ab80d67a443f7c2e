// The Schwab sign-in window: Schwab's pages in a window of their own, with a private in-memory
// session, no preload, nothing Fathom's. When Schwab redirects to the callback URL the request
// is caught and cancelled before it leaves the machine, so no local https server (and no
// certificate warning) is needed; the address goes to the auth service, which exchanges the
// code at once. Closing the window resolves null (the user can still paste the address).
// Every decision is in sign-in-policy.ts (tested there); this file only wires Electron's events.
import { app, BrowserWindow, session, type Session, type WebContents } from 'electron';
import { systemClock, type Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/log.ts';
import { firstSignInPage, SIGN_IN_PARTITION, SignInAttempt, signInWindowOptions, SignInSlot } from './sign-in-policy.ts';

export interface SignInWindowOptions {
  parent?: BrowserWindow;
  timeoutMs?: number;
  logger?: Logger;
  clock?: Clock;
}

/**
 * The sign-in windows' web contents: the app-wide guard (security.ts) holds these to the https
 * rule instead of the own-page rule, and lets none of their links out.
 */
const signInContents = new WeakSet<WebContents>();

export function isSignInContents(contents: WebContents): boolean {
  return signInContents.has(contents);
}

const slot = new SignInSlot();

/** Opens the sign-in window; resolves with the callback address it caught, or null. */
export function captureSignInRedirect(authorizeUrl: string, callbackUrl: string, options: SignInWindowOptions = {}): Promise<string | null> {
  let firstPage: string;
  try {
    firstPage = firstSignInPage(authorizeUrl);
  } catch (error) {
    // No window for a page that is not https; the auth service shows the reason as a warning.
    return Promise.reject(error as Error);
  }
  const ses = session.fromPartition(SIGN_IN_PARTITION, { cache: false });
  const base = signInWindowOptions(app.isPackaged);
  const win = new BrowserWindow({
    ...base,
    ...(options.parent ? { parent: options.parent, modal: false } : {}),
    webPreferences: { ...base.webPreferences, session: ses },
  });
  const contents = win.webContents;
  signInContents.add(contents);

  const attempt = new SignInAttempt(
    {
      // Later, not inside the Electron callback that decided it (the request is answered first).
      destroy: () =>
        setImmediate(() => {
          if (!win.isDestroyed()) win.destroy();
        }),
      release: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        ses.webRequest.onBeforeRequest(null);
        await wipe(ses);
      },
    },
    { callbackUrl, clock: options.clock ?? systemClock(), ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), ...(options.logger ? { logger: options.logger } : {}) },
  );
  const result = slot.take(attempt);

  // Keep Schwab's title out of it, so the window stays findable and honest about what it is.
  win.on('page-title-updated', (event) => event.preventDefault());
  // The network layer sees every request of this session first, redirects included.
  ses.webRequest.onBeforeRequest((details, callback) => callback(attempt.onRequest(details.url, details.resourceType)));
  // Navigation events as a second net (a same-document or script navigation).
  contents.on('will-navigate', (event) => {
    if (attempt.onNavigation(event.url, true)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (attempt.onNavigation(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (attempt.onNavigation(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => attempt.onWindowOpen(url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(attempt.onPermission(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => attempt.onPermission(permission));
  ses.setDevicePermissionHandler(() => false);
  win.on('closed', () => attempt.onClosed());

  // A cancelled callback request makes loadURL reject (ERR_BLOCKED_BY_CLIENT): that is the
  // success path. Any other failure leaves Chromium's error page up for the user to close.
  win.loadURL(firstPage).catch(() => undefined);
  return result;
}

async function wipe(ses: Session): Promise<void> {
  await ses.clearStorageData().catch(() => undefined);
  await ses.clearCache().catch(() => undefined);
  await ses.clearAuthCache().catch(() => undefined);
}
