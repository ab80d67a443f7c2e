// Destination URLs in the OS keychain, one item each, like the Schwab tokens
// (credentials/credential-store.ts): never written anywhere else, and their path and query are
// registered with the log's redaction the moment they are read or written, so no log line, error
// or status can carry the token a Discord or Slack URL embeds.
import { registerSecret } from '../util/log.ts';
import type { Keychain } from '../credentials/keychain.ts';

const ACCOUNT_PREFIX = 'webhook-url-';

export function webhookAccount(id: string): string {
  return `${ACCOUNT_PREFIX}${id}`;
}

export class WebhookSecrets {
  readonly keychain: Keychain;
  /** URLs read once stay in main's memory, as the access token does. */
  private readonly cache = new Map<string, string>();

  constructor(keychain: Keychain) {
    this.keychain = keychain;
  }

  /** The URL kept for a destination; null when there is none (or not one Fathom wrote). */
  async get(id: string): Promise<string | null> {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const url = parse(await this.keychain.get(webhookAccount(id)));
    if (url === null) return null;
    protect(url);
    this.cache.set(id, url);
    return url;
  }

  async set(id: string, url: string): Promise<void> {
    protect(url);
    await this.keychain.set(webhookAccount(id), JSON.stringify({ url }));
    this.cache.set(id, url);
  }

  /** True when an item was deleted. */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.keychain.delete(webhookAccount(id));
    this.cache.delete(id);
    return deleted;
  }
}

/** The part of a URL that is secret: everything after the host. */
function protect(url: string): void {
  const rest = /^[a-z]+:\/\/[^/?#]*(.*)$/i.exec(url)?.[1] ?? '';
  if (rest.length > 1) registerSecret(rest);
}

function parse(text: string | null): string | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    const url = typeof value === 'object' && value !== null ? (value as { url?: unknown }).url : undefined;
    return typeof url === 'string' && url.length > 0 && url.length <= 4096 ? url : null;
  } catch {
    return null;
  }
}
