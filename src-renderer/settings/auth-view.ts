// Schwab sign-in as the settings page says it: the state in words, how long the access token
// and the 7-day refresh token have left, and how urgent that is.
import type { AuthStatus } from '../../shared/ipc/auth.ts';
import { formatDateTimeEt, formatDuration } from '../../shared/format/format.ts';

export type AuthTone = 'ok' | 'warn' | 'bad' | 'info';

export interface AuthView {
  label: string;
  tone: AuthTone;
  detail: string;
  /** `6d 23h` until the refresh token runs out; null when there is none. */
  refreshLeft: string | null;
  refreshTone: AuthTone;
  refreshAt: string | null;
  accessLeft: string | null;
  /** Sign-in is offered (not while the keychain is unavailable). */
  canSignIn: boolean;
  canSignOut: boolean;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

export function authView(status: AuthStatus | null, now: number): AuthView {
  if (!status) return { label: 'Checking…', tone: 'info', detail: '', refreshLeft: null, refreshTone: 'info', refreshAt: null, accessLeft: null, canSignIn: false, canSignOut: false };
  const refreshMs = status.refreshTokenExpiresAt === null ? null : status.refreshTokenExpiresAt - now;
  const accessMs = status.accessTokenExpiresAt === null ? null : status.accessTokenExpiresAt - now;
  const refreshTone: AuthTone = refreshMs === null ? 'info' : refreshMs <= HOUR ? 'bad' : refreshMs <= DAY ? 'warn' : 'ok';
  const base = {
    refreshLeft: refreshMs === null ? null : refreshMs > 0 ? formatDuration(refreshMs) : 'expired',
    refreshTone,
    refreshAt: status.refreshTokenExpiresAt === null ? null : formatDateTimeEt(status.refreshTokenExpiresAt),
    accessLeft: accessMs === null ? null : accessMs > 0 ? formatDuration(accessMs) : 'expired (refreshes on use)',
  };
  switch (status.state) {
    case 'signed-in':
      // A reason while signed in is a refresh that failed for now and is being retried (a 503,
      // an HTML page): the token is kept, and the trader sees which it is.
      if (status.reason) return { ...base, label: 'Signed in, retrying', tone: 'warn', detail: status.reason, canSignIn: true, canSignOut: true };
      return { ...base, label: 'Signed in', tone: refreshTone === 'ok' ? 'ok' : refreshTone, detail: 'Live Schwab market data', canSignIn: true, canSignOut: true };
    case 'needs-sign-in':
      return { ...base, label: 'Sign-in needed', tone: 'warn', detail: status.reason ?? 'Schwab asks for a new sign-in', canSignIn: true, canSignOut: true };
    case 'keychain-unavailable':
      return { ...base, label: 'Keychain unavailable', tone: 'bad', detail: status.reason ?? 'the OS keychain cannot be reached; nothing is stored without it', canSignIn: false, canSignOut: false };
    case 'signed-out':
      return { ...base, label: 'Signed out', tone: 'info', detail: 'Demo market until you sign in', canSignIn: true, canSignOut: false };
  }
}
