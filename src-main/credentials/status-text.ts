// The sign-in status in one line of words, for `fathom status`, `fathom login` and the tray.
import type { AuthStatus } from '../../shared/ipc/auth.ts';
import { formatDuration } from './lifecycle.ts';

export function describeStatus(status: AuthStatus, now: number): string {
  switch (status.state) {
    case 'signed-in': {
      const until = status.refreshTokenExpiresAt;
      if (until === null) return 'signed in';
      return `signed in until ${formatTime(until)} (refresh token expires in ${formatDuration(until - now)})`;
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
