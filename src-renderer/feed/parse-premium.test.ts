import { describe, expect, it } from 'vitest';
import { parsePremium } from './parse-premium.ts';

describe('parsePremium', () => {
  it('reads the ways traders write money', () => {
    expect(parsePremium('250k')).toBe(250_000);
    expect(parsePremium('1.5M')).toBe(1_500_000);
    expect(parsePremium('$50,000')).toBe(50_000);
    expect(parsePremium('100000')).toBe(100_000);
    expect(parsePremium('')).toBe(0);
  });

  it('refuses what it cannot read', () => {
    expect(parsePremium('abc')).toBeNull();
    expect(parsePremium('1k5')).toBeNull();
    expect(parsePremium('-5')).toBeNull();
  });
});
