import { describe, expect, it } from 'vitest';
import { defaultAppSettings } from '../domain/app-settings.ts';
import { DEFAULT_VOLATILITY_SETTINGS, OPEN_VOLATILITY_FILTER } from '../domain/volatility.ts';
import { appSettingsSchema, settingsPatchSchema } from './settings.ts';

describe('the IV-history settings and the volatility filter', () => {
  it('load open and with the defaults from settings saved before they existed', () => {
    const { volatility: _section, ...older } = defaultAppSettings();
    const { volatility: _filter, ...olderFeed } = older.feed;
    const parsed = appSettingsSchema.parse({ ...older, feed: olderFeed });
    expect(parsed.volatility).toEqual(DEFAULT_VOLATILITY_SETTINGS);
    expect(parsed.feed.volatility).toEqual(OPEN_VOLATILITY_FILTER);
  });

  it('refuse bounds out of range and ranges that run backwards, saying which', () => {
    const feed = (patch: object) => settingsPatchSchema.safeParse({ feed: { ...defaultAppSettings().feed, volatility: { ...OPEN_VOLATILITY_FILTER, ...patch } } });
    expect(feed({ deltaMin: -0.5, deltaMax: 0.5, deltaAbsolute: false, ivMin: 10, ivMax: 80, ivRankMin: 20, ivPercentileMax: 90 }).success).toBe(true);
    expect(feed({ deltaMin: 1.5 }).success).toBe(false);
    expect(feed({ ivRankMax: 101 }).success).toBe(false);
    expect(feed({ ivMin: 40, ivMax: 30 }).error?.issues[0]?.message).toBe('the IV range must run from low to high');
    expect(settingsPatchSchema.safeParse({ volatility: { ...DEFAULT_VOLATILITY_SETTINGS, minDays: 1 } }).success).toBe(false);
  });
});
