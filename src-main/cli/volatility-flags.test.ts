// `fathom flows` with the delta, IV and IV-rank flags, on a real store file holding flows and
// generated IV history.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import type { IvSample } from '../../shared/domain/volatility.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { etDateString, etToEpoch } from '../../shared/time/eastern.ts';
import { openDatabase } from '../store/database.ts';
import { upsertFlows } from '../store/flows.ts';
import { insertIvSamples } from '../store/iv-history.ts';
import { createSession } from '../store/sessions.ts';
import { UsageError } from './args.ts';
import { flowsCommand } from './flows.ts';

const NOW = etToEpoch(2026, 12, 3, 15, 30);
let dir: string;
let db: string;

/** One sample a weekday for `n` weekdays ending 2026-12-03, IVs from `ivOf` (oldest first). */
function history(underlying: string, n: number, ivOf: (i: number) => number): IvSample[] {
  const out: IvSample[] = [];
  for (let t = NOW; out.length < n; t -= 86_400_000) {
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) out.push({ underlying, time: t, day: etDateString(t), iv: 0, spot: 100, frontExpiry: null, frontIv: null, backExpiry: null, backIv: null });
  }
  return out.reverse().map((s, i) => ({ ...s, iv: ivOf(i) }));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-cli-iv-'));
  db = join(dir, 'f.db');
  const store = openDatabase(db);
  const session = createSession(store, { source: 'demo', symbols: [], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt: NOW - 60_000 });
  const flow = (seq: number, o: Partial<Flow>): Flow => {
    const { cancelled: _c, ...row } = flowRow({ id: `${session}-${seq}`, sessionId: String(session), time: NOW - 1000 + seq, ...o });
    return { ...row, evidence: { prints: [], reasons: [], kindRule: 'DEFAULT: one print' } };
  };
  upsertFlows(store, [
    flow(1, { underlying: 'SPY', right: 'P', delta: -0.45, iv: 22 }),
    flow(2, { underlying: 'SPY', right: 'C', delta: 0.3, iv: 18 }),
    flow(3, { underlying: 'QQQ', right: 'C', delta: 0.5, iv: 30 }),
    flow(4, { underlying: 'AAPL', right: 'C', delta: null, iv: null }),
  ]);
  // SPY: 30 days rising from 10 to 39, so today's 39 is the high (rank 100). QQQ: 3 days only.
  insertIvSamples(store, 'demo', [...history('SPY', 30, (i) => 10 + i), ...history('QQQ', 3, () => 25)]);
  // The live market's history of SPY is low: it must not count for a demo session.
  insertIvSamples(store, 'live', history('SPY', 30, (i) => 40 - i));
  store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ids(...flags: string[]): Promise<string[]> {
  let text = '';
  const stdout = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString();
      done();
    },
  });
  const code = await flowsCommand(['--db', db, ...flags], { out: () => undefined, err: () => undefined, stdout, now: () => NOW });
  expect(code).toBe(0);
  return text
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { id: string }).id.split('-')[1] as string);
}

describe('fathom flows --delta-min ... --iv-rank-min', () => {
  it('filters by signed or absolute delta and by IV', async () => {
    expect(await ids()).toEqual(['1', '2', '3', '4']);
    expect(await ids('--abs-delta', '--delta-min', '0.4', '--delta-max', '0.5')).toEqual(['1', '3']);
    expect(await ids('--delta-min', '0.4', '--delta-max', '0.5')).toEqual(['3']);
    expect(await ids('--delta-max', '0')).toEqual(['1']);
    // A negative bound is written with '=' (a lone '-0.5' reads as a flag).
    expect(await ids('--delta-min=-0.5', '--delta-max=-0.4')).toEqual(['1']);
    expect(await ids('--iv-min', '20', '--iv-max', '25')).toEqual(['1']);
  });

  it("filters by the underlying's IV rank and percentile from the session's own market", async () => {
    expect(await ids('--iv-rank-min', '90')).toEqual(['1', '2']);
    expect(await ids('--iv-pct-max', '50')).toEqual([]);
    expect(await ids('--iv-rank-min', '0')).toEqual(['1', '2']);
  });

  it('refuses bounds out of range or backwards with a usage error', async () => {
    await expect(ids('--delta-min', '2')).rejects.toThrow(UsageError);
    await expect(ids('--abs-delta', '--delta-min=-0.2')).rejects.toThrow('--delta-min must be a number >= 0 and <= 1, got "-0.2"');
    await expect(ids('--iv-rank-min', '60', '--iv-rank-max', '40')).rejects.toThrow('--iv-rank-min 60 is above --iv-rank-max 40');
  });
});
