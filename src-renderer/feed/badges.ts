// What each badge on a flow row says (shared/analytics/FLOW-RULES.md): the words, the tone the
// stylesheet colours them by, and a tooltip that explains the rule in plain terms.
import type { FlowKind, Side } from '../../shared/domain/flow.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { formatDte, formatPercent } from '../../shared/format/format.ts';
import { senderLean } from '../../shared/analytics/sender.ts';

export type BadgeTone =
  | 'sweep' | 'block' | 'split' | 'single'
  | 'whale' | 'bull' | 'bear' | 'neutral'
  | 'buy' | 'sell' | 'mid'
  | 'hot' | 'warm' | 'plain' | 'flag' | 'dim';

export interface Badge {
  key: string;
  label: string;
  tone: BadgeTone;
  title: string;
}

export const SIDE_LABELS: Readonly<Record<Side, string>> = Object.freeze({
  ABOVE_ASK: 'AA',
  ASK: 'A',
  MID: 'M',
  BID: 'B',
  BELOW_BID: 'BB',
});

const SIDE_WORDS: Readonly<Record<Side, string>> = Object.freeze({
  ABOVE_ASK: 'above the ask',
  ASK: 'at the ask',
  MID: 'inside the spread',
  BID: 'at the bid',
  BELOW_BID: 'below the bid',
});

const KIND_TITLES: Readonly<Record<FlowKind, string>> = Object.freeze({
  SWEEP: 'Sweep: an aggressive cluster that took more than the size shown',
  BLOCK: 'Block: one large print that did not deplete the book',
  SPLIT: 'Split: several prints at one price, not a sweep',
  SINGLE: 'Single: an ordinary print',
});

export function kindBadge(row: FlowRow): Badge {
  const tone = row.kind.toLowerCase() as BadgeTone;
  return { key: 'kind', label: row.kind === 'SINGLE' ? 'single' : row.kind, tone, title: `${KIND_TITLES[row.kind]} (${percent(row.kindConfidence)} sure)` };
}

export function sideBadge(row: FlowRow): Badge {
  const tone: BadgeTone = row.direction === 'BUY' ? 'buy' : row.direction === 'SELL' ? 'sell' : 'mid';
  if (row.direction === 'UNKNOWN') {
    // Where it printed is still known when a quote was; who started it is not.
    const where = row.bid === null || row.ask === null ? 'with no usable quote' : SIDE_WORDS[row.side];
    return { key: 'side', label: '?', tone, title: `Side unknown: printed ${where}, and no rule was confident enough to say who started it` };
  }
  const lean = row.side === 'MID' ? `, leaning ${row.direction.toLowerCase()} by the ${row.sideRule.toLowerCase()} rule` : '';
  return { key: 'side', label: SIDE_LABELS[row.side], tone, title: `Printed ${SIDE_WORDS[row.side]}${lean}` };
}

export function sentimentBadge(row: FlowRow): Badge {
  if (row.sentiment === 'BULLISH') return { key: 'sentiment', label: 'BULL', tone: 'bull', title: 'Bullish: calls bought or puts sold' };
  if (row.sentiment === 'BEARISH') return { key: 'sentiment', label: 'BEAR', tone: 'bear', title: 'Bearish: calls sold or puts bought' };
  return { key: 'sentiment', label: '—', tone: 'neutral', title: 'No side could be inferred' };
}

export function dteBadge(row: FlowRow): Badge {
  const tone: BadgeTone = row.dte <= 0 ? 'hot' : row.dte <= 2 ? 'warm' : 'plain';
  return { key: 'dte', label: formatDte(row.dte), tone, title: row.dte === 0 ? 'Expires today' : `${row.dte} calendar days to expiry` };
}

/** `2.4% OTM`, `1.1% ITM`, `ATM`, or the bare moneyness without a spot price. */
export function moneynessLabel(row: FlowRow): string {
  if (row.moneyness === 'ATM') return 'ATM';
  if (row.otmPercent === null) return row.moneyness ?? '—';
  return `${Math.abs(row.otmPercent).toFixed(1)}% ${row.otmPercent >= 0 ? 'OTM' : 'ITM'}`;
}

/** Who likely sent it (FLOW-RULES.md §9): the leaning side's confidence; null on flows stored before. */
export function senderBadge(row: FlowRow): Badge | null {
  const p = row.institutional;
  if (p === undefined) return null;
  const lean = senderLean(p);
  const title = `Likely sender, a heuristic (never a certainty): ${percent(p)} institutional, ${percent(1 - p)} retail; the evidence lists every clue`;
  if (lean === 'INSTITUTIONAL') return { key: 'sender', label: `INST ${percent(p)}`, tone: 'flag', title };
  if (lean === 'RETAIL') return { key: 'sender', label: `RTL ${percent(1 - p)}`, tone: 'plain', title };
  return { key: 'sender', label: `? ${percent(Math.max(p, 1 - p))}`, tone: 'dim', title };
}

const NEXT_DAY_LABELS = { OPENING: 'OPENED', CLOSING: 'CLOSED', MIXED: 'MIXED' } as const;

/** What the next trading day's open interest said (FLOW-RULES.md §10), with its numbers. */
export function nextDayBadge(row: FlowRow): Badge | null {
  const c = row.nextDay;
  if (!c) return null;
  const sign = c.change >= 0 ? '+' : '';
  const title = `Next day: ${c.label.toLowerCase()}. Open interest ${c.oiBefore.toLocaleString('en-US')} → ${c.oiAfter.toLocaleString('en-US')} (${sign}${c.change.toLocaleString('en-US')}); this flow ${c.flowSize.toLocaleString('en-US')}, the day's flows on the contract ${c.dayTotal.toLocaleString('en-US')}`;
  return { key: 'next-day', label: NEXT_DAY_LABELS[c.label], tone: c.label === 'OPENING' ? 'hot' : 'dim', title };
}

/** The yes/no flags, in a fixed order so columns line up from row to row. */
export function flagBadges(row: FlowRow): Badge[] {
  const flags: Badge[] = [];
  const nextDay = nextDayBadge(row);
  if (nextDay) flags.push(nextDay);
  if (row.cancelled === true) flags.push({ key: 'cancelled', label: 'BUST', tone: 'hot', title: 'Cancelled: day volume fell by this flow\'s size afterwards, so the trade was busted (the evidence says when)' });
  if (row.whale) flags.push({ key: 'whale', label: 'WHALE', tone: 'whale', title: 'Whale: premium at or over the whale threshold' });
  if (row.openingLikely) flags.push({ key: 'open', label: 'OPEN', tone: 'flag', title: `Opening likely: size ${row.size} > open interest ${row.openInterest ?? '—'}` });
  if (row.unusual) flags.push({ key: 'unusual', label: 'UNUS', tone: 'flag', title: 'Unusual: volume/OI at or over 1.25, or premium in the top 1% of this contract today' });
  if (row.repeater) flags.push({ key: 'repeater', label: 'REP', tone: 'flag', title: 'Repeater: same contract and price hit 3+ times within 60 s' });
  if (row.conflated) flags.push({ key: 'conflated', label: 'CONFL', tone: 'dim', title: 'Conflated: one update carried several prints' });
  if (row.spreadLeg) flags.push({ key: 'spread-leg', label: 'LEG', tone: 'dim', title: 'Possible spread leg: the side is less certain' });
  if (row.delayed) flags.push({ key: 'delayed', label: 'DLY', tone: 'dim', title: 'Delayed data: never alerts' });
  return flags;
}

export type ConfidenceLevel = 1 | 2 | 3;

/** How sure the row is overall: the weaker of the side and the kind confidence. */
export function confidenceMark(row: FlowRow): { level: ConfidenceLevel; title: string } {
  const weakest = Math.min(row.confidence, row.kindConfidence);
  const level: ConfidenceLevel = weakest >= 0.8 ? 3 : weakest >= 0.6 ? 2 : 1;
  return { level, title: `Side ${percent(row.confidence)} sure (${row.sideRule.toLowerCase()} rule), kind ${percent(row.kindConfidence)} sure` };
}

function percent(fraction: number): string {
  return formatPercent(fraction, 0);
}
