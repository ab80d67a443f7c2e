// Schwab sign-in. The renderer only ever sees a status: tokens and the app secret stay in main.
import { z } from 'zod';
import { defineDomain, event, LIMITS, request } from './define.ts';
import { empty } from './common.ts';

export type AuthState = 'signed-out' | 'signed-in' | 'needs-sign-in' | 'keychain-unavailable';

export interface AuthStatus {
  state: AuthState;
  /** When the current access token expires (epoch ms). */
  accessTokenExpiresAt: number | null;
  /** When the 7-day refresh token runs out (epoch ms). */
  refreshTokenExpiresAt: number | null;
  /** Why sign-in is needed or the keychain failed, in words. */
  reason: string | null;
}

export interface AuthWarning {
  /** sign-in-failed: a sign-in finished in the background (the Electron window) did not work. */
  kind: 'refresh-expires-24h' | 'refresh-expires-1h' | 'refresh-failed' | 'sign-in-failed';
  at: number;
  refreshTokenExpiresAt: number | null;
  message: string;
}

const https = z
  .string()
  .trim()
  .max(LIMITS.shortText)
  .refine((u) => /^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(u) && !u.endsWith('/'), {
    message: 'the callback URL must be https and match the registered one exactly (no trailing /)',
  });

const domain = defineDomain(
  'auth',
  {
    status: request<AuthStatus>()(empty),
    /** With the app's key, secret and callback URL; or `{}` to sign in again with the stored app. */
    begin: request<{ authorizeUrl: string }>()(
      z.union([
        z.strictObject({
          appKey: z.string().trim().min(16).max(128).regex(/^[A-Za-z0-9]+$/),
          appSecret: z.string().trim().min(8).max(256),
          callbackUrl: https,
        }),
        z.strictObject({}),
      ]),
      ['feed'],
    ),
    complete: request<AuthStatus>()(z.strictObject({ redirectUrl: z.string().trim().max(LIMITS.longText) }), ['feed']),
    signOut: request<AuthStatus>()(empty, ['feed']),
  },
  {
    status: event<AuthStatus>('latest'),
    warning: event<AuthWarning>('every'),
  },
);

export const auth = domain.requests;
export const authEvents = domain.events;
