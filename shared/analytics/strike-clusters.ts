// Where flow clusters on the chain (shared/analytics/FLOW-RULES.md §12, "Strike clusters"): the
// strikes that hold an outsized share of an underlying's premium, neighbours joined into one zone.
import { formatPercent } from '../format/numbers.ts';

/** A strike counts when it holds at least this share of the underlying's premium... */
export const CLUSTER_MIN_SHARE = 0.1;
/** ...and at least this many times the premium of the mean traded strike... */
export const CLUSTER_MIN_MULTIPLE = 2;
/** ...over at least this many flows (one print alone is an order, not a level). */
export const CLUSTER_MIN_FLOWS = 2;
/** Counted strikes at most this fraction of the spot (or of the lower strike) apart form one zone. */
export const CLUSTER_JOIN_FRACTION = 0.01;
/** The zones reported, largest premium first. */
export const CLUSTER_MAX = 5;

export interface StrikePremium {
  strike: number;
  premium: number;
  flows: number;
}

export interface StrikeCluster {
  /** Lowest and highest strike of the zone. */
  low: number;
  high: number;
  /** The zone's strike with the most premium. */
  peak: number;
  strikes: number[];
  premium: number;
  /** Of the underlying's premium, 0..1. */
  share: number;
  flows: number;
  /** Why the zone is one, in words (the rule and its figures). */
  reason: string;
}

/** The strikes where premium clusters, by the rule above; `spot` sets the joining distance. */
export function findStrikeClusters(rows: readonly StrikePremium[], spot: number | null): StrikeCluster[] {
  const traded = rows.filter((r) => r.premium > 0);
  const total = traded.reduce((sum, r) => sum + r.premium, 0);
  if (traded.length === 0 || total <= 0) return [];
  const mean = total / traded.length;
  const heavy = traded
    .filter((r) => r.premium / total >= CLUSTER_MIN_SHARE && r.premium >= CLUSTER_MIN_MULTIPLE * mean && r.flows >= CLUSTER_MIN_FLOWS)
    .sort((a, b) => a.strike - b.strike);
  const zones: StrikePremium[][] = [];
  for (const row of heavy) {
    const zone = zones[zones.length - 1];
    const last = zone?.[zone.length - 1];
    const reach = CLUSTER_JOIN_FRACTION * (spot !== null && spot > 0 ? spot : (last?.strike ?? row.strike));
    if (zone && last && row.strike - last.strike <= reach + 1e-9) zone.push(row);
    else zones.push([row]);
  }
  return zones
    .map((zone) => {
      const premium = zone.reduce((sum, r) => sum + r.premium, 0);
      const flows = zone.reduce((sum, r) => sum + r.flows, 0);
      const peak = zone.reduce((best, r) => (r.premium > best.premium ? r : best));
      const low = (zone[0] as StrikePremium).strike;
      const high = (zone[zone.length - 1] as StrikePremium).strike;
      const share = premium / total;
      const where = low === high ? `strike ${low}` : `strikes ${low} to ${high} (${zone.length})`;
      const reason =
        `${where}: ${formatPercent(share)} of the premium over ${flows} flows; each strike holds at least ` +
        `${formatPercent(CLUSTER_MIN_SHARE, 0)} of the premium, ${CLUSTER_MIN_MULTIPLE}x the mean traded strike ` +
        `(${traded.length} traded) and ${CLUSTER_MIN_FLOWS} flows`;
      return { low, high, peak: peak.strike, strikes: zone.map((r) => r.strike), premium, share, flows, reason };
    })
    .sort((a, b) => b.premium - a.premium)
    .slice(0, CLUSTER_MAX);
}
