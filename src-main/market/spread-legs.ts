// Possible spread legs (shared/analytics/FLOW-RULES.md §4): prints on two or more contracts of the
// same underlying at nearly the same trade time are likely one multi-leg order. Two ways to pair:
// - LEG_OUTSIDE (version 2): both printed outside their own quotes within the window;
// - LEG_TIME_SIZE (version 3): trade times within LEG_TIME_WINDOW_MS and sizes in a simple ratio
//   (1:1, 1:2, 1:3, 1:4, 2:3), each of at least LEG_MIN_SIZE contracts. On a real tape almost no
//   leg prints outside its quotes (most print at or inside mid), so the first way finds almost
//   none; the legs of a complex order execute together, so their trade times all but coincide.

import { firstAtOrAfter } from './time-ordered.ts';

export type LegRule = 'LEG_OUTSIDE' | 'LEG_TIME_SIZE';

export interface LegPrint {
  time: number;
  symbol: string;
  flowId: string;
  size: number;
  outside: boolean;
}

export interface LegPartner {
  flowId: string;
  symbol: string;
  rule: LegRule;
  /** Trade-time distance, ms. */
  apart: number;
  size: number;
}

/** Smallest leg the size-ratio rule pairs: 1-lots and 2-lots coincide on a busy underlying. */
export const LEG_MIN_SIZE = 5;
/** Trade times of legs paired by size lie at most this far apart (a complex order fills at once). */
export const LEG_TIME_WINDOW_MS = 25;
/** Size ratios (larger : smaller) a multi-leg order is usually built from. */
const RATIOS = [1, 2, 3, 4, 1.5];
/** Updates of different contracts arrive up to about a conflation interval out of trade-time order. */
const ARRIVAL_SKEW_MS = 2500;

const NONE: LegPartner[] = [];

export function simpleRatio(a: number, b: number): boolean {
  if (!(a >= LEG_MIN_SIZE && b >= LEG_MIN_SIZE)) return false;
  const r = Math.max(a, b) / Math.min(a, b);
  return RATIOS.some((x) => Math.abs(r - x) < 1e-9);
}

export class SpreadLegDetector {
  private readonly windowMs: number;
  private readonly recent = new Map<string, LegPrint[]>();
  private latest = -Infinity;
  /**
   * True while every print kept has a finite time and was inserted in trade-time order (the
   * size-ratio rule's way): the list is then sorted, and a print compares only those within the
   * window of its own time, found by bisection. A list of 100 prints on a busy underlying was
   * scanned whole for every print.
   */
  private ordered = true;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /**
   * Records a print (kept as given: the engine passes a fresh object) and returns the flows of other contracts it pairs with. `bySize` turns on
   * the size-ratio rule; without it only prints outside their quotes pair (version 2).
   */
  add(underlying: string, print: LegPrint, bySize: boolean): LegPartner[] {
    if (!bySize && !print.outside) return NONE;
    let list = this.recent.get(underlying);
    if (!list) this.recent.set(underlying, (list = []));
    if (print.time > this.latest) this.latest = print.time;
    // Kept by trade time against the newest seen, with room for updates arriving out of order
    // (version 2 kept them against this print only).
    const horizon = bySize ? this.latest - this.windowMs - ARRIVAL_SKEW_MS : print.time - this.windowMs;
    while (list.length > 0 && (list[0] as LegPrint).time < horizon) list.shift();
    // Most prints have no partner: no arrays unless one is found.
    let partners: LegPartner[] = NONE;
    if (!bySize || !Number.isFinite(print.time)) this.ordered = false;
    const ordered = this.ordered;
    // A millisecond of slack below: the test that decides is the one on `apart`, as it was.
    const from = ordered ? firstAtOrAfter(list, print.time - this.windowMs - 1) : 0;
    for (let k = from; k < list.length; k++) {
      const p = list[k] as LegPrint;
      // Sorted: past the window's end nothing more can pair.
      if (ordered && p.time - print.time > this.windowMs) break;
      const apart = Math.abs(p.time - print.time);
      // The time first: the list spans the skew allowance, and a symbol is compared by its characters.
      if (!(apart <= this.windowMs) || p.symbol === print.symbol || partners.some((x) => x.flowId === p.flowId)) continue;
      const rule: LegRule | null = p.outside && print.outside ? 'LEG_OUTSIDE' : bySize && apart <= LEG_TIME_WINDOW_MS && simpleRatio(p.size, print.size) ? 'LEG_TIME_SIZE' : null;
      if (rule === null) continue;
      if (partners === NONE) partners = [];
      partners.push({ flowId: p.flowId, symbol: p.symbol, rule, apart, size: p.size });
    }
    // Kept in trade-time order, so the oldest go first.
    let i = list.length;
    while (bySize && i > 0 && (list[i - 1] as LegPrint).time > print.time) i--;
    // In order is the rule: a push, where a splice makes an array of the nothing it removed.
    if (i === list.length) list.push(print);
    else list.splice(i, 0, print);
    return partners;
  }
}
