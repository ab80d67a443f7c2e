// Test-only helpers for the credentials tests: the private keyring's availability, keychain
// items under a throwaway service name, a simulator whose OAuth runs on a manual clock, and a
// "browser" that follows Schwab's authorize redirect. Waiting is on events, never on time.
import { randomUUID } from 'node:crypto';
import { describe, inject } from 'vitest';
import { ScriptedMarket } from '../simulator/server/scripted-market.testkit.ts';
import { startSimulator, type Simulator } from '../simulator/server/simulator.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import type { Emitter } from '../util/emitter.ts';
import { CredentialStore } from './credential-store.ts';
import { OsKeychain } from './keychain.ts';

export const keyring = inject('keyring');
// Forked workers inherit the address from the global setup; set it again in case a pool
// does not (the keyring library reads it at its first call).
if (keyring.address) process.env.DBUS_SESSION_BUS_ADDRESS = keyring.address;

/** A describe that runs only where the private keyring runs (skipped with the setup's reason). */
export const describeKeychain = keyring.available ? describe : describe.skip;

export function throwawayService(): string {
  return `fathom-test-${randomUUID()}`;
}

export function throwawayStore(): CredentialStore {
  return new CredentialStore(new OsKeychain({ service: throwawayService(), timeoutMs: 10_000 }));
}

/** A Schwab app with a port and a path in its callback, so origin and path checks matter. */
export const TEST_APP = Object.freeze({
  appKey: 'FathomTestAppKey0123456789abcdef',
  appSecret: `test-secret-${randomUUID()}`,
  callbackUrl: 'https://127.0.0.1:8182/fathom/callback',
});

export interface SimSetup {
  clock: ManualClock;
  sim: Simulator;
}

/** The simulator on a manual clock; hour-long ticks so a week passes in a few hundred steps. */
export async function startOAuthSimulator(start = Date.UTC(2025, 0, 6, 14, 0, 0)): Promise<SimSetup> {
  const clock = new ManualClock(start);
  const sim = await startSimulator({ clock, market: new ScriptedMarket(clock.now()), tickMs: 3_600_000, app: { ...TEST_APP } });
  return { clock, sim };
}

/** What the browser does after the user approves: Schwab's 302 to the callback, not followed. */
export async function approveInBrowser(authorizeUrl: string): Promise<string> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
  return location;
}

export function nextEvent<E extends { [K in keyof E]: unknown }, K extends keyof E>(emitter: Emitter<E>, event: K, test: (payload: E[K]) => boolean = () => true): Promise<E[K]> {
  return new Promise((resolve) => {
    const off = emitter.on(event, (payload) => {
      if (!test(payload)) return;
      off();
      resolve(payload);
    });
  });
}

/**
 * Lets pending I/O run until `ready()` holds: it yields to the event loop, it does not sleep.
 * The deadline only turns a bug into a failure instead of a hang.
 */
export async function settle(ready: () => boolean, deadlineMs = 5_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
