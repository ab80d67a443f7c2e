import { describe, expect, it } from 'vitest';
import { CLUSTER_JOIN_FRACTION, CLUSTER_MAX, CLUSTER_MIN_FLOWS, CLUSTER_MIN_MULTIPLE, CLUSTER_MIN_SHARE, findStrikeClusters, type StrikePremium } from './strike-clusters.ts';

const row = (strike: number, premium: number, flows = 3): StrikePremium => ({ strike, premium, flows });
/** Twenty strikes of $1,000 from 590 to 609: the mean strike, nothing stands out. */
const flat = Array.from({ length: 20 }, (_, i) => row(590 + i, 1_000));

describe('strike clusters', () => {
  it('finds nothing on a flat chain', () => {
    expect(findStrikeClusters(flat, 600)).toEqual([]);
  });

  it('a strike with enough share, multiple of the mean and flows is a zone of its own', () => {
    const rows = flat.map((r) => (r.strike === 600 ? row(600, 5_000) : r));
    const [zone, ...rest] = findStrikeClusters(rows, 600);
    expect(rest).toEqual([]);
    expect(zone).toMatchObject({ low: 600, high: 600, peak: 600, strikes: [600], premium: 5_000, flows: 3 });
    expect(zone?.share).toBeCloseTo(5_000 / 24_000, 9);
    expect(zone?.reason).toContain('strike 600: 20.8% of the premium over 3 flows');
    expect(zone?.reason).toContain(`${CLUSTER_MIN_MULTIPLE}x the mean traded strike (20 traded)`);
  });

  it('joins counted strikes within 1% of spot, and splits farther ones', () => {
    expect(CLUSTER_JOIN_FRACTION).toBe(0.01);
    const rows = flat.map((r) => ([595, 600, 601].includes(r.strike) ? row(r.strike, 6_000) : r));
    const zones = findStrikeClusters(rows, 600);
    // 600 and 601 are $1 apart (within $6); 595 is $5 from 600, also within 1% of 600 ($6).
    expect(zones).toHaveLength(1);
    expect(zones[0]).toMatchObject({ low: 595, high: 601, strikes: [595, 600, 601], premium: 18_000, flows: 9 });
    // At a spot of 300 the reach is $3: 595 stands alone.
    const apart = findStrikeClusters(rows, 300);
    expect(apart.map((z) => z.strikes)).toEqual([[600, 601], [595]]);
  });

  it('each threshold alone keeps a strike out', () => {
    // Share: 25 strikes, one at 2.5x the mean but under 10% of the total.
    const wide = Array.from({ length: 30 }, (_, i) => row(570 + i, 1_000)).map((r) => (r.strike === 580 ? row(580, 3_000) : r));
    const share = 3_000 / 32_000;
    expect(share).toBeLessThan(CLUSTER_MIN_SHARE);
    expect(findStrikeClusters(wide, 580)).toEqual([]);
    // Multiple: three strikes, each a third of the total, none twice the mean.
    expect(findStrikeClusters([row(1, 100), row(2, 100), row(3, 100)], null)).toEqual([]);
    // Flows: one large print alone.
    const lone = flat.map((r) => (r.strike === 600 ? row(600, 9_000, CLUSTER_MIN_FLOWS - 1) : r));
    expect(findStrikeClusters(lone, 600)).toEqual([]);
  });

  it('reports at most the largest zones, largest first, and no zone without premium', () => {
    const spikes = Array.from({ length: 60 }, (_, i) => row(100 + i * 10, 10));
    const hot = spikes.map((r, i) => (i % 10 === 0 ? row(r.strike, 2_000 + i) : r));
    const zones = findStrikeClusters(hot, 400);
    expect(zones.length).toBeLessThanOrEqual(CLUSTER_MAX);
    for (let i = 1; i < zones.length; i++) expect(zones[i - 1]!.premium).toBeGreaterThanOrEqual(zones[i]!.premium);
    expect(findStrikeClusters([row(1, 0), row(2, 0)], 1)).toEqual([]);
  });
});
