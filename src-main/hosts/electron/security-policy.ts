// Every security decision of the desktop shell, as pure functions: which URL is our own page,
// which external link may open in the user's browser, where a window may navigate and the fixed
// web preferences. security.ts applies them to Electron in one place; the tests here feed them
// hostile input. (The CSP and the app:// scheme are in renderer-protocol.ts.)
import { appPath, PAGE_URL } from './renderer-protocol.ts';

/**
 * The web preferences of every window the app opens (Fathom's windows and the sign-in window):
 * no Node, isolated, sandboxed. Only the preload (and the sign-in window's session) differ.
 */
export const SECURE_WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
});

export interface WebPreferenceChoice {
  /** `app.isPackaged`: the packaged app opens no developer tools, in any window. */
  packaged: boolean;
  /** The preload bundle; the sign-in window has none. */
  preload?: string;
}

/** The full web preferences for a window: the fixed ones, its preload, dev tools off when packaged. */
export function secureWebPreferences(choice: WebPreferenceChoice): typeof SECURE_WEB_PREFERENCES & { devTools: boolean; preload?: string } {
  return { ...SECURE_WEB_PREFERENCES, devTools: !choice.packaged, ...(choice.preload ? { preload: choice.preload } : {}) };
}

export interface OwnPage {
  /** The renderer's index.html on the app scheme (app://fathom/index.html). */
  readonly url: string;
  /** True when `url` is that page (any query, any fragment), and nothing else. */
  matches(url: string): boolean;
}

/**
 * Our page: the URL the app:// handler would answer with index.html, decided by the same rules
 * (renderer-protocol.ts appPath), so the IPC gate and the navigation guard cannot disagree with
 * what is served.
 */
export function ownPage(): OwnPage {
  return {
    url: PAGE_URL,
    matches(candidate) {
      const named = appPath(candidate);
      return named.ok && named.path === 'index.html';
    },
  };
}

export type ExternalCheck = { ok: true; url: string } | { ok: false; reason: string };

const MAX_EXTERNAL_URL = 2048;

/**
 * The only places Fathom sends the user's browser (Electron's checklist, item 15): Schwab's
 * authorize page, where a sign-in starts (docs/schwab-streaming.md §1.1; the settings page opens
 * it when the user signs in from the browser), and Schwab's developer portal, where the app key,
 * secret and callback URL are registered (§1.3, §1.4). Exact host names, the default port, and
 * for the API host only the authorize path: api.schwabapi.com also serves the trading API.
 */
export const EXTERNAL_DESTINATIONS: readonly { host: string; paths: readonly string[] | null }[] = Object.freeze([
  { host: 'api.schwabapi.com', paths: ['/v1/oauth/authorize'] },
  { host: 'developer.schwab.com', paths: null },
]);

/**
 * Whether a link may open in the user's browser: https only, one of EXTERNAL_DESTINATIONS, no
 * credentials in it, no control characters, not absurdly long. Every opening is logged too.
 */
export function checkExternalUrl(raw: unknown): ExternalCheck {
  if (typeof raw !== 'string') return { ok: false, reason: 'not a string' };
  if (raw.length > MAX_EXTERNAL_URL) return { ok: false, reason: 'too long' };
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw)) return { ok: false, reason: 'whitespace or control characters' };
  const url = parseUrl(raw);
  if (!url) return { ok: false, reason: 'not a URL' };
  if (url.protocol !== 'https:') return { ok: false, reason: `scheme ${url.protocol} is not https` };
  if (url.username || url.password) return { ok: false, reason: 'credentials in the URL' };
  if (url.port !== '') return { ok: false, reason: 'not the default https port' };
  const destination = EXTERNAL_DESTINATIONS.find((d) => d.host === url.hostname);
  if (!destination) return { ok: false, reason: `host ${url.hostname.slice(0, 100)} is not a Schwab page Fathom opens` };
  if (destination.paths && !destination.paths.includes(url.pathname)) return { ok: false, reason: `path ${url.pathname.slice(0, 100)} is not one Fathom opens on ${url.hostname}` };
  return { ok: true, url: url.href };
}

export interface NavigationDecision {
  allow: boolean;
}

/** In-page navigations: only to our own page (a reload with another query). */
export function decideNavigation(url: string, page: OwnPage): NavigationDecision {
  return { allow: page.matches(url) };
}

export interface WindowOpenDecision {
  action: 'deny';
  /** Set when the request was a checked link that may open in the user's browser instead. */
  external: string | null;
}

/**
 * `window.open` and target=_blank: never a new Electron window. A checked link goes to the
 * user's browser only when our own page asked; any other page (the sign-in window's Schwab
 * pages, a page that somehow got into one of our windows) opens nothing at all.
 */
export function decideWindowOpen(url: string, fromOwnPage: boolean): WindowOpenDecision {
  if (!fromOwnPage) return { action: 'deny', external: null };
  const checked = checkExternalUrl(url);
  return { action: 'deny', external: checked.ok ? checked.url : null };
}

/** A URL for a log line: scheme, host and path, never the query or fragment (tokens live there). */
export function urlForLog(text: string): string {
  const url = parseUrl(text);
  if (!url) return '(not a URL)';
  const shown = url.host === '' ? `${url.protocol}${url.pathname}` : `${url.protocol}//${url.host}${url.pathname}`;
  return shown.length > 160 ? `${shown.slice(0, 159)}…` : shown;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
