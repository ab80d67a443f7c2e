// Institutional or retail (FLOW-RULES.md §9): a published heuristic, never a certainty. Each clue
// the flow already carries adds or takes log-odds; the sum becomes a 0..1 confidence that an
// institution sent the order, kept between SENDER_FLOOR and 1 - SENDER_FLOOR.
import type { FlowKind, Side } from '../domain/flow.ts';
import { etMsSinceMidnight } from '../time/eastern.ts';

/** Log-odds each clue adds (positive: institutional; negative: retail). */
export const SENDER_WEIGHTS = Object.freeze({
  /** At least SENDER_LARGE_SIZE contracts. */
  largeSize: 1.2,
  /** At least SENDER_MEDIUM_SIZE contracts. */
  mediumSize: 0.4,
  /** At most SENDER_TINY_SIZE contracts. */
  tinySize: -1.2,
  /** At most SENDER_SMALL_SIZE contracts. */
  smallSize: -0.6,
  /** Premium at least SENDER_LARGE_PREMIUM. */
  largePremium: 1.0,
  /** Premium at least SENDER_MEDIUM_PREMIUM. */
  mediumPremium: 0.4,
  /** Premium under SENDER_SMALL_PREMIUM. */
  smallPremium: -0.8,
  /** A round lot: a multiple of SENDER_ROUND_LOT contracts, at least that many. */
  roundLot: 0.5,
  /** An odd lot: under SENDER_ROUND_LOT contracts and not a multiple of 5. */
  oddLot: -0.3,
  /** Printed strictly inside the spread, small: price improvement, as retail routing gets. */
  improvedSmall: -0.6,
  /** Printed strictly inside the spread, large: a negotiated cross. */
  crossedLarge: 0.5,
  /** Several prints swept across the displayed size (a SWEEP). */
  sweep: 0.6,
  /** Several prints at one price (a SPLIT). */
  split: 0.3,
  /** A possible leg of a multi-leg order (a spread leg, or a strategy's leg). */
  spreadLeg: 0.3,
  /** In the first SENDER_OPEN_MINUTES of the session. */
  opening: -0.2,
  /** In the last SENDER_CLOSE_MINUTES of the session. */
  closing: 0.2,
});

export const SENDER_LARGE_SIZE = 100;
export const SENDER_MEDIUM_SIZE = 25;
export const SENDER_SMALL_SIZE = 10;
export const SENDER_TINY_SIZE = 5;
export const SENDER_LARGE_PREMIUM = 100_000;
export const SENDER_MEDIUM_PREMIUM = 25_000;
export const SENDER_SMALL_PREMIUM = 2_000;
export const SENDER_ROUND_LOT = 50;
export const SENDER_OPEN_MINUTES = 15;
export const SENDER_CLOSE_MINUTES = 30;
/** The confidence never goes below this, nor above 1 minus it. */
export const SENDER_FLOOR = 0.05;
/** At or above: shown as institutional; at or below 1 minus it: retail; between: unsure. */
export const SENDER_LEAN = 0.6;

const OPEN_MS = 9.5 * 3_600_000;
const CLOSE_MS = 16 * 3_600_000;

export interface SenderInput {
  size: number;
  premium: number;
  side: Side;
  kind: FlowKind;
  prints: number;
  spreadLeg: boolean;
  /** The first print's time (epoch ms). */
  time: number;
}

export interface SenderResult {
  /** 0..1: how likely an institution sent it (retail: 1 minus it). */
  institutional: number;
  /** `SENDER institutional 0.82: size 500 >= 100 (+1.2); ...`: the evidence. */
  reason: string;
}

export type SenderLean = 'INSTITUTIONAL' | 'RETAIL' | 'UNSURE';

export function senderLean(institutional: number): SenderLean {
  if (institutional >= SENDER_LEAN) return 'INSTITUTIONAL';
  if (institutional <= 1 - SENDER_LEAN) return 'RETAIL';
  return 'UNSURE';
}

/** The confidence alone: what every version of every flow needs (no words are built). */
export function senderConfidence(input: SenderInput): number {
  return confidenceOf(logitOf(input, null));
}

/** The confidence and its reason, every clue with its weight. */
export function senderOf(input: SenderInput): SenderResult {
  const clues: string[] = [];
  const institutional = confidenceOf(logitOf(input, clues));
  const lean = senderLean(institutional);
  const head = `SENDER ${lean === 'UNSURE' ? 'unsure' : lean === 'INSTITUTIONAL' ? 'institutional' : 'retail'} ${institutional.toFixed(2)} institutional`;
  return { institutional, reason: clues.length === 0 ? `${head}: no clue either way` : `${head}: ${clues.join('; ')}` };
}

function confidenceOf(logit: number): number {
  const raw = 1 / (1 + Math.exp(-logit));
  return Math.round(Math.min(1 - SENDER_FLOOR, Math.max(SENDER_FLOOR, raw)) * 100) / 100;
}

/**
 * The sum of the clues' log-odds; with `words`, each clue's words and weight are added to it.
 * Every version of every flow asks for the sum: the words are built only when asked for, and no
 * closure is made per clue.
 */
function logitOf(input: SenderInput, words: string[] | null): number {
  const w = SENDER_WEIGHTS;
  let logit = 0;
  const { size, premium } = input;
  if (size >= SENDER_LARGE_SIZE) logit += clue(words, w.largeSize, 'size', size, ' >= ', SENDER_LARGE_SIZE);
  else if (size >= SENDER_MEDIUM_SIZE) logit += clue(words, w.mediumSize, 'size', size, ' >= ', SENDER_MEDIUM_SIZE);
  else if (size <= SENDER_TINY_SIZE) logit += clue(words, w.tinySize, 'size', size, ' <= ', SENDER_TINY_SIZE);
  else if (size <= SENDER_SMALL_SIZE) logit += clue(words, w.smallSize, 'size', size, ' <= ', SENDER_SMALL_SIZE);
  if (premium >= SENDER_LARGE_PREMIUM) logit += clue(words, w.largePremium, 'premium', premium, ' >= ', SENDER_LARGE_PREMIUM);
  else if (premium >= SENDER_MEDIUM_PREMIUM) logit += clue(words, w.mediumPremium, 'premium', premium, ' >= ', SENDER_MEDIUM_PREMIUM);
  else if (premium < SENDER_SMALL_PREMIUM) logit += clue(words, w.smallPremium, 'premium', premium, ' < ', SENDER_SMALL_PREMIUM);
  if (size >= SENDER_ROUND_LOT && size % SENDER_ROUND_LOT === 0) logit += clue(words, w.roundLot, 'round lot');
  else if (size < SENDER_ROUND_LOT && size % 5 !== 0) logit += clue(words, w.oddLot, 'odd lot');
  if (input.side === 'MID') {
    if (size < SENDER_MEDIUM_SIZE) logit += clue(words, w.improvedSmall, 'improved');
    else if (size >= SENDER_LARGE_SIZE) logit += clue(words, w.crossedLarge, 'crossed');
  }
  if (input.kind === 'SWEEP' && input.prints >= 2) logit += clue(words, w.sweep, 'swept', input.prints);
  else if (input.kind === 'SPLIT') logit += clue(words, w.split, 'split', input.prints);
  if (input.spreadLeg) logit += clue(words, w.spreadLeg, 'leg');
  const etMs = etMsSinceMidnight(input.time);
  if (etMs >= OPEN_MS && etMs < OPEN_MS + SENDER_OPEN_MINUTES * 60_000) logit += clue(words, w.opening, 'opening');
  else if (etMs >= CLOSE_MS - SENDER_CLOSE_MINUTES * 60_000 && etMs < CLOSE_MS) logit += clue(words, w.closing, 'closing');
  return logit;
}

type Clue = 'size' | 'premium' | 'round lot' | 'odd lot' | 'improved' | 'crossed' | 'swept' | 'split' | 'leg' | 'opening' | 'closing';

/** A clue's weight; with `words`, its words and weight are added to them too. */
function clue(words: string[] | null, weight: number, what: Clue, value = 0, op = '', bound = 0): number {
  if (words) words.push(`${clueText(what, value, op, bound)} (${weight > 0 ? '+' : ''}${weight})`);
  return weight;
}

function clueText(what: Clue, value: number, op: string, bound: number): string {
  switch (what) {
    case 'size':
      return `size ${value}${op}${bound}`;
    case 'premium':
      return `premium $${dollars(value)}${op}$${dollars(bound)}`;
    case 'round lot':
      return `round lot (a multiple of ${SENDER_ROUND_LOT})`;
    case 'odd lot':
      return 'odd lot (not a multiple of 5)';
    case 'improved':
      return `inside the spread, under ${SENDER_MEDIUM_SIZE} contracts (price improvement)`;
    case 'crossed':
      return `inside the spread, ${SENDER_LARGE_SIZE}+ contracts (a negotiated cross)`;
    case 'swept':
      return `swept across ${value} prints`;
    case 'split':
      return `split over ${value} prints at one price`;
    case 'leg':
      return 'possible leg of a multi-leg order';
    case 'opening':
      return `first ${SENDER_OPEN_MINUTES} minutes of the session`;
    case 'closing':
      return `last ${SENDER_CLOSE_MINUTES} minutes of the session`;
  }
}

/** Whole dollars with thousands commas. */
function dollars(n: number): string {
  let digits = String(Math.round(Math.abs(n)));
  let out = '';
  while (digits.length > 3) {
    out = `,${digits.slice(-3)}${out}`;
    digits = digits.slice(0, -3);
  }
  return `${n < 0 ? '-' : ''}${digits}${out}`;
}
