import { describe, expect, it } from 'vitest';
import { parseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { ContractTracker, MAX_PREMIUMS } from './contract-tracker.ts';

const tracker = () => new ContractTracker(parseOptionSymbol('SPY   261218C00600000'), 8);

describe('the top-premium history of a contract (FLOW-RULES.md §4)', () => {
  it('ranks against the latest MAX_PREMIUMS flows: older premiums leave as new ones come', () => {
    const t = tracker();
    for (let i = 0; i < MAX_PREMIUMS; i++) t.recordPremium(1_000_000 + i);
    expect(t.isTopPremium(1_000_000 + MAX_PREMIUMS, 0.01)).toBe(true);
    expect(t.isTopPremium(5_000, 0.01)).toBe(false);
    // A whole new list of small premiums, recorded in no particular order: the big ones are gone.
    for (let i = 0; i < MAX_PREMIUMS; i++) t.recordPremium(((i * 2_654_435_761) % MAX_PREMIUMS) + 1);
    const threshold = Math.floor(MAX_PREMIUMS * 0.99) + 1;
    expect(t.isTopPremium(threshold, 0.01)).toBe(true);
    expect(t.isTopPremium(threshold - 1, 0.01)).toBe(false);
  });

  it('keeps every premium until the bound is reached', () => {
    const t = tracker();
    for (let i = 1; i <= 100; i++) t.recordPremium(i * 10);
    // 1% of 100 flows: the largest one alone sets the bar.
    expect(t.isTopPremium(1000, 0.01)).toBe(true);
    expect(t.isTopPremium(999, 0.01)).toBe(false);
  });
});
