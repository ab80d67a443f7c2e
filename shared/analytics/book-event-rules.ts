// The thresholds of the book event rules (FLOW-RULES.md §7), apart from the detector that applies
// them (book-events.ts) so settings, the evaluation and the doc test read them without it.
/** The thresholds of the book event rules, published in FLOW-RULES.md §7. */
export interface BookEventRules {
  /** A venue refills when its size comes back at most this long after the print that took it. */
  refillWindowMs: number;
  /** ...to at least this share of its size before the print. */
  refillMinShare: number;
  /** A decrease with no print to explain it waits this long (stream time) for a late print. */
  pullGraceMs: number;
  /** A pull is at least this many contracts leaving one venue... */
  pullMinSize: number;
  /** ...and at least this share of what the venue showed. */
  pullMinShare: number;
  /** A print this close before the first snapshot of a step, or after its second, still belongs to it. */
  printSlackMs: number;
  /** A stack adds at least this many contracts to one side's touch... */
  stackMinSize: number;
  /** ...at least this share of what the side showed... */
  stackMinShare: number;
  /** ...while the other side's touch loses at least this share of its size. */
  stackOtherMinShare: number;
}

export const DEFAULT_BOOK_EVENT_RULES: Readonly<BookEventRules> = Object.freeze({
  refillWindowMs: 2000,
  refillMinShare: 0.8,
  pullGraceMs: 1500,
  pullMinSize: 10,
  pullMinShare: 0.5,
  printSlackMs: 500,
  stackMinSize: 50,
  stackMinShare: 0.5,
  stackOtherMinShare: 0.25,
});

const SHARE_RULES = ['refillMinShare', 'pullMinShare', 'stackMinShare', 'stackOtherMinShare'] as const;

/** Throws a RangeError naming the first bad threshold. */
export function checkBookEventRules(rules: BookEventRules): void {
  for (const [name, value] of Object.entries(rules) as [keyof BookEventRules, number][]) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`Bad book event rule ${name} = ${value}: must be a number >= 0`);
    }
  }
  for (const name of SHARE_RULES) {
    if (rules[name] > 1) throw new RangeError(`Bad book event rule ${name} = ${rules[name]}: a share is 0..1`);
  }
}
