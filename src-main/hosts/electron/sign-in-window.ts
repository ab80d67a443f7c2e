// The Schwab sign-in window: Schwab's pages in a window of their own, with a private in-memory
// session, no preload, nothing Fathom's. When Schwab redirects to the callback URL the request
// is caught and cancelled before it leaves the machine, so no local https server (and no
// certificate warning) is needed; the address goes to the auth service, which exchanges the
// code at once. Closing the window resolves null (the user can still paste the address).
import { BrowserWindow, session, type Session, type WebContents } from 'electron';
import { isCallback } from '../../credentials/redirect.ts';

// Not "persist:": the partition lives in memory only, and is wiped after every sign-in so no
// Schwab cookie outlives it.
const PARTITION = 'fathom-signin';
const SIGN_IN_TIMEOUT_MS = 15 * 60_000;

export interface SignInWindowOptions {
  parent?: BrowserWindow;
  timeoutMs?: number;
}

/**
 * The sign-in windows' web contents: the app-wide navigation guard (security.ts) lets these
 * follow Schwab's pages, and nothing else.
 */
const signInContents = new WeakSet<WebContents>();

export function isSignInContents(contents: WebContents): boolean {
  return signInContents.has(contents);
}

/** Ends the window of the sign-in in progress, if any. */
let cancelCurrent: (() => void) | null = null;

/** Opens the sign-in window; resolves with the callback address it caught, or null. */
export function captureSignInRedirect(authorizeUrl: string, callbackUrl: string, options: SignInWindowOptions = {}): Promise<string | null> {
  // One sign-in at a time: starting another closes the first one's window (its state is stale).
  cancelCurrent?.();
  return run(authorizeUrl, callbackUrl, options);
}

function run(authorizeUrl: string, callbackUrl: string, options: SignInWindowOptions): Promise<string | null> {
  const ses = session.fromPartition(PARTITION, { cache: false });
  const win = new BrowserWindow({
    title: 'Sign in with Schwab',
    width: 520,
    height: 760,
    ...(options.parent ? { parent: options.parent, modal: false } : {}),
    autoHideMenuBar: true,
    webPreferences: {
      session: ses,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  signInContents.add(win.webContents);
  // Keep Schwab's title out of it, so the window stays findable and honest about what it is.
  win.on('page-title-updated', (event) => event.preventDefault());

  return new Promise<string | null>((resolve) => {
    let settled = false;
    const finish = (redirect: string | null) => {
      if (settled) return;
      settled = true;
      if (cancelCurrent === cancel) cancelCurrent = null;
      clearTimeout(timer);
      ses.webRequest.onBeforeRequest(null);
      if (!win.isDestroyed()) win.destroy();
      void wipe(ses);
      resolve(redirect);
    };
    const cancel = () => finish(null);
    cancelCurrent = cancel;
    const timer = setTimeout(cancel, options.timeoutMs ?? SIGN_IN_TIMEOUT_MS);

    // The network layer sees every request of this session first, redirects included: the
    // callback is cancelled there, before anything is sent to (or loaded from) it.
    ses.webRequest.onBeforeRequest((details, callback) => {
      if (isCallback(details.url, callbackUrl)) {
        callback({ cancel: true });
        finish(details.url);
        return;
      }
      callback({});
    });
    // Navigation events as a second net (a same-document or script navigation to the callback).
    win.webContents.on('will-redirect', (event) => {
      if (!isCallback(event.url, callbackUrl)) return;
      event.preventDefault();
      finish(event.url);
    });
    win.webContents.on('will-navigate', (event) => {
      if (!isCallback(event.url, callbackUrl)) return;
      event.preventDefault();
      finish(event.url);
    });
    // Schwab's pages open no windows of ours, and ask for no permissions.
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    win.webContents.on('will-attach-webview', (event) => event.preventDefault());
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    win.on('closed', cancel);

    // A cancelled callback request makes loadURL reject (ERR_BLOCKED_BY_CLIENT): that is the
    // success path. Any other failure leaves Chromium's error page up for the user to close.
    win.loadURL(authorizeUrl).catch(() => undefined);
  });
}

async function wipe(ses: Session): Promise<void> {
  await ses.clearStorageData().catch(() => undefined);
  await ses.clearCache().catch(() => undefined);
  await ses.clearAuthCache().catch(() => undefined);
}
