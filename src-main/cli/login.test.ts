// `fathom login`, `status`, `logout` and `record`'s keychain fallback against the simulator's
// OAuth over real HTTP and the real keychain (private gnome-keyring), each under a throwaway
// keychain service; and the same commands as child processes when there is no keychain at all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialStore } from '../credentials/credential-store.ts';
import { OsKeychain } from '../credentials/keychain.ts';
import { approveInBrowser, describeKeychain, startOAuthSimulator, TEST_APP, throwawayService, type SimSetup } from '../credentials/credentials.testkit.ts';
import { main } from './main.ts';

const FATHOM = new URL('./fathom.mjs', import.meta.url).pathname;

interface Run {
  code: Promise<number>;
  out: string[];
  err: string[];
  stdin: PassThrough;
  /** Resolves with the authorize URL once `login` prints it. */
  authorizeUrl: Promise<string>;
}

function run(args: string[], env: NodeJS.ProcessEnv): Run {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = new PassThrough();
  let printed: (url: string) => void = () => undefined;
  const authorizeUrl = new Promise<string>((resolve) => (printed = resolve));
  const io = {
    out: (line: string) => {
      out.push(line);
      if (line.includes('/v1/oauth/authorize?')) printed(line);
    },
    err: (line: string) => err.push(line),
    stdin,
    env,
  };
  return { code: main(args, io), out, err, stdin, authorizeUrl };
}

describeKeychain('fathom login, status, logout (real keychain, simulator OAuth)', () => {
  let setup: SimSetup;
  let env: NodeJS.ProcessEnv;
  let store: CredentialStore;
  const dirs: string[] = [];

  beforeEach(async () => {
    // The CLI runs on the wall clock; the simulator's starts there and moves only when told.
    setup = await startOAuthSimulator(Date.now());
    const service = throwawayService();
    store = new CredentialStore(new OsKeychain({ service }));
    env = {
      FATHOM_KEYCHAIN_SERVICE: service,
      SCHWAB_API_BASE: setup.sim.apiBase,
      SCHWAB_APP_KEY: TEST_APP.appKey,
      SCHWAB_APP_SECRET: TEST_APP.appSecret,
      SCHWAB_CALLBACK_URL: TEST_APP.callbackUrl,
    };
  });

  afterEach(async () => {
    await store.clear();
    await setup.sim.stop();
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function login(loginEnv = env, beforePaste: () => void = () => undefined): Promise<Run> {
    const cli = run(['login'], loginEnv);
    const redirect = await approveInBrowser(await cli.authorizeUrl);
    beforePaste();
    cli.stdin.end(`${redirect}\n`);
    await cli.code;
    return cli;
  }

  it('login prints the authorize URL, reads the pasted address and signs in; status and logout follow', async () => {
    const cli = await login();
    expect(await cli.code).toBe(0);
    expect(cli.out).toHaveLength(2);
    expect(cli.out[0]).toMatch(new RegExp(`^${setup.sim.apiBase}/v1/oauth/authorize\\?client_id=${TEST_APP.appKey}&`));
    expect(cli.out[1]).toMatch(/^signed in until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(refresh token expires in 6d 23h\)$/);
    expect(cli.err.join('\n')).toMatch(/Paste its whole address here at once/);
    const stored = await store.load();
    expect(stored.app?.apiBase).toBe(setup.sim.apiBase);

    const status = run(['status'], env);
    expect(await status.code).toBe(0);
    expect(status.out).toEqual([cli.out[1]]);
    const json = run(['status', '--json'], env);
    expect(await json.code).toBe(0);
    expect(JSON.parse(json.out[0] ?? '')).toMatchObject({ state: 'signed-in', reason: null, refreshTokenExpiresAt: (stored.refresh?.issuedAt ?? 0) + 7 * 86_400_000 });

    const all = [...cli.out, ...cli.err, ...status.out, ...json.out].join('\n');
    for (const secret of [TEST_APP.appSecret, stored.refresh?.token, stored.access?.token]) expect(all).not.toContain(secret);

    const logout = run(['logout'], env);
    expect(await logout.code).toBe(0);
    expect(logout.out).toEqual(['signed out: the Schwab app secret and tokens are deleted from the keychain']);
    expect(await store.load()).toEqual({ app: null, refresh: null, access: null });
    const after = run(['status'], env);
    expect(await after.code).toBe(0);
    expect(after.out).toEqual(['signed out: run `npx fathom login` to sign in with Schwab']);
  });

  it('prompts for what the environment lacks, and signs in again later with the stored app', async () => {
    const partial = { ...env, SCHWAB_APP_SECRET: undefined, SCHWAB_CALLBACK_URL: undefined };
    const cli = run(['login'], partial);
    cli.stdin.write(`${TEST_APP.appSecret}\n${TEST_APP.callbackUrl}\n`);
    cli.stdin.end(`${await approveInBrowser(await cli.authorizeUrl)}\n`);
    expect(await cli.code).toBe(0);
    expect(cli.err.slice(0, 2)).toEqual(['App secret (SCHWAB_APP_SECRET):', 'Callback URL (SCHWAB_CALLBACK_URL), exactly as registered at Schwab:']);

    const again = await login({ FATHOM_KEYCHAIN_SERVICE: env.FATHOM_KEYCHAIN_SERVICE, SCHWAB_API_BASE: env.SCHWAB_API_BASE });
    expect(await again.code).toBe(0);
    expect(again.err[0]).toMatch(/stored in the keychain/);
  });

  it('fails clearly on an expired code, a wrong address and bad input', async () => {
    const late = await login(env, () => setup.clock.advance(31_000));
    expect(await late.code).toBe(1);
    expect(late.err.at(-1)).toMatch(/^fathom login: Schwab refused the code: it lives about 30 seconds/);

    const wrong = run(['login'], env);
    await wrong.authorizeUrl;
    wrong.stdin.end('https://127.0.0.1:8182/elsewhere?code=x\n');
    expect(await wrong.code).toBe(1);
    expect(wrong.err.at(-1)).toMatch(/not the callback URL/);

    const slash = run(['login'], { ...env, SCHWAB_CALLBACK_URL: `${TEST_APP.callbackUrl}/` });
    expect(await slash.code).toBe(2);
    expect(slash.err).toEqual(['fathom login: the callback URL must match the registered one exactly: drop the trailing /']);

    const nothing = run(['login'], { ...env, SCHWAB_APP_KEY: undefined });
    nothing.stdin.end();
    expect(await nothing.code).toBe(2);
    expect(nothing.err.at(-1)).toMatch(/no app key/);
    expect(await store.load()).toEqual({ app: null, refresh: null, access: null });
  });

  it('record streams with the keychain sign-in when the environment has no credentials', async () => {
    expect(await (await login()).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'fathom-record-'));
    dirs.push(dir);
    const noCredentials = { FATHOM_KEYCHAIN_SERVICE: env.FATHOM_KEYCHAIN_SERVICE, FATHOM_LOG_LEVEL: 'error' };
    const before = setup.sim.stats();
    const record = run(['record', '--symbols', 'SPY', '--db', join(dir, 'r.db'), '--seconds', '1'], noCredentials);
    expect(await record.code).toBe(0);
    expect(record.out.at(-1)).toMatch(/^recorded session \d+ to /);
    // The keychain's access token opened the session at the simulator's REST and streamer.
    expect(setup.sim.stats().restRequests).toBeGreaterThan(before.restRequests);
    expect(setup.sim.stats().connectionsTotal).toBeGreaterThan(before.connectionsTotal);

    await run(['logout'], env).code;
    const signedOut = run(['record', '--symbols', 'SPY', '--db', join(dir, 'r.db')], noCredentials);
    expect(await signedOut.code).toBe(2);
    expect(signedOut.err[0]).toMatch(/the keychain has no Schwab sign-in \(signed out\)\. Run `npx fathom login`/);
  });
});

// Child processes (each loads the TypeScript sources afresh), so they get a longer timeout.
describe.skipIf(process.platform !== 'linux')('the CLI without a keychain (no D-Bus)', { timeout: 60_000 }, () => {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/fathom-no-bus',
    FATHOM_KEYCHAIN_SERVICE: throwawayService(),
  };
  const fathom = (args: string[], extra: Record<string, string> = {}) =>
    spawnSync(process.execPath, [FATHOM, ...args], { env: { ...env, ...extra }, encoding: 'utf8', input: '', timeout: 20_000 });

  it('status says so in one line and exits 1; --json gives the state', () => {
    const status = fathom(['status']);
    expect(status.status).toBe(1);
    expect(status.stdout).toMatch(/^keychain unavailable: cannot read the OS keychain \(Secret Service\): .+\n$/);
    const json = fathom(['status', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ state: 'keychain-unavailable', accessTokenExpiresAt: null, refreshTokenExpiresAt: null });
  });

  it('login stops before the browser step and stores nothing; logout and record say why', () => {
    const login = fathom(['login'], { SCHWAB_APP_KEY: TEST_APP.appKey, SCHWAB_APP_SECRET: TEST_APP.appSecret, SCHWAB_CALLBACK_URL: TEST_APP.callbackUrl });
    expect(login.status).toBe(1);
    expect(login.stdout).toBe('');
    expect(login.stderr).toMatch(/^fathom login: cannot write the OS keychain \(Secret Service\): .+Nothing was stored/);
    expect(login.stderr).not.toContain(TEST_APP.appSecret);
    const logout = fathom(['logout']);
    expect(logout.status).toBe(1);
    expect(logout.stderr).toMatch(/nothing was deleted/);
    const record = fathom(['record', '--symbols', 'SPY', '--db', join(tmpdir(), 'fathom-never.db')]);
    expect(record.status).toBe(2);
    expect(record.stderr).toMatch(/keychain unavailable: .+ Set them, or pass --demo/);
  });
});
