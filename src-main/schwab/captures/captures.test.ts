// Frames captured from Schwab's live streamer by other people and published by them, each in its
// own fixture beside this file (README.md there says where each one was published), run through
// the real FrameProcessor and checked field by field. These pin the decoder to the service itself
// rather than to our own reading of it (docs/schwab-streaming.md), which the simulator shares.
// The other topics: captures.levelone.test.ts, captures.books.test.ts, captures.chart.test.ts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionFor } from '../codes.ts';
import { DIR, iso, published, run } from './captures.testkit.ts';

describe('the fixtures are the published text, unchanged', () => {
  it('lists every fixture in README.md with the hash of its bytes, and nothing else lives here', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    const listed = new Map([...readme.matchAll(/^\| `([^`]+\.txt)` \|.*\| `([0-9a-f]{16})` \|$/gm)].map((m) => [m[1] as string, m[2] as string]));
    const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
    expect([...listed.keys()].sort()).toEqual(files);
    for (const file of files) {
      const hash = createHash('sha256').update(readFileSync(join(DIR, file))).digest('hex').slice(0, 16);
      expect(`${file} ${hash}`).toBe(`${file} ${listed.get(file)}`);
    }
  });
});

describe('ADMIN: LOGIN response, heartbeats, a subscription response (schw_api_service, 2025-08-13)', () => {
  const session = (n: number) => readdirSync(DIR).filter((f) => f.startsWith('schw-api-service_2025-08-13_'))[n - 1] as string;

  it('reads the LOGIN answer: a response item with a string requestid, the correl id, an epoch-ms timestamp and code 0', () => {
    const { responses } = run(published(session(1)));
    expect(responses).toHaveLength(1);
    const { item, receivedAt } = responses[0]!;
    expect(receivedAt).toBe(1_000);
    expect(item).toEqual({
      service: 'ADMIN',
      command: 'LOGIN',
      requestid: '1',
      SchwabClientCorrelId: '60b4c643-ca26-d965-1d21-ad96078ab2fa',
      timestamp: 1755118704102,
      content: { code: 0, msg: 'server=s3081dc7-2;status=NP' },
    });
    expect(iso(item.timestamp)).toBe('2025-08-13T20:58:24.102Z');
    expect(actionFor(item.content.code)).toBe('success');
  });

  it('reads the heartbeat: epoch ms sent as a string, 25 ms after the LOGIN answer', () => {
    const { heartbeats } = run(published(session(2)));
    expect(heartbeats).toEqual([{ serverTime: 1755118704127, receivedAt: 1_000 }]);
    expect(iso(heartbeats[0]!.serverTime)).toBe('2025-08-13T20:58:24.127Z');
  });

  it('reads the SUBS answer', () => {
    const { responses } = run(published(session(3)));
    expect(responses.map((r) => r.item)).toEqual([
      {
        service: 'LEVELONE_EQUITIES',
        command: 'SUBS',
        requestid: '3',
        SchwabClientCorrelId: '60b4c643-ca26-d965-1d21-ad96078ab2fa',
        timestamp: 1755118704127,
        content: { code: 0, msg: 'SUBS command succeeded' },
      },
    ]);
  });

  it('merges the live LEVELONE_EQUITIES deltas onto the snapshot, field by field', () => {
    const frames = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => published(session(n)));
    const { equities, responses, heartbeats, p } = run(...frames);
    expect(responses).toHaveLength(2);
    expect(heartbeats).toHaveLength(1);
    expect(equities.map((u) => u.snapshot)).toEqual([true, false, false, false, false, false]);
    expect(equities.map((u) => u.changed)).toEqual([
      { bid: 233.22, ask: 233.33, last: 233.3, bidSize: 1, askSize: 3, volume: 69783235, high: 235, delayed: false },
      { last: 233.31, volume: 69783236 },
      { bid: 233.33, ask: 233.39, last: 233.34, askSize: 1, volume: 69784498 },
      { last: 233.35, volume: 69784508 },
      { last: 233.36, volume: 69784619 },
      { volume: 69784645 },
    ]);
    // An absent field is unchanged, never zero: the bid size of the snapshot survives five deltas.
    expect(equities.map((u) => u.quote)).toEqual([
      { symbol: 'AAPL', bid: 233.22, ask: 233.33, last: 233.3, bidSize: 1, askSize: 3, volume: 69783235, high: 235, delayed: false },
      { symbol: 'AAPL', bid: 233.22, ask: 233.33, last: 233.31, bidSize: 1, askSize: 3, volume: 69783236, high: 235, delayed: false },
      { symbol: 'AAPL', bid: 233.33, ask: 233.39, last: 233.34, bidSize: 1, askSize: 1, volume: 69784498, high: 235, delayed: false },
      { symbol: 'AAPL', bid: 233.33, ask: 233.39, last: 233.35, bidSize: 1, askSize: 1, volume: 69784508, high: 235, delayed: false },
      { symbol: 'AAPL', bid: 233.33, ask: 233.39, last: 233.36, bidSize: 1, askSize: 1, volume: 69784619, high: 235, delayed: false },
      { symbol: 'AAPL', bid: 233.33, ask: 233.39, last: 233.36, bidSize: 1, askSize: 1, volume: 69784645, high: 235, delayed: false },
    ]);
    expect(p.equityQuote('AAPL')).toEqual(equities.at(-1)!.quote);
    expect(p.stats()).toMatchObject({ frames: 9, dataItems: 6, heartbeats: 1 });
  });

  it('starts a new baseline when this live LOGIN answer arrives on a new connection', () => {
    const { equities } = run(published(session(4)), published(session(1)), published(session(5)));
    expect(equities.map((u) => u.snapshot)).toEqual([true, true]);
    expect(equities[1]!.quote).toEqual({ symbol: 'AAPL', last: 233.31, volume: 69783236 });
  });
});

describe('ADMIN notices (SchwabApiCS, 2024-06)', () => {
  it('reads a heartbeat', () => {
    const { heartbeats } = run(published('schwabapics_2024-06-18_heartbeat.txt'));
    expect(heartbeats.map((h) => iso(h.serverTime))).toEqual(['2024-06-18T21:20:24.421Z']);
  });

  it('reads code 30 as an ADMIN notify item, which tells the client to stop', () => {
    const { admin } = run(published('schwabapics_2024-06-19_notify-code-30.txt'));
    expect(admin.map((a) => a.item)).toEqual([{ service: 'ADMIN', timestamp: 1718801330575, content: { code: 30, msg: 'Stop streaming due to empty subscription' } }]);
    expect(iso(admin[0]!.item.timestamp)).toBe('2024-06-19T12:48:50.575Z');
    expect(actionFor(30)).toBe('stop');
  });
});
