import { describe, expect, it } from 'vitest';
import type { PermissionState } from './notification-permission.ts';
import { CachedPermission, PERMISSION_TTL_MS } from './notification-permission.ts';

function setup(initial: PermissionState) {
  let state = initial;
  let reads = 0;
  let clock = 1000;
  const cache = new CachedPermission(
    () => {
      reads++;
      return state;
    },
    () => clock,
  );
  return {
    cache,
    reads: () => reads,
    set: (next: PermissionState) => (state = next),
    advance: (ms: number) => (clock += ms),
  };
}

describe('CachedPermission', () => {
  it('reads once, then answers from the cache within the time to live', () => {
    const t = setup('default');
    expect(t.cache.get()).toBe('default');
    t.set('granted');
    t.advance(PERMISSION_TTL_MS - 1);
    expect(t.cache.get()).toBe('default');
    expect(t.reads()).toBe(1);
  });

  it('reads again once the time to live has passed', () => {
    const t = setup('default');
    t.cache.get();
    t.set('denied');
    t.advance(PERMISSION_TTL_MS);
    expect(t.cache.get()).toBe('denied');
    expect(t.reads()).toBe(2);
  });

  it('refresh reads at once and restarts the time to live', () => {
    const t = setup('default');
    t.cache.get();
    t.set('granted');
    t.advance(10);
    expect(t.cache.refresh()).toBe('granted');
    t.advance(PERMISSION_TTL_MS - 1);
    expect(t.cache.get()).toBe('granted');
    expect(t.reads()).toBe(2);
  });
});
