// The CLI end to end, as a user runs it: record a demo session with `fathom record`, then
// `fathom flows` and `fathom replay --speed max` on that file print the same flows.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = new URL('./fathom.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fathom-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fathom(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, SCHWAB_APP_KEY: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('fathom record, flows and replay', () => {
  it('replays a recorded demo session into exactly the flows it stored', () => {
    const db = join(dir, 'x.db');
    const recorded = fathom('record', '--demo', '--symbols', 'SPY,QQQ', '--chain', 'SPY:6', '--intensity', '20', '--db', db, '--seconds', '12');
    expect(recorded.status, recorded.stderr).toBe(0);
    // A new database has the default rules and no webhook destinations: the summary has no webhooks
    // part (record-webhooks.test.ts has it).
    expect(recorded.stdout).toMatch(/^recorded session 1 to .*: \d+ frames, \d+ flows, \d+ alerts, 0 reconnects, 0 errors in 1\d\.\d s\n$/);
    const flows = fathom('flows', '--db', db, '--format', 'ndjson');
    const replayed = fathom('replay', '--db', db, '--speed', 'max', '--format', 'ndjson');
    expect(flows.status).toBe(0);
    expect(replayed.status).toBe(0);
    const lines = flows.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(replayed.stdout).toBe(flows.stdout);
    const first = JSON.parse(lines[0] as string) as Record<string, unknown>;
    for (const key of ['id', 'sessionId', 'time', 'symbol', 'underlying', 'expiry', 'strike', 'right', 'size', 'price', 'premium', 'side', 'direction', 'kind', 'whale', 'moneyness', 'otmPercent', 'dte', 'bid', 'ask', 'underlyingPrice', 'openInterest', 'dayVolume', 'iv', 'delta', 'conflated', 'prints', 'confidence', 'sideRule']) {
      expect(first, key).toHaveProperty(key);
    }
    expect(first.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(first.symbol).toMatch(/^[A-Z]{1,6} {0,5}\d{6}[CP]\d{8}$/);
    const csv = fathom('flows', '--db', db, '--format', 'csv', '--kind', 'SWEEP,BLOCK');
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^id,sessionId,time,symbol,/);
    expect(rows.slice(1).every((r) => /,(SWEEP|BLOCK),/.test(r))).toBe(true);
  }, 120_000);

  it('says in one line what is wrong, with exit code 2', () => {
    const badSymbol = fathom('record', '--demo', '--symbols', 'SPY   241329C00450000', '--db', join(dir, 'y.db'));
    expect(badSymbol.status).toBe(2);
    expect(badSymbol.stderr.trim().split('\n')).toHaveLength(1);
    expect(badSymbol.stderr).toMatch(/no month 13/);
    const badFolder = fathom('record', '--demo', '--symbols', 'SPY', '--db', '/no/such/folder/x.db');
    expect(badFolder.status).toBe(2);
    expect(badFolder.stderr).toMatch(/folder for --db does not exist/);
    const noCredentials = spawnSync(process.execPath, [CLI, 'record', '--symbols', 'SPY', '--db', join(dir, 'z.db')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: dir, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
    });
    expect(noCredentials.status).toBe(2);
    expect(noCredentials.stderr).toMatch(/no Schwab credentials|keychain/i);
  });
});
