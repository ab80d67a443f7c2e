// Every flow-rule threshold lives in one object. It is stored with each session so a replay can
// re-run the same frames with other values and show what changed.

export interface FlowSettings {
  /** A print within this many ms of the previous one (same contract and side) joins its cluster. */
  clusterWindowMs: number;
  blockMinContracts: number;
  blockMinPremium: number;
  whaleMinPremium: number;
  /** |strike / spot - 1| at or under this fraction counts as at the money. */
  atmBand: number;
  /** Default contract multiplier when field 13 is absent. */
  defaultMultiplier: number;
  /** Unusual: day volume / open interest at or over this... */
  unusualVolumeOiRatio: number;
  /** ...with volume over this... */
  unusualMinVolume: number;
  /** ...and open interest over this. */
  unusualMinOpenInterest: number;
  /** Or premium in this top fraction of the contract's session so far. */
  unusualTopPremiumFraction: number;
  repeaterMinHits: number;
  repeaterWindowMs: number;
  spreadLegWindowMs: number;
  /** How many recent quotes are kept per contract to find the one in force before a trade. */
  quoteRingSize: number;
}

export const DEFAULT_FLOW_SETTINGS: Readonly<FlowSettings> = Object.freeze({
  clusterWindowMs: 1000,
  blockMinContracts: 100,
  blockMinPremium: 50_000,
  whaleMinPremium: 100_000,
  atmBand: 0.005,
  defaultMultiplier: 100,
  unusualVolumeOiRatio: 1.25,
  unusualMinVolume: 500,
  unusualMinOpenInterest: 100,
  unusualTopPremiumFraction: 0.01,
  repeaterMinHits: 3,
  repeaterWindowMs: 60_000,
  spreadLegWindowMs: 100,
  quoteRingSize: 16,
});

export interface RollingSettings {
  windowMs: number;
  bucketMs: number;
}

export const DEFAULT_ROLLING_SETTINGS: Readonly<RollingSettings> = Object.freeze({
  windowMs: 5 * 60_000,
  bucketMs: 1000,
});
