// The feed's lists of market-data gaps and minute bars, updated as pushes arrive: pure, so the
// model (feed-model.ts) only sets its cells with them.
import type { Bar } from '../../shared/domain/market.ts';
import type { Gap } from '../../shared/domain/session.ts';
import { mergeBars } from '../chart/net-premium.ts';

/** The gaps the window lists at most, newest first. */
export const MAX_GAPS = 200;

/** The list with `gap` in it (replacing one that started at the same time), newest first. */
export function withGap(list: readonly Gap[], gap: Gap): Gap[] {
  return [gap, ...list.filter((g) => g.start !== gap.start)].sort((a, b) => b.start - a.start).slice(0, MAX_GAPS);
}

/** The bars by symbol with `bars` merged into `symbol`'s. */
export function withBars(all: ReadonlyMap<string, Bar[]>, symbol: string, bars: readonly Bar[]): ReadonlyMap<string, Bar[]> {
  const next = new Map(all);
  next.set(symbol, mergeBars(all.get(symbol) ?? [], bars));
  return next;
}
