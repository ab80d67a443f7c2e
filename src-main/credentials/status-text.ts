// The sign-in status in one line of words, for `fathom status`, `fathom login` and the tray.
// Redacted on the way out: a reason may quote an error.
import type { AuthStatus } from '../../shared/ipc/auth.ts';
import { redact } from '../util/log.ts';
import { formatDuration } from './lifecycle.ts';

export function describeStatus(status: AuthStatus, now: number): string {
  return redact(inWords(status, now));
}

function inWords(status: AuthStatus, now: number): string {
  switch (status.state) {
    case 'signed-in': {
      const until = status.refreshTokenExpiresAt;
      // While signed in, a reason is a refresh being retried (auth-service.ts).
      const note = status.reason ? `; ${status.reason}` : '';
      if (until === null) return `signed in${note}`;
      return `signed in until ${formatTime(until)} (refresh token expires in ${formatDuration(until - now)})${note}`;
    }
    case 'needs-sign-in':
      return `needs sign-in: ${status.reason ?? 'sign in to Schwab again'}`;
    case 'keychain-unavailable':
      return `keychain unavailable: ${status.reason ?? 'the OS keychain cannot be reached'}`;
    case 'signed-out':
      return status.reason ? `signed out (${status.reason})` : 'signed out';
  }
}

/** "2026-05-08 14:32 UTC": unambiguous in a terminal and in a log. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
