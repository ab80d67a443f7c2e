// How a contract reads in a row: short expiry and strike, shared by the feed's rows, the
// evidence panel, history and the watchlist.
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { formatStrikeMilli } from '../../shared/symbols/option-symbol.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2024-11-29` -> `Nov 29`: the year is in the tooltip, the DTE column says how near. */
export function shortExpiry(expiry: string): string {
  const month = MONTHS[Number(expiry.slice(5, 7)) - 1];
  return month ? `${month} ${Number(expiry.slice(8, 10))}` : expiry;
}

export function strikeLabel(row: Pick<FlowRow, 'strike'>): string {
  return formatStrikeMilli(Math.round(row.strike * 1000));
}
