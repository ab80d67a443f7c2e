// Reading Schwab's redirect to the callback URL (docs/schwab-streaming.md §1.1, §1.4): the
// same rules for the Electron sign-in window that catches it and for an address the user
// pastes. Pure functions.
import { redact } from '../util/log.ts';

/** A sign-in problem the user can act on; its message is safe to show anywhere (redacted). */
export class SignInError extends Error {
  constructor(message: string) {
    super(redact(message));
    this.name = 'SignInError';
  }
}

/** Schwab wants https and the registered URL byte for byte; a trailing / already breaks it. */
export function checkCallbackUrl(callbackUrl: string): string {
  const text = callbackUrl.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SignInError(`the callback URL is not a URL: "${redact(text).slice(0, 80)}"`);
  }
  if (url.protocol !== 'https:') throw new SignInError('the callback URL must start with https:// (Schwab refuses others)');
  if (text.endsWith('/')) throw new SignInError('the callback URL must match the registered one exactly: drop the trailing /');
  if (url.username || url.password || url.hash || url.search) throw new SignInError('the callback URL takes no user, query or fragment');
  return text;
}

/** Is `candidate` an address on the callback: same scheme, host, port and path? */
export function isCallback(candidate: string, callbackUrl: string): boolean {
  const url = tryUrl(candidate);
  const callback = tryUrl(callbackUrl);
  if (!url || !callback || url.username || url.password) return false;
  return url.protocol === callback.protocol && url.host === callback.host && url.pathname === callback.pathname;
}

/**
 * The authorization code from a redirect, URL-decoded (Schwab's end in %40). Checks the exact
 * callback origin and path, the state of this sign-in, and Schwab's own error answer.
 */
export function codeFromRedirect(pasted: string, callbackUrl: string, state: string | null): string {
  const text = pasted.trim().replace(/^["'<]+|["'>]+$/g, '');
  const url = tryUrl(text);
  if (!url) throw new SignInError('that is not an address: paste the whole URL from the browser\'s address bar');
  if (!isCallback(text, callbackUrl)) {
    throw new SignInError(`that address is not the callback URL (${callbackUrl}); paste the address the browser was sent to after you approved the app`);
  }
  const params = rawParams(url.search);
  if (state !== null && params.get('state') !== state) {
    throw new SignInError('that address belongs to another sign-in attempt (its state does not match): use the one from the sign-in you just started');
  }
  const error = params.get('error');
  // Redacted before it is cut short, so no part of a secret survives the cut.
  if (error) throw new SignInError(`Schwab did not authorize the app: ${redact(error).slice(0, 100)}`);
  const code = params.get('code');
  if (!code) throw new SignInError('that address has no code= in it: paste the whole address, after you approved the app at Schwab');
  return code;
}

/**
 * Query parameters decoded the way Schwab's clients do (decodeURIComponent, as SDEV's unquote
 * and SCJS): a literal + stays a +, where URLSearchParams would turn it into a space.
 * A parameter given twice is ambiguous and refused.
 */
function rawParams(search: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    if (params.has(key)) throw new SignInError(`that address has ${key}= twice; paste it exactly as the browser shows it`);
    params.set(key, value);
  }
  return params;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new SignInError('that address is not validly encoded; paste it exactly as the browser shows it');
  }
}

function tryUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
