// The Schwab sign-in window's decisions, Electron-free: which addresses its pages may reach,
// catching the callback before anything is sent to it, and the end of an attempt (caught,
// closed, timed out, or replaced by a newer one). sign-in-window.ts is the thin adapter that
// feeds it Electron's events; the stand-in test drives it as Electron would.
//
// The window shows Schwab's pages, so it lives under the same rules as every window (security.ts)
// with https in place of our own page: https only (main frame and frames), no new windows, no
// webviews, no permissions, no preload, dev tools off when packaged, and a private in-memory
// session wiped after every attempt.
import { isCallback } from '../../credentials/redirect.ts';
import type { Clock, TimerHandle } from '../../util/clock.ts';
import { silentLogger, type Logger } from '../../util/log.ts';
import { secureWebPreferences, urlForLog } from './security-policy.ts';

/** Not "persist:": the partition lives in memory only. */
export const SIGN_IN_PARTITION = 'fathom-signin';
export const SIGN_IN_TIMEOUT_MS = 15 * 60_000;

/** The window's options, but the session and the parent (Electron objects the adapter adds). */
export function signInWindowOptions(packaged: boolean) {
  return {
    title: 'Sign in with Schwab',
    width: 520,
    height: 760,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences({ packaged }),
  };
}

export type SignInVerdict = { action: 'allow' } | { action: 'callback' } | { action: 'refuse'; reason: string };

/**
 * Where the sign-in window's frames may navigate (will-navigate, will-frame-navigate,
 * will-redirect). The callback is caught first, whatever else; then https only. A subframe may
 * also become about:blank or about:srcdoc (its parent's own origin, no load of its own).
 * Without a callback (the app-wide guard) only the https rule applies.
 */
export function decideSignInNavigation(url: string, isMainFrame: boolean, callbackUrl: string | null): SignInVerdict {
  if (callbackUrl !== null && isCallback(url, callbackUrl)) return { action: 'callback' };
  const parsed = parse(url);
  if (!parsed) return { action: 'refuse', reason: 'not a URL' };
  if (parsed.username || parsed.password) return { action: 'refuse', reason: 'credentials in the URL' };
  if (parsed.protocol === 'https:') return { action: 'allow' };
  if (!isMainFrame && (url === 'about:blank' || url === 'about:srcdoc')) return { action: 'allow' };
  return { action: 'refuse', reason: `scheme ${parsed.protocol} is not https` };
}

/**
 * Every request of the sign-in session, redirects included, as the network layer sees it first.
 * Documents (frames) follow the navigation rule; a page's other requests may also use wss, data
 * and blob (Chromium already refuses http on an https page); nothing else leaves.
 */
export function decideSignInRequest(url: string, resourceType: string, callbackUrl: string): SignInVerdict {
  if (resourceType === 'mainFrame' || resourceType === 'subFrame') return decideSignInNavigation(url, resourceType === 'mainFrame', callbackUrl);
  if (isCallback(url, callbackUrl)) return { action: 'callback' };
  const scheme = parse(url)?.protocol;
  if (scheme === 'https:' || scheme === 'wss:' || scheme === 'data:' || scheme === 'blob:') return { action: 'allow' };
  return { action: 'refuse', reason: `scheme ${scheme ?? '(none)'} is not allowed` };
}

/** The first page, Schwab's authorize URL: https like everything after it, or an Error to show. */
export function firstSignInPage(authorizeUrl: string): string {
  const verdict = decideSignInNavigation(authorizeUrl, true, null);
  if (verdict.action === 'refuse') throw new Error(`the sign-in page must be an https address (${verdict.reason})`);
  return authorizeUrl;
}

/** What an attempt needs of its window. */
export interface SignInSurface {
  /** Closes the window at once (no close prompt). */
  destroy(): void;
  /** Stops intercepting, and clears the session's storage, cache and auth cache. */
  release(): Promise<void>;
}

export interface SignInAttemptOptions {
  callbackUrl: string;
  clock: Clock;
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * One sign-in window's life. The adapter calls the on* methods from Electron's events and does
 * what they answer; `result` resolves with the callback address caught, or null when the user
 * closed the window, the time ran out or a newer sign-in replaced this one.
 */
export class SignInAttempt {
  readonly result: Promise<string | null>;
  private readonly options: SignInAttemptOptions;
  private readonly log: Logger;
  private readonly timer: TimerHandle;
  private resolve!: (redirect: string | null) => void;
  private settled = false;
  private readonly surface: SignInSurface;

  constructor(surface: SignInSurface, options: SignInAttemptOptions) {
    this.surface = surface;
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('sign-in');
    this.result = new Promise((resolve) => (this.resolve = resolve));
    this.timer = options.clock.setTimeout(() => this.finish(null, 'timed out'), options.timeoutMs ?? SIGN_IN_TIMEOUT_MS);
  }

  get done(): boolean {
    return this.settled;
  }

  /** webRequest.onBeforeRequest: the callback is cancelled here, before anything is sent to it. */
  onRequest(url: string, resourceType: string): { cancel: boolean } {
    const verdict = decideSignInRequest(url, resourceType, this.options.callbackUrl);
    if (verdict.action === 'allow') return { cancel: false };
    if (verdict.action === 'callback') this.finish(url, 'caught the callback');
    else this.log.warn('sign-in request refused', { reason: verdict.reason, type: resourceType, url: urlForLog(url) });
    return { cancel: true };
  }

  /** will-navigate, will-frame-navigate, will-redirect: true means preventDefault. */
  onNavigation(url: string, isMainFrame: boolean): boolean {
    const verdict = decideSignInNavigation(url, isMainFrame, this.options.callbackUrl);
    if (verdict.action === 'allow') return false;
    if (verdict.action === 'callback') this.finish(url, 'caught the callback');
    else this.log.warn('sign-in navigation refused', { reason: verdict.reason, url: urlForLog(url) });
    return true;
  }

  /** Schwab's pages open no windows: not in Electron, not in the user's browser. */
  onWindowOpen(url: string): { action: 'deny' } {
    this.log.warn('sign-in window.open refused', { url: urlForLog(url) });
    return { action: 'deny' };
  }

  /** Permission requests and checks: always no. */
  onPermission(permission: string): false {
    this.log.info('sign-in permission denied', { permission });
    return false;
  }

  /** The user closed the window. */
  onClosed(): void {
    this.finish(null, 'closed by the user');
  }

  /** A newer sign-in replaces this one. */
  cancel(): void {
    this.finish(null, 'replaced');
  }

  private finish(redirect: string | null, why: string): void {
    if (this.settled) return;
    this.settled = true;
    this.options.clock.clearTimeout(this.timer);
    this.log.info('sign-in window done', { why });
    this.surface.destroy();
    // The cookies Schwab set must not outlive the attempt; a failed wipe is not the user's problem.
    void this.surface.release().catch((error: unknown) => this.log.warn('sign-in session not wiped', { reason: (error as Error)?.message }));
    this.resolve(redirect);
  }
}

/** One sign-in at a time: starting another ends the first one's window (its state is stale). */
export class SignInSlot {
  private current: SignInAttempt | null = null;

  take(attempt: SignInAttempt): Promise<string | null> {
    this.current?.cancel();
    this.current = attempt;
    void attempt.result.then(() => {
      if (this.current === attempt) this.current = null;
    });
    return attempt.result;
  }

  get active(): SignInAttempt | null {
    return this.current;
  }
}

function parse(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
