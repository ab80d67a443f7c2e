// Premium and the whale flag (shared/analytics/FLOW-RULES.md §1 and §4).
import type { FlowSettings } from '../domain/settings.ts';

/**
 * Premium in dollars: price x size x multiplier, rounded to the cent.
 * Rounding matters: 1.15 x 1 x 100 is 114.99999999999999 in doubles, and a whale threshold
 * or a rolling sum must not hinge on that noise. No real premium has a fraction of a cent.
 */
export function premiumOf(price: number, size: number, multiplier = 100): number {
  return Math.round(price * size * multiplier * 100) / 100;
}

/** A whale is a flow whose premium reaches the threshold (inclusive). */
export function isWhale(premium: number, settings: Pick<FlowSettings, 'whaleMinPremium'>): boolean {
  return premium >= settings.whaleMinPremium;
}
