// The switchable rules of shared/analytics/FLOW-RULES.md and the engine's fixed windows: what
// `npm run eval` turns on and off to measure each rule.

/**
 * The rules of FLOW-RULES.md that can be switched, so `npm run eval` can measure each one. The
 * app runs DEFAULT_FLOW_RULES; V2_FLOW_RULES is the rule set before version 3.
 */
export interface FlowRules {
  /** §2: the quote carried by a print's own update judges it when its quote time is before the trade time. */
  quoteTimes: boolean;
  /** §2: the trade-size rule. */
  tradeSize: boolean;
  /** §2: the depth rule at the midpoint. */
  depth: boolean;
  /** §2: a side decided with less confidence than this is UNKNOWN. */
  minSideConfidence: number;
  /** §3: the cluster window follows the contract's measured update interval (at most clusterWindowMs). */
  measuredWindow: boolean;
  /** §3: a conflated update is a block only when its large last print is most of it and inside the quote. */
  strictConflatedBlock: boolean;
  /** §4: spread legs paired by trade time and size ratio, wherever they printed. */
  legsByTimeAndSize: boolean;
  /** §1: a fall in day volume that matches a recent flow cancels it. */
  busts: boolean;
}

export const V2_FLOW_RULES: Readonly<FlowRules> = Object.freeze({
  quoteTimes: false,
  tradeSize: false,
  depth: true,
  minSideConfidence: 0,
  measuredWindow: false,
  strictConflatedBlock: false,
  legsByTimeAndSize: false,
  busts: false,
});

export const DEFAULT_FLOW_RULES: Readonly<FlowRules> = Object.freeze({
  quoteTimes: true,
  tradeSize: true,
  depth: true,
  minSideConfidence: 0.55,
  measuredWindow: true,
  strictConflatedBlock: true,
  legsByTimeAndSize: true,
  busts: true,
});

/** How far back a bust may reach: exchanges review a trade for up to about half an hour. */
export const BUST_LOOKBACK_MS = 30 * 60_000;
/** The shortest cluster window a fast feed can bring (a measured interval below it counts as this). */
export const MIN_CLUSTER_WINDOW_MS = 100;
