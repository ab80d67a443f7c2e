// The keychain against a real Secret Service (gnome-keyring on the run's private D-Bus): round
// trips, overwrite, delete, other processes seeing the items, and the unavailable cases (no
// D-Bus at all, a keyring that is locked) failing clearly with nothing stored anywhere else.
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, CredentialStore } from './credential-store.ts';
import { KeychainUnavailableError, OsKeychain } from './keychain.ts';
import { startPrivateKeyring, type PrivateKeyring } from './private-keyring.testkit.ts';
import { describeKeychain, throwawayService } from './credentials.testkit.ts';

const KEYCHAIN_MODULE = new URL('./keychain.ts', import.meta.url).href;

/** Runs keychain calls in a fresh Node process with its own D-Bus address; returns what each did. */
function inChildProcess(busAddress: string, service: string): { op: string; ok: boolean; name?: string; message?: string; value?: unknown }[] {
  const script = `
    const { OsKeychain } = await import(${JSON.stringify(KEYCHAIN_MODULE)});
    const k = new OsKeychain({ service: ${JSON.stringify(service)}, timeoutMs: 10000 });
    const out = [];
    for (const [op, fn] of [['set', () => k.set('a', 'secret-value-xyz')], ['get', () => k.get('a')], ['delete', () => k.delete('a')]]) {
      try { out.push({ op, ok: true, value: await fn() }); }
      catch (e) { out.push({ op, ok: false, name: e.name, message: e.message }); }
    }
    console.log(JSON.stringify(out));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DBUS_SESSION_BUS_ADDRESS: busAddress },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

describeKeychain('the OS keychain (a real Secret Service)', () => {
  const used: OsKeychain[] = [];
  const keychain = () => {
    const k = new OsKeychain({ service: throwawayService(), timeoutMs: 10_000 });
    used.push(k);
    return k;
  };
  afterEach(async () => {
    for (const k of used.splice(0)) for (const account of ['a', 'b']) await k.delete(account);
  });

  it('round-trips, overwrites and deletes an item', async () => {
    const k = keychain();
    expect(await k.get('a')).toBeNull();
    await k.set('a', 'first');
    expect(await k.get('a')).toBe('first');
    await k.set('a', 'second');
    expect(await k.get('a')).toBe('second');
    expect(await k.delete('a')).toBe(true);
    expect(await k.get('a')).toBeNull();
    expect(await k.delete('a')).toBe(false);
  });

  it('keeps services and accounts apart', async () => {
    const one = keychain();
    const two = keychain();
    await one.set('a', 'one-a');
    await one.set('b', 'one-b');
    await two.set('a', 'two-a');
    expect([await one.get('a'), await one.get('b'), await two.get('a'), await two.get('b')]).toEqual(['one-a', 'one-b', 'two-a', null]);
  });

  it('keeps any text: unicode, JSON, 4 KiB', async () => {
    const k = keychain();
    const value = `{"t":"ünïcødé ✓ \\u0000"}${'x'.repeat(4096)}`;
    await k.set('a', value);
    expect(await k.get('a')).toBe(value);
  });

  it('is a real keychain item: another process reads and deletes it', async () => {
    const k = keychain();
    await k.set('a', 'from-the-test');
    const [set, get, del] = inChildProcess(process.env.DBUS_SESSION_BUS_ADDRESS ?? '', k.service);
    expect(set).toMatchObject({ op: 'set', ok: true });
    expect(get).toMatchObject({ op: 'get', ok: true, value: 'secret-value-xyz' });
    expect(del).toMatchObject({ op: 'delete', ok: true, value: true });
    expect(await k.get('a')).toBeNull();
  });
});

describeKeychain('the credential store', () => {
  const store = new CredentialStore(new OsKeychain({ service: throwawayService(), timeoutMs: 10_000 }));
  const app = { appKey: 'AppKey0123456789AppKey0123456789', appSecret: 'app-secret-1234567', callbackUrl: 'https://127.0.0.1:8182', apiBase: 'http://127.0.0.1:1' };
  afterEach(async () => {
    await store.clear();
  });

  it('keeps the app, the refresh token with its issue time and the access token as separate items', async () => {
    await store.saveSignIn(app, { token: 'refresh-token-1@', issuedAt: 1_000 }, { token: 'access-token-1@', expiresAt: 2_000 });
    expect(await store.load()).toEqual({ app, refresh: { token: 'refresh-token-1@', issuedAt: 1_000 }, access: { token: 'access-token-1@', expiresAt: 2_000 } });
    expect(JSON.parse((await store.keychain.get(ACCOUNTS.refresh)) ?? '')).toEqual({ token: 'refresh-token-1@', issuedAt: 1_000 });
    expect(JSON.parse((await store.keychain.get(ACCOUNTS.app)) ?? '')).toMatchObject({ appSecret: app.appSecret });
  });

  it('reads an item it did not write as absent, not as a crash', async () => {
    await store.keychain.set(ACCOUNTS.refresh, 'not json');
    await store.keychain.set(ACCOUNTS.app, JSON.stringify({ appKey: 7, __proto__: { appSecret: 'x' } }));
    await store.keychain.set(ACCOUNTS.access, '[1,2]');
    expect(await store.load()).toEqual({ app: null, refresh: null, access: null });
  });

  it('forgets a refused refresh token only while it is still the stored one', async () => {
    await store.saveSignIn(app, { token: 'newer-token@', issuedAt: 5 }, { token: 'access@', expiresAt: 9 });
    await store.forgetTokens('refused-older-token@');
    expect((await store.loadRefreshToken())?.token).toBe('newer-token@');
    await store.forgetTokens('newer-token@');
    expect(await store.load()).toEqual({ app, refresh: null, access: null });
  });

  it('clears every item on sign-out', async () => {
    await store.saveSignIn(app, { token: 'r@', issuedAt: 5 }, { token: 'a@', expiresAt: 9 });
    expect(await store.clear()).toBe(3);
    expect(await store.load()).toEqual({ app: null, refresh: null, access: null });
    expect(await store.clear()).toBe(0);
  });
});

describe.skipIf(process.platform !== 'linux')('an unavailable keychain', () => {
  it('fails every call with KeychainUnavailableError when there is no D-Bus, and stores nothing anywhere', () => {
    const results = inChildProcess('unix:path=/nonexistent/fathom-no-bus', throwawayService());
    expect(results.map((r) => [r.op, r.ok, r.name])).toEqual([
      ['set', false, 'KeychainUnavailableError'],
      ['get', false, 'KeychainUnavailableError'],
      ['delete', false, 'KeychainUnavailableError'],
    ]);
    expect(results[0]?.message).toMatch(/^cannot write the OS keychain \(Secret Service\): .*\/nonexistent\/fathom-no-bus/);
    expect(JSON.stringify(results)).not.toContain('secret-value-xyz');
  });

  it('names the error for what it is', () => {
    const error = new KeychainUnavailableError('cannot read the OS keychain');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('KeychainUnavailableError');
  });
});

describeKeychain('a locked keychain', () => {
  let locked: PrivateKeyring;
  beforeAll(async () => {
    // A Secret Service whose keyring was never unlocked; there is no prompt to unlock it with.
    locked = await startPrivateKeyring();
  });
  afterAll(async () => {
    await locked?.stop();
  });

  it('refuses the write with KeychainUnavailableError instead of storing it elsewhere', () => {
    const [set, get] = inChildProcess(locked.address, throwawayService());
    expect(set).toMatchObject({ op: 'set', ok: false, name: 'KeychainUnavailableError' });
    expect(set?.message).toMatch(/^cannot write the OS keychain \(Secret Service\)/);
    // Nothing was written: a read finds no item (or fails), never the value.
    expect(get?.value ?? null).toBeNull();
  });
});
