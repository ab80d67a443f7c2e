import { describe, expect, it } from 'vitest';
import type { AuthStatus } from '../../shared/ipc/auth.ts';
import { authView } from './auth-view.ts';

const now = Date.UTC(2024, 10, 29, 15);
const status = (over: Partial<AuthStatus>): AuthStatus => ({ state: 'signed-in', accessTokenExpiresAt: now + 25 * 60_000, refreshTokenExpiresAt: now + 6 * 86_400_000 + 23 * 3_600_000, reason: null, ...over });

describe('authView', () => {
  it('counts the refresh token down and grows urgent near the end', () => {
    const view = authView(status({}), now);
    expect(view).toMatchObject({ label: 'Signed in', tone: 'ok', refreshLeft: '6d 23h', refreshTone: 'ok', accessLeft: '25m 0s', canSignOut: true });
    expect(authView(status({ refreshTokenExpiresAt: now + 5 * 3_600_000 }), now)).toMatchObject({ refreshTone: 'warn', tone: 'warn' });
    expect(authView(status({ refreshTokenExpiresAt: now + 30 * 60_000 }), now).refreshTone).toBe('bad');
    expect(authView(status({ refreshTokenExpiresAt: now - 1 }), now).refreshLeft).toBe('expired');
  });

  it('says a refresh is being retried, and why, while the sign-in holds', () => {
    const retrying = authView(status({ reason: "Schwab's token service answered 503 (text), retrying in 4 s" }), now);
    expect(retrying).toMatchObject({ label: 'Signed in, retrying', tone: 'warn', detail: expect.stringMatching(/503.*retrying/), canSignOut: true });
  });

  it('says why sign-in is needed and offers nothing without a keychain', () => {
    expect(authView(status({ state: 'needs-sign-in', reason: 'refresh refused' }), now)).toMatchObject({ label: 'Sign-in needed', detail: 'refresh refused', canSignIn: true });
    expect(authView(status({ state: 'keychain-unavailable', reason: null, refreshTokenExpiresAt: null, accessTokenExpiresAt: null }), now)).toMatchObject({ canSignIn: false, canSignOut: false, refreshLeft: null });
    expect(authView(status({ state: 'signed-out', refreshTokenExpiresAt: null, accessTokenExpiresAt: null }), now)).toMatchObject({ canSignIn: true, canSignOut: false });
    expect(authView(null, now).label).toBe('Checking…');
  });
});
