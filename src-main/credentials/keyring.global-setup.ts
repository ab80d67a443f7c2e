// Vitest global setup: a private gnome-keyring on a private D-Bus bus for the whole run, so the
// keychain tests use a real Secret Service and never the developer's own keyring. Where the
// tools are missing the keychain tests are skipped with the reason printed, unless
// FATHOM_REQUIRE_KEYRING=1 (CI), where a missing keyring fails the run instead.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { keyringToolsMissing, startPrivateKeyring } from './private-keyring.testkit.ts';

export interface KeyringInfo {
  available: boolean;
  /** Why the keychain tests are skipped (empty when available). */
  reason: string;
  address: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    keyring: KeyringInfo;
  }
}

// Where there is no private keyring, D-Bus points nowhere: a keychain call that slipped past a
// skip fails as "unavailable" instead of reaching the user's real keyring.
const NOWHERE = 'unix:path=/nonexistent/fathom-test-bus';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const required = process.env.FATHOM_REQUIRE_KEYRING === '1';
  let reason = keyringToolsMissing() ?? '';
  let keyring: Awaited<ReturnType<typeof startPrivateKeyring>> | null = null;
  if (!reason) {
    try {
      // A throwaway password: the keyring and its files are deleted at the end of the run.
      keyring = await startPrivateKeyring({ password: randomBytes(12).toString('hex') });
    } catch (error) {
      reason = `the private gnome-keyring did not start: ${(error as Error).message}`;
    }
  }
  if (!keyring) {
    if (required) throw new Error(`FATHOM_REQUIRE_KEYRING=1 but the keychain tests cannot run: ${reason}`);
    console.warn(`\n[fathom] keychain tests SKIPPED: ${reason}\n`);
    process.env.DBUS_SESSION_BUS_ADDRESS = NOWHERE;
    project.provide('keyring', { available: false, reason, address: null });
    return async () => undefined;
  }
  // Test workers are forked after this and inherit the address.
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.address;
  project.provide('keyring', { available: true, reason: '', address: keyring.address });
  const running = keyring;
  return () => running.stop();
}
