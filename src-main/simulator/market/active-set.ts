// The contracts the market trades on its own: the nearest expiries of every underlying, strikes
// around the money, weighted so that index ETFs, short expiries and at-the-money strikes get
// most of the flow. Rebuilt from the current spot every minute, so it follows the market.
import { etDateString } from '../../../shared/time/eastern.ts';
import { formatSchwabSymbol } from '../../../shared/symbols/option-symbol.ts';
import type { Random } from '../../util/random.ts';
import { expiryCloseMs, listedExpiries } from './expiries.ts';
import type { OptionContractState } from './option-contract.ts';
import type { UnderlyingSim } from './underlying.ts';

/** A symbol and, once resolved, its contract: picks skip the symbol-keyed lookup. */
export interface ContractRef {
  readonly symbol: string;
  contract?: OptionContractState | null;
}

interface Slice {
  /** Expiries and at-the-money strike it was built for; unchanged means reuse it. */
  key: string;
  refs: ContractRef[];
  weights: number[];
}

const EXPIRY_WEIGHTS = [1, 0.55, 0.35, 0.2];
/** No new orders within this long of a contract's close. */
const CLOSE_GUARD_MS = 5 * 60_000;

export class ActiveSet {
  private refs: ContractRef[] = [];
  private cumulative: number[] = [];
  private readonly slices = new Map<string, Slice>();
  /** A busier market trades a broader set: 1 at intensity 1, 3 at intensity 100. */
  private readonly breadth: number;

  constructor(intensity: number) {
    this.breadth = 1 + Math.log10(Math.max(1, intensity));
  }

  get size(): number {
    return this.refs.length;
  }

  rebuild(t: number, underlyings: readonly UnderlyingSim[]): void {
    const refs: ContractRef[] = [];
    const cumulative: number[] = [];
    let total = 0;
    const today = etDateString(t);
    for (const u of underlyings) {
      const slice = this.slice(u, t, today);
      slice.refs.forEach((ref, i) => {
        total += slice.weights[i] as number;
        refs.push(ref);
        cumulative.push(total);
      });
    }
    this.refs = refs;
    this.cumulative = cumulative;
  }

  /** A contract drawn by weight, or null when the set is empty. */
  pick(random: Random): ContractRef | null {
    const total = this.cumulative[this.cumulative.length - 1];
    if (total === undefined) return null;
    const target = random() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) <= target) lo = mid + 1;
      else hi = mid;
    }
    return this.refs[lo] ?? null;
  }

  private slice(u: UnderlyingSim, t: number, today: string): Slice {
    const profile = u.profile;
    const expiryCount = Math.round((profile.dailyExpiries ? 4 : 3) * this.breadth);
    const strikesEachSide = Math.round((profile.dailyExpiries ? 12 : 8) * this.breadth);
    const decay = 4 * this.breadth;
    const expiries = listedExpiries(profile, today).filter((e) => expiryCloseMs(e) > t + CLOSE_GUARD_MS).slice(0, expiryCount);
    const step = profile.strikeStep;
    const atm = Math.round(u.spot / step) * step;
    const key = `${atm}|${expiries.join(',')}`;
    const known = this.slices.get(u.symbol);
    if (known?.key === key) return known;
    const refs: ContractRef[] = [];
    const weights: number[] = [];
    expiries.forEach((expiry, j) => {
      for (let i = -strikesEachSide; i <= strikesEachSide; i++) {
        const strike = Math.round((atm + i * step) * 1000) / 1000;
        if (strike <= 0) continue;
        for (const right of ['C', 'P'] as const) {
          const otm = right === 'C' ? strike >= atm : strike <= atm;
          weights.push(profile.flowWeight * (EXPIRY_WEIGHTS[j] ?? 0.1) * Math.exp(-Math.abs(i) / decay) * (otm ? 1 : 0.6));
          refs.push({ symbol: formatSchwabSymbol({ root: u.symbol, expiry, right, strike }) });
        }
      }
    });
    const slice = { key, refs, weights };
    this.slices.set(u.symbol, slice);
    return slice;
  }
}
