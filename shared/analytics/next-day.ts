// Opening confirmed the next day (FLOW-RULES.md §10): a flow's contracts against the change of
// open interest between the day it printed and the first quote of a later trading day.
import type { NextDayCheck, NextDaySource, PositionEffect } from '../domain/next-day.ts';

/**
 * The share of the flow's contracts that must be accounted for by the change of open interest,
 * after every other recorded flow of the day on the contract is assumed to have pushed the other
 * way: 0.8, so a flow that opened still confirms when a fifth of it met a closing order.
 */
export const NEXT_DAY_MATCH_SHARE = 0.8;

export interface NextDayInput {
  oiBefore: number;
  oiAfter: number;
  flowSize: number;
  dayTotal: number;
  at: number;
  source: NextDaySource;
}

/**
 * The open-interest change is the day's opened contracts less its closed ones. The other flows
 * of the day (dayTotal - flowSize contracts) could have moved it either way, so only what they
 * cannot explain is put on this flow: it opened (closed) when the change is at least
 * dayTotal - flowSize + NEXT_DAY_MATCH_SHARE x flowSize up (down); otherwise MIXED.
 */
export function nextDayCheck(input: NextDayInput): NextDayCheck {
  const { oiBefore, oiAfter, flowSize, at, source } = input;
  const dayTotal = Math.max(input.dayTotal, flowSize);
  const change = oiAfter - oiBefore;
  const others = dayTotal - flowSize;
  const needed = others + NEXT_DAY_MATCH_SHARE * flowSize;
  const label: PositionEffect = change >= needed ? 'OPENING' : -change >= needed ? 'CLOSING' : 'MIXED';
  const needs = `${formatCount(Math.ceil(needed))} (the day's other flows ${formatCount(others)} + ${NEXT_DAY_MATCH_SHARE} x this flow's ${formatCount(flowSize)})`;
  const moved = `open interest ${formatCount(oiBefore)} -> ${formatCount(oiAfter)} (${change >= 0 ? '+' : ''}${formatCount(change)})`;
  const why =
    label === 'OPENING'
      ? `rose by at least ${needs}: the flow opened positions`
      : label === 'CLOSING'
        ? `fell by at least ${needs}: the flow closed positions`
        : `moved less than ${needs} either way: opening and closing cannot be told apart`;
  return { label, oiBefore, oiAfter, change, flowSize, dayTotal, at, source, reason: `NEXT_DAY ${label}: ${moved} ${why}; ${formatCount(dayTotal)} contracts in the day's recorded flows` };
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
