// Book events from consecutive OPTIONS_BOOK snapshots and the contract's prints (FLOW-RULES.md §7):
// refill, pull, stack and touch. Fed in stream order; every decision waits only on later input
// (a later snapshot's time is the clock), never on a wall clock, so the same frames give the
// same events live and in replay.
import type { BookEvent, BookEventKind, BookSideName, TimelineColumn, TimelineLevel, TimelinePrint } from '../domain/book-events.ts';
import { better, byCode, clock, levelsOf, price, printedOn, samePrice, SIDES, stacks, takes, touchMoves, venuesAt, type MakeBookEvent } from './book-event-levels.ts';
import { checkBookEventRules, DEFAULT_BOOK_EVENT_RULES, type BookEventRules } from './book-event-rules.ts';
import { columnClockOffset, venueQuoteEpoch } from './book-timeline.ts';

const KIND_ORDER: Record<BookEventKind, number> = { touch: 0, stack: 1, pull: 2, refill: 3 };
/** Ids already emitted are remembered this long (market time), so no event is published twice. */
const ID_MEMORY_MS = 60_000;
/** Prints and refills kept at most, whatever the times say (bounded memory on a flood). */
const MAX_PRINTS = 2_000;
const MAX_REFILLS = 500;

interface RefillCandidate {
  venue: string;
  size: number;
  before: number;
  quoteTime: number;
}

/**
 * Which of two venues that showed their size again after a print refilled first in line: the one
 * that re-quoted soonest after the print, then the larger, then by code.
 */
function refillsBefore(a: RefillCandidate, b: RefillCandidate): boolean {
  if (a.quoteTime !== b.quoteTime) return a.quoteTime < b.quoteTime;
  if (a.size !== b.size) return a.size > b.size;
  return a.venue < b.venue;
}

interface HeldPrint {
  print: TimelinePrint;
  /** Contracts of it already matched to a decrease or a refill. */
  used: number;
}

interface Step {
  prev: TimelineColumn;
  cur: TimelineColumn;
}

interface PendingRefill {
  side: BookSideName;
  venue: string;
  price: number;
  sizeBefore: number;
  /** The lowest size seen since the take. */
  lowest: number;
  taken: number;
  printTime: number;
  /** Columns up to this time were already looked at. */
  checkedUpTo: number;
}

/** A detector's whole state (BookEventDetector.state): what a replay checkpoint keeps of it. */
export interface BookEventDetectorState {
  readonly columns: readonly TimelineColumn[];
  readonly steps: readonly Readonly<Step>[];
  readonly prints: readonly (readonly [string, Readonly<HeldPrint>])[];
  readonly refills: readonly Readonly<PendingRefill>[];
  readonly emitted: readonly (readonly [string, number])[];
  readonly now: number;
}

/**
 * Detects book events for one contract. Give it the contract's prints (onPrint, again when a flow
 * grows or is busted: same flowId) and book columns (onColumn) in the order they arrive; onColumn
 * returns the events decided by that column, which may be about an earlier snapshot (a pull is
 * decided pullGraceMs later, when a late print can no longer explain it).
 */
export class BookEventDetector {
  readonly symbol: string;
  readonly rules: Readonly<BookEventRules>;
  #columns: TimelineColumn[] = [];
  #steps: Step[] = [];
  #prints = new Map<string, HeldPrint>();
  #refills: PendingRefill[] = [];
  #emitted = new Map<string, number>();
  /** The stream clock: the newest column time seen. */
  #now = Number.NEGATIVE_INFINITY;

  constructor(symbol: string, rules: BookEventRules = DEFAULT_BOOK_EVENT_RULES) {
    checkBookEventRules(rules);
    this.symbol = symbol;
    this.rules = Object.freeze({ ...rules });
  }

  /** Everything it holds, for a replay checkpoint: columns and prints shared (never mutated), the rest copied. */
  state(): BookEventDetectorState {
    return {
      columns: [...this.#columns],
      steps: [...this.#steps],
      prints: [...this.#prints].map(([id, held]) => [id, { ...held }] as const),
      refills: this.#refills.map((r) => ({ ...r })),
      emitted: [...this.#emitted],
      now: this.#now,
    };
  }

  /** A detector in exactly the state `state()` gave (the state stays usable for another restore). */
  static fromState(symbol: string, rules: BookEventRules, state: BookEventDetectorState): BookEventDetector {
    const detector = new BookEventDetector(symbol, rules);
    detector.#columns = [...state.columns];
    detector.#steps = [...state.steps];
    detector.#prints = new Map(state.prints.map(([id, held]) => [id, { ...held }]));
    detector.#refills = state.refills.map((r) => ({ ...r }));
    detector.#emitted = new Map(state.emitted);
    detector.#now = state.now;
    return detector;
  }

  onPrint(print: TimelinePrint): void {
    if (!Number.isFinite(print.time) || !Number.isFinite(print.price) || !(print.size >= 0)) {
      throw new RangeError(`Bad print ${print.flowId}: time ${print.time}, price ${print.price}, size ${print.size}`);
    }
    const held = this.#prints.get(print.flowId);
    if (held !== undefined) held.print = print;
    else this.#prints.set(print.flowId, { print, used: 0 });
    if (this.#prints.size > MAX_PRINTS) {
      const oldest = this.#prints.keys().next().value;
      if (oldest !== undefined) this.#prints.delete(oldest);
    }
  }

  /** The events this column decides, in a fixed order (time, kind, side, venue). */
  onColumn(column: TimelineColumn): BookEvent[] {
    if (!Number.isFinite(column.time)) throw new RangeError(`Bad column time ${column.time}: must be epoch ms`);
    const out: BookEvent[] = [];
    const prev = this.#columns[this.#columns.length - 1];
    this.#columns.push(column);
    this.#now = Math.max(this.#now, column.time);
    if (prev !== undefined) {
      touchMoves(prev, column, this.#event, out);
      stacks(prev, column, this.rules, this.#event, out);
      this.#steps.push({ prev, cur: column });
    }
    while (this.#steps.length > 0 && (this.#steps[0] as Step).cur.time + this.rules.pullGraceMs <= this.#now) {
      this.#analyse(this.#steps.shift() as Step, out);
    }
    this.#checkRefills(out);
    this.#prune();
    return this.#publish(out);
  }

  /** Decides everything still held for a grace period: the end of a stream or of a replay. */
  flush(): BookEvent[] {
    const out: BookEvent[] = [];
    for (const step of this.#steps) this.#analyse(step, out);
    this.#steps = [];
    this.#checkRefills(out);
    return this.#publish(out);
  }

  #publish(events: BookEvent[]): BookEvent[] {
    const fresh = events.filter((e) => !this.#emitted.has(e.id));
    for (const e of fresh) this.#emitted.set(e.id, e.time);
    return fresh.sort(
      (a, b) =>
        a.time - b.time ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        byCode(a.side, b.side) ||
        byCode(a.venue ?? '', b.venue ?? ''),
    );
  }

  /** An event of this contract; a bound field, so the two-snapshot rules (book-event-levels.ts) make events with it. */
  readonly #event: MakeBookEvent = (kind, rule, side, venue, at, size, time, reason) => ({
    id: `${this.symbol}:${time}:${kind}:${side}:${venue ?? '-'}`,
    symbol: this.symbol,
    kind,
    rule,
    side,
    venue,
    price: at,
    size,
    time,
    reason,
  });

  /** Prints that took this side's level during the step, oldest first, with contracts left unmatched. */
  #printsTaking(step: Step, side: BookSideName, levelPrice: number): HeldPrint[] {
    const from = step.prev.time - this.rules.printSlackMs;
    const to = step.cur.time + this.rules.printSlackMs;
    const other: BookSideName = side === 'bid' ? 'ask' : 'bid';
    const otherTouches = [levelsOf(step.prev, other)[0]?.price, levelsOf(step.cur, other)[0]?.price];
    const found: HeldPrint[] = [];
    for (const held of this.#prints.values()) {
      const p = held.print;
      if (p.time <= from || p.time > to || held.used >= p.size || !takes(side, p.price, levelPrice)) continue;
      // A locked or crossed book: the print takes the other side's touch by price too, and took
      // the side its quote rule says (a buy at the ask lifted the offer; the bid that leaves the
      // same price is re-priced, not taken).
      const onOther = printedOn(p.side) === other;
      if (onOther && otherTouches.some((t) => t !== undefined && takes(other, p.price, t))) continue;
      // Inside the step a print at or through the level took it; in the slack past either snapshot
      // only one at the level's own price did: a print through it then belongs to the step next
      // door, where the touch had moved to its price (else it explained this level's re-price and
      // was used up before the refill it caused could find it).
      const inSlack = p.time <= step.prev.time || p.time > step.cur.time;
      if (inSlack && !samePrice(p.price, levelPrice)) continue;
      found.push(held);
    }
    return found.sort((a, b) => a.print.time - b.print.time || byCode(a.print.flowId, b.print.flowId));
  }

  /** Pulls and takes of one step, once no late print can change them. */
  #analyse(step: Step, out: BookEvent[]): void {
    for (const side of SIDES) {
      const touch = levelsOf(step.prev, side)[0];
      if (touch === undefined) continue;
      let after = venuesAt(step.cur, side, touch.price);
      const prints = this.#printsTaking(step, side, touch.price);
      if (after === null) {
        const best = levelsOf(step.cur, side)[0];
        // A better price now hides the old touch on a one-level book: nothing to say about it.
        if (best !== undefined && better(side, best.price, touch.price)) continue;
        // The whole level went and nothing printed there: the side was re-priced (a touch move,
        // as when quotes follow the underlying), not each venue pulling.
        if (prints.length === 0) continue;
        after = new Map();
      }
      const offset = prints.length > 0 ? columnClockOffset(step.cur) : null;
      const shown = after;
      const decreases = touch.venues
        .map(([venue, size]) => {
          const now = shown.get(venue);
          const quoted = now === undefined || now.size === 0 || offset === null ? null : venueQuoteEpoch(now.quoteTimeEtMs, offset, step.cur.time);
          return { venue, before: size, now: now?.size ?? 0, quoted };
        })
        .filter((d) => d.now < d.before)
        // A venue gone from the level is the likeliest taken whole; then the largest decrease.
        .sort((a, b) => Number(a.now > 0) - Number(b.now > 0) || b.before - b.now - (a.before - a.now) || byCode(a.venue, b.venue));
      for (const d of decreases) {
        const drop = d.before - d.now;
        let explained = 0;
        let lastPrint: TimelinePrint | null = null;
        for (const held of prints) {
          if (explained >= drop) break;
          // The venue re-quoted its smaller size before this print: the print did not take it.
          if (d.quoted !== null && d.quoted < held.print.time - this.rules.printSlackMs) continue;
          const part = Math.min(held.print.size - held.used, drop - explained);
          if (part <= 0) continue;
          held.used += part;
          explained += part;
          lastPrint = held.print;
        }
        const unexplained = drop - explained;
        if (unexplained >= this.rules.pullMinSize && unexplained >= this.rules.pullMinShare * d.before) {
          // Words only for an event: most decreases are not one, and formatting was a tenth of ingest.book.
          const where = `${d.venue} ${side} ${price(touch.price)}`;
          const printNote = explained > 0 ? `, ${explained} of it explained by prints` : ', no print at that price on that side';
          out.push(
            this.#event('pull', 'PULL_NO_PRINT', side, d.venue, touch.price, unexplained, step.cur.time,
              `${where}: ${d.before} at ${clock(step.prev.time)} -> ${d.now} at ${clock(step.cur.time)}, ${unexplained} left${printNote}`),
          );
        }
        if (lastPrint !== null) {
          this.#refills.push({
            side,
            venue: d.venue,
            price: touch.price,
            sizeBefore: d.before,
            lowest: d.now,
            taken: explained,
            printTime: lastPrint.time,
            checkedUpTo: step.cur.time,
          });
          if (this.#refills.length > MAX_REFILLS) this.#refills.shift();
        }
      }
      this.#refillByQuoteTime(step, side, touch, prints, out);
    }
  }

  /**
   * A print took size, yet no venue shows less: venues whose quote time moved past the print,
   * showing exactly their size again (an iceberg shows the same slice; a venue showing more
   * re-posted, and counting those too cost 10 points of precision on the simulator's venue truth
   * for 1 of recall), refilled between the two snapshots. Each refill uses up as
   * many of the prints' contracts as it shows, in the order refillsBefore gives, so a sweep that
   * took a whole level finds every venue that came back, and a small print finds one.
   */
  #refillByQuoteTime(step: Step, side: BookSideName, touch: TimelineLevel, prints: HeldPrint[], out: BookEvent[]): void {
    const first = prints.find((h) => h.used < h.print.size);
    if (first === undefined) return;
    const after = venuesAt(step.cur, side, touch.price);
    const offset = columnClockOffset(step.cur);
    const offsetBefore = columnClockOffset(step.prev);
    if (after === null || offset === null || offsetBefore === null) return;
    const printTime = first.print.time;
    const candidates: RefillCandidate[] = [];
    for (const [venue, sizeBefore, quoteBefore] of touch.venues) {
      const now = after.get(venue);
      if (now === undefined || sizeBefore <= 0 || now.size !== sizeBefore || now.quoteTimeEtMs === quoteBefore) continue;
      const quoteTime = venueQuoteEpoch(now.quoteTimeEtMs, offset, step.cur.time);
      const quoteTimeBefore = venueQuoteEpoch(quoteBefore, offsetBefore, step.prev.time);
      if (quoteTime === null || quoteTimeBefore === null) continue;
      if (quoteTimeBefore > printTime || quoteTime < printTime) continue;
      if (quoteTime - printTime > this.rules.refillWindowMs) continue;
      candidates.push({ venue, size: now.size, before: sizeBefore, quoteTime });
    }
    candidates.sort((a, b) => (refillsBefore(a, b) ? -1 : refillsBefore(b, a) ? 1 : 0));
    for (const c of candidates) {
      let need = c.size;
      for (const held of prints) {
        if (need <= 0) break;
        const part = Math.min(held.print.size - held.used, need);
        if (part <= 0) continue;
        held.used += part;
        need -= part;
      }
      if (need === c.size) break;
      out.push(
        this.#event('refill', 'REFILL_BY_QUOTE_TIME', side, c.venue, touch.price, c.size, step.cur.time,
          `${c.venue} ${side} ${price(touch.price)}: a print of ${first.print.size} at ${price(first.print.price)} at ${clock(printTime)} took size no venue shows missing; ${c.venue} ${c.before} -> ${c.size}, its quote time moved to ${clock(c.quoteTime)}, ${c.quoteTime - printTime} ms after the print`),
      );
    }
  }

  #checkRefills(out: BookEvent[]): void {
    const keep: PendingRefill[] = [];
    for (const refill of this.#refills) {
      let done = false;
      for (const column of this.#columns) {
        if (column.time <= refill.checkedUpTo) continue;
        refill.checkedUpTo = column.time;
        const shown = venuesAt(column, refill.side, refill.price)?.get(refill.venue);
        const size = shown?.size ?? 0;
        if (shown !== undefined && size > refill.lowest && size >= this.rules.refillMinShare * refill.sizeBefore) {
          // The refill happened at the venue's quote time when its clock can be read: a book
          // conflated to a second shows it up to a second later.
          const offset = columnClockOffset(column);
          const quoted = offset === null ? null : venueQuoteEpoch(shown.quoteTimeEtMs, offset, column.time);
          const at = quoted ?? column.time;
          if (at - refill.printTime <= this.rules.refillWindowMs) {
            const when = quoted === null ? '' : ` (quoted ${clock(quoted)}, ${quoted - refill.printTime} ms after the print)`;
            out.push(
              this.#event('refill', 'REFILL_AFTER_PRINT', refill.side, refill.venue, refill.price, size, column.time,
                `${refill.venue} ${refill.side} ${price(refill.price)}: ${refill.taken} of ${refill.sizeBefore} taken by a print at ${clock(refill.printTime)}, back to ${size} at ${clock(column.time)}${when}`),
            );
            done = true;
            break;
          }
        }
        // A snapshot past the window has been read: a later one cannot show an earlier refill.
        if (column.time - refill.printTime > this.rules.refillWindowMs) {
          done = true;
          break;
        }
        refill.lowest = Math.min(refill.lowest, size);
      }
      if (!done) keep.push(refill);
    }
    this.#refills = keep;
  }

  #prune(): void {
    const r = this.rules;
    const horizon = this.#now - (r.pullGraceMs + r.refillWindowMs + r.printSlackMs + 1000);
    const oldestStep = this.#steps[0]?.prev.time ?? this.#now;
    // The previous column is always kept: the next step starts from it.
    while (this.#columns.length > 1 && (this.#columns[0] as TimelineColumn).time < horizon) this.#columns.shift();
    const printCutoff = Math.min(horizon, oldestStep - r.printSlackMs);
    for (const [id, held] of this.#prints) if (held.print.time <= printCutoff) this.#prints.delete(id);
    for (const [id, time] of this.#emitted) if (time < this.#now - ID_MEMORY_MS) this.#emitted.delete(id);
  }
}
