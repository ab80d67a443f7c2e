// What the next trading day's open interest said about a recorded flow (FLOW-RULES.md §10).
// Open interest changes once a day, overnight: the first quote of a later day shows it.

/** OPENING: the change confirms the flow opened positions; CLOSING: it closed them; MIXED: neither can be told. */
export type PositionEffect = 'OPENING' | 'CLOSING' | 'MIXED';
export const POSITION_EFFECTS: readonly PositionEffect[] = ['OPENING', 'CLOSING', 'MIXED'];

/** Where the later day's open interest was read: the stream's first quote, or a REST quote at start-up. */
export type NextDaySource = 'stream' | 'rest';

export interface NextDayCheck {
  label: PositionEffect;
  /** Open interest the day the flow printed (what its quotes carried). */
  oiBefore: number;
  /** Open interest on the first quote of a later trading day. */
  oiAfter: number;
  /** oiAfter - oiBefore. */
  change: number;
  /** The flow's own contracts. */
  flowSize: number;
  /** Contracts of every flow Fathom recorded on this contract that day (busted ones left out). */
  dayTotal: number;
  /** When the later day's open interest was read (epoch ms). */
  at: number;
  source: NextDaySource;
  /** The rule and its numbers, in words (the evidence). */
  reason: string;
}
