import { describe, expect, it } from 'vitest';
import { ceilToTick, dollars, floorToTick, insidePrice, isOnTick, tickDown, tickUp } from './ticks.ts';

describe('penny-pilot ticks', () => {
  it('steps in pennies under $3 and nickels from $3', () => {
    expect(tickUp(298)).toBe(299);
    expect(tickUp(299)).toBe(300);
    expect(tickUp(300)).toBe(305);
    expect(tickDown(305)).toBe(300);
    expect(tickDown(300)).toBe(299);
    expect(tickDown(1)).toBe(0);
  });

  it('rounds onto the grid', () => {
    expect(floorToTick(149.6)).toBe(149);
    expect(floorToTick(312.2)).toBe(310);
    expect(floorToTick(300.4)).toBe(300);
    expect(ceilToTick(149.2)).toBe(150);
    expect(ceilToTick(300.4)).toBe(305);
    expect(ceilToTick(299.5)).toBe(300);
    for (let c = 0; c < 2000; c += 7.3) {
      expect(isOnTick(floorToTick(c))).toBe(true);
      expect(isOnTick(ceilToTick(c))).toBe(true);
      expect(floorToTick(c)).toBeLessThanOrEqual(c + 1e-9);
      expect(ceilToTick(c)).toBeGreaterThanOrEqual(c - 1e-9);
    }
  });

  it('finds a price strictly inside the spread when there is one', () => {
    expect(insidePrice(149, 151, true)).toBe(150);
    expect(insidePrice(149, 152, true)).toBe(151);
    expect(insidePrice(149, 152, false)).toBe(150);
    expect(insidePrice(149, 150, true)).toBeNull();
    expect(dollars(115)).toBe(1.15);
  });
});
