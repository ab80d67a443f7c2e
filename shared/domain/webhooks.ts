// Webhook destinations for alerts. Settings keep only what is safe to show: the full URL (a
// Discord or Slack URL embeds its secret token) lives only in the OS keychain, in main.

export type WebhookFormat = 'generic' | 'discord' | 'slack';
export const WEBHOOK_FORMATS: readonly WebhookFormat[] = ['generic', 'discord', 'slack'];

export const WEBHOOK_FORMAT_LABELS: Readonly<Record<WebhookFormat, string>> = {
  generic: 'Generic JSON',
  discord: 'Discord',
  slack: 'Slack',
};

export interface WebhookDestination {
  id: string;
  name: string;
  format: WebhookFormat;
  /** The URL with its path and query hidden, e.g. `discord.com/…/••••` (redactUrl). */
  host: string;
}

export interface WebhookSettings {
  destinations: WebhookDestination[];
}

/**
 * A destination's delivery state. idle: nothing sent yet; ok: the last message was delivered;
 * retrying: an attempt failed and another follows at `nextAttemptAt`; failed: the last message
 * was given up on (`lastError` says why).
 */
export type DeliveryState = 'idle' | 'ok' | 'retrying' | 'failed';

export interface DeliveryStatus {
  id: string;
  state: DeliveryState;
  /** The last failure in words (never the URL's path or query); null after a delivery. */
  lastError: string | null;
  /** When the last failure happened (epoch ms). */
  lastErrorAt: number | null;
  lastDeliveredAt: number | null;
  /** The attempt that failed last for the message in hand (1-based); 0 when none failed. */
  attempt: number;
  nextAttemptAt: number | null;
  /** Messages waiting (the one in hand included). */
  queued: number;
  delivered: number;
  /** Messages given up on, and those dropped because the queue was full. */
  failed: number;
  dropped: number;
}

export function idleStatus(id: string): DeliveryStatus {
  return { id, state: 'idle', lastError: null, lastErrorAt: null, lastDeliveredAt: null, attempt: 0, nextAttemptAt: null, queued: 0, delivered: 0, failed: 0, dropped: 0 };
}

interface UrlParts {
  scheme: string;
  hostname: string;
  /** Host and port as written (lower case). */
  host: string;
  /** Path, query and fragment. */
  rest: string;
}

// shared/ runs without the DOM or Node's URL: a strict reading of the few URLs this accepts.
const URL_SHAPE = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]*)([^\s]*)$/i;
const HOST_SHAPE = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

function urlParts(text: string): UrlParts | string {
  const match = URL_SHAPE.exec(text);
  if (!match) return 'not a URL';
  const [, scheme = '', authority = '', rest = ''] = match;
  if (authority.includes('@')) return 'a user or password in the URL is not allowed';
  const host = HOST_SHAPE.exec(authority);
  if (!host) return 'the URL has no valid host';
  const port = host[2] ? Number(host[2].slice(1)) : null;
  if (port !== null && (port < 1 || port > 65535)) return 'the port must be 1 to 65535';
  return { scheme: scheme.toLowerCase(), hostname: (host[1] ?? '').toLowerCase(), host: authority.toLowerCase(), rest };
}

/**
 * The one rule for a destination URL, for both sides: https anywhere, plain http only to this
 * machine (tests and local bridges); no user or password in it. Returns the problem in words.
 */
export function webhookUrlProblem(text: string): string | null {
  const url = urlParts(text);
  if (typeof url === 'string') return url;
  if (url.scheme === 'https') return null;
  if (url.scheme === 'http' && LOOPBACK.has(url.hostname)) return null;
  return 'only https URLs (plain http only to 127.0.0.1 or localhost)';
}

const LOOPBACK: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** What settings and the window show of a URL: its host (and port), the rest hidden. */
export function redactUrl(text: string): string {
  const url = urlParts(text);
  if (typeof url === 'string') return '••••';
  const hidden = url.rest !== '' && url.rest !== '/' ? '/…/••••' : '';
  return `${url.host}${hidden}`;
}
