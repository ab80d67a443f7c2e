// What Fathom keeps in the keychain, one item each: the Schwab app (key, secret, callback URL
// and the API it was registered with), the refresh token with its issue time, and the current
// access token with its expiry. Nothing here is ever written anywhere else.
import { ACCESS_TOKEN_REDACTION_MS } from '../schwab/token-manager.ts';
import { registerBasicPair, registerSecret } from '../util/log.ts';
import type { Keychain } from './keychain.ts';

/** Schwab's hard limit; refreshing does not extend it (docs/schwab-streaming.md §1.3). */
export const REFRESH_TOKEN_LIFETIME_MS = 7 * 24 * 3_600_000;

export interface StoredApp {
  appKey: string;
  appSecret: string;
  callbackUrl: string;
  /** The API the tokens belong to (Schwab, or a simulator for tests and SCHWAB_API_BASE). */
  apiBase: string;
}

export interface StoredRefreshToken {
  token: string;
  /** When Schwab issued it (epoch ms); it dies REFRESH_TOKEN_LIFETIME_MS later. */
  issuedAt: number;
}

export interface StoredAccessToken {
  token: string;
  expiresAt: number;
}

export interface StoredCredentials {
  app: StoredApp | null;
  refresh: StoredRefreshToken | null;
  access: StoredAccessToken | null;
}

export const ACCOUNTS = Object.freeze({
  app: 'schwab-app',
  refresh: 'schwab-refresh-token',
  access: 'schwab-access-token',
  probe: 'schwab-write-check',
});

export class CredentialStore {
  readonly keychain: Keychain;

  constructor(keychain: Keychain) {
    this.keychain = keychain;
  }

  async load(): Promise<StoredCredentials> {
    // One after the other: on macOS each read may show the user an access prompt.
    const app = await this.loadApp();
    const refresh = await this.loadRefreshToken();
    const access = await this.loadAccessToken();
    return { app, refresh, access };
  }

  async loadApp(): Promise<StoredApp | null> {
    const value = parse(await this.keychain.get(ACCOUNTS.app));
    if (!value || !isText(value.appKey) || !isText(value.appSecret) || !isText(value.callbackUrl) || !isText(value.apiBase)) return null;
    registerBasicPair(value.appKey, value.appSecret);
    return { appKey: value.appKey, appSecret: value.appSecret, callbackUrl: value.callbackUrl, apiBase: value.apiBase };
  }

  async loadRefreshToken(): Promise<StoredRefreshToken | null> {
    const value = parse(await this.keychain.get(ACCOUNTS.refresh));
    if (!value || !isText(value.token) || !isTime(value.issuedAt)) return null;
    registerSecret(value.token);
    return { token: value.token, issuedAt: value.issuedAt };
  }

  async loadAccessToken(): Promise<StoredAccessToken | null> {
    const value = parse(await this.keychain.get(ACCOUNTS.access));
    if (!value || !isText(value.token) || !isTime(value.expiresAt)) return null;
    registerSecret(value.token, { forgetAfterMs: ACCESS_TOKEN_REDACTION_MS });
    return { token: value.token, expiresAt: value.expiresAt };
  }

  /** A completed sign-in. The refresh token goes last: its presence means the set is whole. */
  async saveSignIn(app: StoredApp, refresh: StoredRefreshToken, access: StoredAccessToken): Promise<void> {
    await this.saveApp(app);
    await this.saveAccessToken(access);
    await this.saveRefreshToken(refresh);
  }

  async saveApp(app: StoredApp): Promise<void> {
    registerBasicPair(app.appKey, app.appSecret);
    await this.keychain.set(ACCOUNTS.app, JSON.stringify(app));
  }

  async saveRefreshToken(refresh: StoredRefreshToken): Promise<void> {
    registerSecret(refresh.token);
    await this.keychain.set(ACCOUNTS.refresh, JSON.stringify(refresh));
  }

  async saveAccessToken(access: StoredAccessToken): Promise<void> {
    registerSecret(access.token, { forgetAfterMs: ACCESS_TOKEN_REDACTION_MS });
    await this.keychain.set(ACCOUNTS.access, JSON.stringify(access));
  }

  /**
   * Drops the tokens after Schwab refused the refresh token, keeping the app for the next
   * sign-in. Only if the stored refresh token is still the refused one: another process (the
   * CLI next to the app) may have signed in again meanwhile, and its tokens must survive.
   */
  async forgetTokens(refused: string | null): Promise<void> {
    const stored = await this.loadRefreshToken();
    if (stored && refused !== null && stored.token !== refused) return;
    await this.keychain.delete(ACCOUNTS.access);
    await this.keychain.delete(ACCOUNTS.refresh);
  }

  /** Sign-out: every item goes. Returns how many there were. */
  async clear(): Promise<number> {
    let deleted = 0;
    for (const account of [ACCOUNTS.refresh, ACCOUNTS.access, ACCOUNTS.app, ACCOUNTS.probe]) {
      if (await this.keychain.delete(account)) deleted++;
    }
    return deleted;
  }

  /** Proves the keychain takes writes before the user is sent off to sign in. */
  async checkWritable(): Promise<void> {
    await this.keychain.set(ACCOUNTS.probe, 'ok');
    await this.keychain.delete(ACCOUNTS.probe);
  }
}

/** A keychain item Fathom did not write (or an older shape) reads as absent, never as a crash. */
function parse(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 8192;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
