import { describe, expect, it } from 'vitest';
import { ANY_KIND_GAP_MS, SAME_KIND_GAP_MS, SoundThrottle } from './sound-throttle.ts';

describe('SoundThrottle', () => {
  it('sounds a kind at most once per interval', () => {
    const t = new SoundThrottle();
    expect(t.allow('WATCHLIST_SWEEP', 0)).toBe(true);
    expect(t.allow('WATCHLIST_SWEEP', SAME_KIND_GAP_MS - 1)).toBe(false);
    expect(t.allow('WATCHLIST_SWEEP', SAME_KIND_GAP_MS)).toBe(true);
  });

  it('lets another kind through after a short pause, not on top', () => {
    const t = new SoundThrottle();
    expect(t.allow('WATCHLIST_SWEEP', 1000)).toBe(true);
    expect(t.allow('WHALE', 1000 + ANY_KIND_GAP_MS - 1)).toBe(false);
    expect(t.allow('WHALE', 1000 + ANY_KIND_GAP_MS)).toBe(true);
  });
});
