// The contracts the IV history samples (FLOW-RULES.md §11): for each watchlist underlying, calls
// and puts on the two strikes bracketing the spot on the nearest two standard monthly expiries.
// The watchlist's own picks rarely include monthlies (its nearest expiries are dailies and
// weeklies), so these are subscribed beside it: eight keys an underlying. Picked again, like an
// "around" entry, once the spot has moved half a strike or the monthlies roll.
import { nextMonthlies } from '../../shared/analytics/atm-iv.ts';
import { etDateString } from '../../shared/time/eastern.ts';
import type { SchwabChainResponse } from '../schwab/rest-types.ts';

/** A chain of `strikeCount` strikes around the money with expiries from `fromDate` to `toDate`. */
export type DatedChainLookup = (underlying: string, strikeCount: number, fromDate: string, toDate: string) => Promise<SchwabChainResponse>;

/** Strikes asked of the chain: two below and two above the money, to find the pair around it. */
const CHAIN_STRIKES = 4;

/** Calls and puts on the strikes nearest below and above `spot` of each of `expiries`. */
export function pickAtmContracts(chain: SchwabChainResponse, expiries: readonly string[], spot: number): string[] {
  const out: string[] = [];
  for (const [key, byCall] of Object.entries(chain.callExpDateMap ?? {})) {
    const expiry = key.split(':')[0] as string;
    if (!expiries.includes(expiry)) continue;
    // Strike keys are spelled as Schwab spells them ("600.0"): read them as numbers.
    const byStrike = new Map<number, string[]>();
    for (const map of [byCall, chain.putExpDateMap?.[key] ?? {}]) {
      for (const [strike, contracts] of Object.entries(map)) {
        const list = byStrike.get(Number(strike)) ?? [];
        list.push(...contracts.map((c) => c.symbol));
        byStrike.set(Number(strike), list);
      }
    }
    const strikes = [...byStrike.keys()].sort((a, b) => a - b);
    const below = strikes.filter((k) => k <= spot).pop();
    const above = strikes.find((k) => k >= spot);
    for (const strike of new Set([below, above])) if (strike !== undefined) out.push(...(byStrike.get(strike) ?? []));
  }
  return out;
}

export class AtmIvContracts {
  private readonly lookup: DatedChainLookup;
  private readonly now: () => number;
  private readonly picked = new Map<string, { key: string; spot: number; step: number; symbols: string[] }>();

  constructor(lookup: DatedChainLookup, now: () => number) {
    this.lookup = lookup;
    this.now = now;
  }

  /** The contracts to subscribe for these underlyings; a failed lookup keeps the last pick. */
  async resolve(underlyings: Iterable<string>, spots: ReadonlyMap<string, number>): Promise<string[]> {
    const monthlies = nextMonthlies(etDateString(this.now()), 2);
    const out: string[] = [];
    for (const underlying of new Set(underlyings)) out.push(...(await this.pick(underlying, monthlies, spots.get(underlying))));
    return out;
  }

  private async pick(underlying: string, monthlies: string[], spot: number | undefined): Promise<string[]> {
    const key = monthlies.join(',');
    const previous = this.picked.get(underlying);
    if (previous && previous.key === key && (spot === undefined || Math.abs(spot - previous.spot) < previous.step / 2)) return previous.symbols;
    try {
      const chain = await this.lookup(underlying, CHAIN_STRIKES, monthlies[0] as string, monthlies[monthlies.length - 1] as string);
      const centre = spot ?? chain.underlyingPrice;
      const symbols = pickAtmContracts(chain, monthlies, centre);
      this.picked.set(underlying, { key, spot: centre, step: strikeStep(chain), symbols });
      return symbols;
    } catch {
      return previous?.symbols ?? [];
    }
  }
}

function strikeStep(chain: SchwabChainResponse): number {
  const strikes = [...new Set(Object.values(chain.callExpDateMap ?? {}).flatMap((m) => Object.keys(m).map(Number)))].sort((a, b) => a - b);
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < strikes.length; i++) step = Math.min(step, (strikes[i] as number) - (strikes[i - 1] as number));
  return Number.isFinite(step) ? step : 1;
}
