import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultAppSettings } from '../domain/app-settings.ts';
import { api, events } from './index.ts';
import { validateRequest } from './validate.ts';
import { appSettingsSchema, settingsPatchSchema } from './settings.ts';
import { watchlistSchema } from './market-data.ts';

describe('the IPC registry', () => {
  it('names every channel after its domain and key, once', () => {
    for (const [group, kind] of [[api, 'request'], [events, 'event']] as const) {
      const channels: string[] = [];
      for (const [domain, defs] of Object.entries(group)) {
        for (const [key, def] of Object.entries(defs as Record<string, { channel: string; kind: string }>)) {
          expect(def.channel).toBe(`${domain}:${key}`);
          expect(def.kind).toBe(kind);
          channels.push(def.channel);
        }
      }
      expect(new Set(channels).size).toBe(channels.length);
    }
  });

  it('says how each event may be coalesced', () => {
    for (const defs of Object.values(events)) {
      for (const def of Object.values(defs as Record<string, { delivery: string }>)) expect(['latest', 'every']).toContain(def.delivery);
    }
    expect(events.alerts.fired.delivery).toBe('every');
    expect(events.marketData.status.delivery).toBe('latest');
  });
});

describe('validateRequest', () => {
  it('accepts a well-formed request and returns the parsed value', () => {
    const result = validateRequest('books:subscribe', { symbol: ' SPY   241129C00450000' }, 'book');
    expect(result).toMatchObject({ ok: true, value: { symbol: 'SPY   241129C00450000' } });
  });

  it('treats a missing payload as an empty object', () => {
    expect(validateRequest('settings:get', undefined, 'feed').ok).toBe(true);
  });

  it('refuses unknown channels and non-string channels', () => {
    expect(validateRequest('fs:readFile', {}, 'feed')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(validateRequest({ toString: () => 'settings:get' }, {}, 'feed')).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    expect(validateRequest('x'.repeat(10_000), {}, 'feed')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses a request from a window kind that may not make it', () => {
    expect(validateRequest('auth:begin', { appKey: 'a'.repeat(32), appSecret: 'b'.repeat(16), callbackUrl: 'https://127.0.0.1:8182' }, 'book'))
      .toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses unknown keys, including prototype-pollution keys', () => {
    const hostile = JSON.parse('{"symbol":"SPY","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}');
    const result = validateRequest('books:subscribe', hostile, 'book');
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses wrong types and oversized strings with a message naming the field', () => {
    const wrongType = validateRequest('flows:subscribe', { backlog: '100' }, 'feed');
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!wrongType.ok) expect(wrongType.error.message).toContain('backlog');
    const huge = validateRequest('auth:complete', { redirectUrl: 'h'.repeat(1_000_000) }, 'feed');
    expect(huge).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!huge.ok) expect(huge.error.message.length).toBeLessThan(400);
  });

  it('never throws, whatever the payload', () => {
    const channels = Object.values(api).flatMap((defs) => Object.values(defs as Record<string, { channel: string }>).map((d) => d.channel));
    fc.assert(
      fc.property(fc.constantFrom(...channels), fc.anything(), fc.constantFrom('feed' as const, 'book' as const), (channel, payload, from) => {
        const result = validateRequest(channel, payload, from);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('only accepts https callback URLs without a trailing slash', () => {
    const base = { appKey: 'a'.repeat(32), appSecret: 'b'.repeat(16) };
    expect(validateRequest('auth:begin', { ...base, callbackUrl: 'https://127.0.0.1:8182' }, 'feed').ok).toBe(true);
    expect(validateRequest('auth:begin', { ...base, callbackUrl: 'http://127.0.0.1:8182' }, 'feed').ok).toBe(false);
    expect(validateRequest('auth:begin', { ...base, callbackUrl: 'https://127.0.0.1:8182/' }, 'feed').ok).toBe(false);
  });

  it('checks replay controls by action', () => {
    expect(validateRequest('sessions:controlReplay', { action: 'speed', speed: 'max' }, 'feed').ok).toBe(true);
    expect(validateRequest('sessions:controlReplay', { action: 'speed', speed: 3 }, 'feed').ok).toBe(false);
    expect(validateRequest('sessions:controlReplay', { action: 'seek' }, 'feed').ok).toBe(false);
    expect(validateRequest('sessions:controlReplay', { action: 'rewind' }, 'feed').ok).toBe(false);
  });
});

describe('settings schemas', () => {
  it('accept the defaults', () => {
    expect(appSettingsSchema.safeParse(defaultAppSettings()).success).toBe(true);
  });

  it('reject a rolling window that is not a whole number of buckets', () => {
    const settings = defaultAppSettings();
    expect(settingsPatchSchema.safeParse({ rolling: { windowMs: 1500, bucketMs: 1000 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ rolling: settings.rolling }).success).toBe(true);
  });

  it('reject a negative whale threshold and an incomplete section', () => {
    const flow = { ...defaultAppSettings().flow, whaleMinPremium: -1 };
    expect(settingsPatchSchema.safeParse({ flow }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ flow: { whaleMinPremium: 5 } }).success).toBe(false);
  });
});

describe('watchlist schema', () => {
  it('upper-cases underlyings and bounds the strike count', () => {
    const parsed = watchlistSchema.parse({
      entries: [{ underlying: 'spy', mode: 'around', contracts: [], strikesAround: 5, expiries: 2 }],
    });
    expect(parsed.entries[0]?.underlying).toBe('SPY');
    expect(
      watchlistSchema.safeParse({ entries: [{ underlying: 'SPY', mode: 'around', contracts: [], strikesAround: 500, expiries: 2 }] })
        .success,
    ).toBe(false);
  });
});
