import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../shared/domain/market.ts';
import {
  BarFeed,
  BookThrottle,
  changedFields,
  keyOffset,
  Level1Conflator,
  pickFields,
  RECENT_BARS_ON_SUBSCRIBE,
} from './conflation.ts';
import { checkRequest, parseEnvelope, serviceKind } from './requests.ts';

describe('changedFields', () => {
  it('keeps only fields whose value differs, null when none', () => {
    expect(changedFields({ '2': 1, '3': 2 }, { '2': 1, '3': 2.5, '8': 7 })).toEqual({
      '3': 2.5,
      '8': 7,
    });
    expect(changedFields({ '2': 1 }, { '2': 1 })).toBeNull();
  });
});

describe('keyOffset and pickFields', () => {
  it('spreads keys over at most a tenth of the interval, stably', () => {
    const offsets = ['A', 'B', 'C', 'SPY   250117C00500000'].map((k) => keyOffset(k, 1000));
    for (const offset of offsets) {
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(100);
    }
    expect(new Set(offsets).size).toBeGreaterThan(1);
    expect(keyOffset('A', 1000)).toBe(offsets[0]);
    expect(keyOffset('A', 5)).toBe(0);
  });

  it('keeps key, seq, meta and the listed numeric fields', () => {
    expect(
      pickFields({ key: 'K', seq: 3, delayed: false, '1': 1, '2': 2, '7': 7 }, new Set([0, 2])),
    ).toEqual({ key: 'K', seq: 3, delayed: false, '2': 2 });
  });
});

describe('Level1Conflator', () => {
  it('snapshots, then diffs once per interval, and forgets dropped fields on a field change', () => {
    const conflator = new Level1Conflator(1000);
    let values: Record<string, unknown> = { '2': 1, '3': 2 };
    const read = () => values;
    const meta = () => ({ delayed: false });
    conflator.subscribe('K', 0);
    expect(conflator.collect(0, read, meta)).toEqual([
      { key: 'K', delayed: false, '2': 1, '3': 2 },
    ]);
    values = { '2': 1.5, '3': 2 };
    expect(conflator.collect(500, read, meta)).toEqual([]);
    const due = 1000 + keyOffset('K', 1000);
    expect(conflator.collect(due, read, meta)).toEqual([{ key: 'K', '2': 1.5 }]);
    conflator.fieldsChanged(new Set([3]));
    values = { '2': 1.5, '3': 2 };
    expect(conflator.collect(due + 1000, read, meta)).toEqual([{ key: 'K', '2': 1.5 }]);
  });

  it('sends each key at most once per interval, on its own schedule, whatever ticks in between (the live 1 s shape)', () => {
    const conflator = new Level1Conflator(1000);
    const keys = ['SPY   261218C00600000', 'SPY   261218P00590000', 'QQQ   261218C00500000'];
    for (const key of keys) conflator.subscribe(key, 0);
    let tick = 0;
    // The market changes every 50 ms; the session looks every 50 ms, as the simulator does.
    const sent = new Map<string, number[]>(keys.map((k) => [k, []]));
    for (let now = 0; now <= 10_000; now += 50) {
      tick++;
      for (const item of conflator.collect(now, () => ({ '8': tick }), () => ({}))) sent.get(item.key)?.push(now);
    }
    for (const key of keys) {
      const times = sent.get(key) as number[];
      expect(times.length).toBeGreaterThanOrEqual(10);
      for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(1000);
    }
    // After its snapshot each key keeps its own small offset, so keys do not all update at once.
    for (const key of keys) expect((sent.get(key) as number[])[1]).toBe(Math.ceil((1000 + keyOffset(key, 1000)) / 50) * 50);
  });

  it('skips keys the market cannot serve and retries them an interval later', () => {
    const conflator = new Level1Conflator(1000);
    let calls = 0;
    conflator.subscribe('NOPE', 0);
    const read = () => {
      calls++;
      return null;
    };
    conflator.collect(0, read, () => ({}));
    conflator.collect(500, read, () => ({}));
    expect(calls).toBe(1);
    expect(conflator.collect(1000, read, () => ({}))).toEqual([]);
    expect(calls).toBe(2);
  });
});

describe('BookThrottle', () => {
  it('sends a book when first seen and when its levels change, not for a new time alone', () => {
    const throttle = new BookThrottle(1000);
    let levels = [{ '0': 1 }];
    let time = 0;
    const read = (key: string) => ({ key, '1': time, '2': levels, '3': [] });
    throttle.subscribe('K', 0);
    expect(throttle.collect(0, read)).toHaveLength(1);
    time = 5;
    expect(throttle.collect(2000, read)).toEqual([]);
    levels = [{ '0': 2 }];
    expect(throttle.collect(2500, read)).toEqual([]);
    expect(throttle.collect(3000, read)).toEqual([{ key: 'K', '1': 5, '2': levels, '3': [] }]);
  });
});

describe('BarFeed', () => {
  it('replays the recent bars on subscribe, then each new bar once', () => {
    const bars: Bar[] = [];
    const add = (seq: number) =>
      bars.push({
        symbol: 'SPY',
        seq,
        minuteIndex: seq,
        time: seq * 60_000,
        open: 1,
        high: 1,
        low: 1,
        close: 1,
        volume: 1,
        chartDay: 0,
      });
    for (let seq = 1; seq <= 5; seq++) add(seq);
    const feed = new BarFeed();
    const after = (_key: string, seq: number) => bars.filter((b) => b.seq > seq);
    feed.subscribe('SPY');
    expect(feed.collect(after).map((b) => b.seq)).toEqual([5 - RECENT_BARS_ON_SUBSCRIBE + 1, 4, 5]);
    expect(feed.collect(after)).toEqual([]);
    add(6);
    expect(feed.collect(after).map((b) => b.seq)).toEqual([6]);
  });
});

describe('requests', () => {
  it('accepts the array envelope and a bare request, nothing else', () => {
    expect(parseEnvelope('{"requests":[{"service":"ADMIN"}]}')).toEqual({
      ok: true,
      requests: [{ service: 'ADMIN' }],
    });
    expect(parseEnvelope('{"service":"ADMIN","command":"LOGIN"}').ok).toBe(true);
    for (const text of ['[]', '{"requests":[]}', '{"foo":1}', 'nope', '{"requests":{}}'])
      expect(parseEnvelope(text).ok).toBe(false);
  });

  it('classifies services: simulated, known-but-unavailable (11), unknown (21)', () => {
    expect(serviceKind('LEVELONE_OPTIONS')).toBe('market');
    expect(serviceKind('TIMESALE_OPTIONS')).toBe('unavailable');
    expect(serviceKind('NASDAQ_BOOK')).toBe('unavailable');
    expect(serviceKind('LEVEL_ONE_EQUITIES')).toBe('unknown');
  });

  it('requires the case-exact keys and string parameters', () => {
    const base = {
      service: 'LEVELONE_EQUITIES',
      command: 'SUBS',
      requestid: 1,
      SchwabClientCustomerId: 'c',
      SchwabClientCorrelId: 'r',
      parameters: { keys: 'SPY', fields: '0,1' },
    };
    const ok = checkRequest(base);
    expect(ok.ok && ok.request.requestid).toBe('1');
    expect(checkRequest({ ...base, requestId: 1, requestid: undefined }).ok).toBe(false);
    expect(
      checkRequest({ ...base, schwabClientCustomerId: 'c', SchwabClientCustomerId: undefined }).ok,
    ).toBe(false);
    expect(checkRequest({ ...base, parameters: { keys: ['SPY'] } }).ok).toBe(false);
    expect(checkRequest({ ...base, parameters: 'keys=SPY' }).ok).toBe(false);
  });
});
