// Every security decision of the desktop shell, as pure functions: which URL is our own page,
// which external link may open in the user's browser, the Content-Security-Policy, and the
// fixed web preferences. security.ts applies them to Electron in one place; the tests here
// feed them hostile input.
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The web preferences of every Fathom window. Only the preload differs per window kind.
 * `devTools` is decided by the caller (off in the packaged app).
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

/**
 * The policy our pages get as a response header, on top of the <meta> policy in
 * src-renderer/index.html (a page obeys both). No remote origin anywhere; the meta policy's
 * loopback WebSocket exists for the web host and is not allowed here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export interface OwnPage {
  /** The renderer's index.html as a file:// URL. */
  readonly url: string;
  /** True when `url` is that page (any query, any fragment), and nothing else. */
  matches(url: string): boolean;
}

export function ownPage(indexHtmlPath: string): OwnPage {
  const index = pathToFileURL(indexHtmlPath);
  const indexPath = fileURLToPath(index);
  return {
    url: index.href,
    matches(candidate) {
      const parsed = parseUrl(candidate);
      if (!parsed || parsed.protocol !== 'file:' || parsed.host !== '' || parsed.username || parsed.password) return false;
      try {
        // Compared as file paths, so percent-encoding and `..` segments cannot smuggle another file.
        return fileURLToPath(parsed) === indexPath;
      } catch {
        return false;
      }
    },
  };
}

export type ExternalCheck = { ok: true; url: string } | { ok: false; reason: string };

const MAX_EXTERNAL_URL = 2048;

/**
 * Whether a link may open in the user's browser: https only, a real host name, no credentials
 * in it, no control characters, not absurdly long. Hosts are not allow-listed (a flow's
 * underlying may link anywhere); every opening is logged instead.
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
  if (!url.hostname || !url.hostname.includes('.') || url.hostname.endsWith('.')) return { ok: false, reason: 'not a public host name' };
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
  /** Set when the request was an https link that may open in the user's browser instead. */
  external: string | null;
}

/** `window.open` and target=_blank: never a new Electron window; an https link goes outside. */
export function decideWindowOpen(url: string): WindowOpenDecision {
  const checked = checkExternalUrl(url);
  return { action: 'deny', external: checked.ok ? checked.url : null };
}

/** Adds (or replaces) the CSP header on a response's headers. */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** A URL for a log line: scheme, host and path, never the query or fragment (tokens live there). */
export function urlForLog(text: string): string {
  const url = parseUrl(text);
  if (!url) return '(not a URL)';
  const shown = url.protocol === 'file:' || url.host === '' ? `${url.protocol}${url.pathname}` : `${url.protocol}//${url.host}${url.pathname}`;
  return shown.length > 160 ? `${shown.slice(0, 159)}…` : shown;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
