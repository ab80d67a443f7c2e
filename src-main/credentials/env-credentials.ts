// An app and refresh token given directly in SCHWAB_* variables instead of the keychain sign-in
// (CI, a headless recorder). Nothing here touches the keychain.
import type { SchwabRest } from '../schwab/rest.ts';
import { AccessTokenManager, type RefreshTokenStore } from '../schwab/token-manager.ts';
import type { Clock } from '../util/clock.ts';
import { registerBasicPair, registerSecret, type Logger } from '../util/log.ts';
import { checkApiBase } from './sign-in-input.ts';

/** The app and refresh token given in the environment instead of the keychain sign-in. */
export interface EnvCredentials {
  appKey: string;
  appSecret: string;
  refreshToken: string;
  apiBase: string | undefined;
}

/**
 * Credentials from SCHWAB_APP_KEY, SCHWAB_APP_SECRET, SCHWAB_REFRESH_TOKEN (+ SCHWAB_API_BASE,
 * refused here unless https or a loopback simulator: the app secret must not travel in clear).
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): EnvCredentials | null {
  const appKey = env.SCHWAB_APP_KEY?.trim();
  const appSecret = env.SCHWAB_APP_SECRET?.trim();
  const refreshToken = env.SCHWAB_REFRESH_TOKEN?.trim();
  if (!appKey || !appSecret || !refreshToken) return null;
  registerBasicPair(appKey, appSecret);
  registerSecret(refreshToken);
  const apiBase = env.SCHWAB_API_BASE?.trim() || undefined;
  return { appKey, appSecret, refreshToken, apiBase: apiBase === undefined ? undefined : checkApiBase(apiBase, (message) => new Error(message)) };
}

/** Access tokens refreshed from the environment's refresh token (Schwab may rotate it). */
export function envTokenSource(credentials: EnvCredentials, rest: SchwabRest, clock: Clock, logger: Logger): AccessTokenManager {
  let refreshToken = credentials.refreshToken;
  const store: RefreshTokenStore = {
    load: async () => refreshToken,
    // The rotated token is authoritative for this process.
    rotated: async (next) => {
      refreshToken = next;
    },
  };
  return new AccessTokenManager({ rest, app: credentials, store, clock, logger });
}
