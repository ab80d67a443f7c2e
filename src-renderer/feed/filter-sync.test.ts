import { describe, expect, it } from 'vitest';
import { DEFAULT_FEED_FILTER, type FeedFilter } from '../../shared/domain/app-settings.ts';
import { FilterSync } from './filter-sync.ts';

function setup() {
  const saved: FeedFilter[] = [];
  const applied: FeedFilter[] = [];
  const timers = new Map<number, () => void>();
  let next = 1;
  let release: () => void = () => {};
  const sync = new FilterSync({ ...DEFAULT_FEED_FILTER }, {
    save: (f) => {
      saved.push(f);
      return new Promise<void>((resolve) => (release = resolve));
    },
    apply: (f) => applied.push(f),
    onError: () => {},
    setTimer: (fn) => {
      timers.set(next, fn);
      return next++;
    },
    clearTimer: (h) => timers.delete(h as number),
  });
  const fire = () => [...timers.entries()].forEach(([id, fn]) => (timers.delete(id), fn()));
  return { sync, saved, applied, fire, release: () => release() };
}

describe('FilterSync', () => {
  it('applies each edit at once and saves only the last after a pause', () => {
    const { sync, saved, applied, fire } = setup();
    sync.edit({ ...DEFAULT_FEED_FILTER, minPremium: 1 });
    sync.edit({ ...DEFAULT_FEED_FILTER, minPremium: 10 });
    sync.edit({ ...DEFAULT_FEED_FILTER, minPremium: 100 });
    expect(applied.map((f) => f.minPremium)).toEqual([1, 10, 100]);
    expect(saved).toEqual([]);
    fire();
    expect(saved.map((f) => f.minPremium)).toEqual([100]);
  });

  it('ignores remote filters while a local edit is pending or saving, then adopts them', async () => {
    const { sync, applied, fire, release } = setup();
    sync.edit({ ...DEFAULT_FEED_FILTER, whalesOnly: true });
    expect(sync.remote({ ...DEFAULT_FEED_FILTER })).toBe(false);
    fire();
    expect(sync.remote({ ...DEFAULT_FEED_FILTER })).toBe(false);
    release();
    await Promise.resolve();
    await Promise.resolve();
    expect(sync.remote({ ...DEFAULT_FEED_FILTER, whalesOnly: true })).toBe(false); // same as ours
    expect(sync.remote({ ...DEFAULT_FEED_FILTER, dteMax: 7 })).toBe(true);
    expect(applied.at(-1)!.dteMax).toBe(7);
    expect(sync.filter.dteMax).toBe(7);
  });
});
