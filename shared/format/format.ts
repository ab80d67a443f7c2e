// The one import for UI formatting: numbers.ts (money, prices, sizes), dates.ts (ET times,
// expiries, durations) and the contract label, which needs both.
import type { OptionContract } from '../domain/market.ts';
import { formatStrikeMilli } from '../symbols/option-symbol.ts';
import { formatExpiryShort } from './dates.ts';

export * from './numbers.ts';
export * from './dates.ts';

/** `SPY Nov 29 '24 450C`: root, short expiry, strike without trailing zeros, right. */
export function formatContract(
  contract: Pick<OptionContract, 'root' | 'expiry' | 'right' | 'strikeMilli'>,
): string {
  return `${contract.root} ${formatExpiryShort(contract.expiry)} ${formatStrikeMilli(contract.strikeMilli)}${contract.right}`;
}
