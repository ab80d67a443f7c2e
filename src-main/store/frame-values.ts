// The values of the frame codec's items (frame-items.ts) as the encoder writes them: the batch's
// streams, and a bare value (a plain decimal read as its end is found, anything else as text)
// stored as the least change from its slot (the same contract's last value), from its path's last
// changed value on any contract, or whole; a value the same as its slot's joins a run of such
// values, written as one tag.
import { ByteWriter } from './byte-stream.ts';
import { ownText, scanBare } from './frame-text.ts';
import { MAX_DIGITS, MAX_RUN, MAX_TABLE_TEXT, NUM_ABSOLUTE, NUM_NEW_SCALE, NUM_RECENT, NUM_SAME_SCALE, POW10, RUN_BASE, TEXT_NEW, TEXT_REF, type Slot } from './frame-codec.ts';
import type { EncoderTables } from './frame-tables.ts';

/**
 * The largest change a varint carries exactly: `ByteWriter.int` doubles it (zigzag), and a rescaled
 * number's change can pass MAX_SAFE_INTEGER / 2 where its two ends do not (a property test found
 * 462412 followed by 12051.4315805424). Plain numbers have at most MAX_DIGITS digits, so only a
 * rescaled change needs the check; past it the number is stored whole.
 */
const MAX_ZIGZAG = (Number.MAX_SAFE_INTEGER - 1) / 2;

export const QUOTE = 34;
export const COMMA = 44;
const DOT = 46;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
export const COLON = 58;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;

/** An item the one pass could not take: the frame goes verbatim. */
export class NotFlat extends Error {}
export const NOT_FLAT = new NotFlat('not a flat item');

export class ValueWriter {
  head = new ByteWriter(1024);
  tags = new ByteWriter(4096);
  /** Numbers outside items (a frame's receive time). */
  nums = new ByteWriter(4096);
  texts = new ByteWriter(8192);
  /** Each item's contract (its number + 1; 0 ends a content array), and its shape's number. */
  contracts = new ByteWriter(1024);
  shapes = new ByteWriter(1024);
  /** The batch's numbers (and text numbers) by column (PathNode.column); `used` in the order first written. */
  columns: (ByteWriter | undefined)[] = [];
  used: number[] = [];
  /** Values the same as their slot's, not yet written (a run is one tag). */
  protected run = 0;
  protected tables: EncoderTables;

  constructor(tables: EncoderTables) {
    this.tables = tables;
  }

  /** A value's tag, after the run of unchanged values before it. */
  tag(tag: number): void {
    if (this.run > 0) this.flushRun();
    this.tags.byte(tag);
  }

  /** Writes the pending run of unchanged values (at a tag, and at the end of a batch). */
  flushRun(): void {
    while (this.run > 0) {
      const n = Math.min(this.run, MAX_RUN);
      this.tags.byte(RUN_BASE + n - 1);
      this.run -= n;
    }
  }

  /** Fresh streams for a batch. */
  streams(): void {
    this.run = 0;
    this.head = new ByteWriter(1024);
    this.tags = new ByteWriter(4096);
    this.nums = new ByteWriter(4096);
    this.texts = new ByteWriter(8192);
    this.contracts = new ByteWriter(1024);
    this.shapes = new ByteWriter(1024);
    this.columns = [];
    this.used = [];
  }

  /** Where the numbers of `column` go (-1: the batch's own numbers). */
  protected numsOf(column: number): ByteWriter {
    if (column < 0) return this.nums;
    let writer = this.columns[column];
    if (!writer) {
      writer = new ByteWriter(256);
      this.columns[column] = writer;
      this.used.push(column);
    }
    return writer;
  }


  /**
   * A bare value from `p`: a plain decimal (-?int(.digits)?, at most 15 digits, not -0, no
   * superfluous zero) is read as its end is found and stored as a change; anything else as text.
   */
  leaf(text: string, p: number, slot: Slot, cell: number, column: number): number {
    let i = p;
    let c = text.charCodeAt(i);
    const negative = c === MINUS;
    if (negative) c = text.charCodeAt(++i);
    const intStart = i;
    let m = 0;
    while (c >= ZERO && c <= NINE) {
      m = m * 10 + (c - ZERO);
      c = text.charCodeAt(++i);
    }
    let digits = i - intStart;
    let plain = digits === 1 || (digits > 1 && text.charCodeAt(intStart) !== ZERO);
    let d = 0;
    if (c === DOT) {
      const fraction = ++i;
      c = text.charCodeAt(i);
      while (c >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        c = text.charCodeAt(++i);
      }
      d = i - fraction;
      digits += d;
      if (d === 0) plain = false;
    }
    // It must end where scanBare would (a delimiter, or the end of the text).
    const ends = c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === QUOTE || c === OPEN_BRACE || c === OPEN_BRACKET || i >= text.length;
    if (plain && ends && digits <= MAX_DIGITS && !(negative && m === 0)) {
      this.decimal(negative ? -m : m, d, slot, cell, column);
      return i;
    }
    const end = scanBare(text, p);
    if (end < 0) throw NOT_FLAT;
    this.text(text, p, end, slot, column);
    return end;
  }

  protected text(text: string, start: number, end: number, slot: Slot, column: number): void {
    if (slot.kind === 2 && slot.text.length === end - start && text.startsWith(slot.text, start)) {
      this.run++;
      return;
    }
    // Kept by the slot and the table: its own string, not a view that keeps the frame (frame-text.ts).
    const lit = ownText(text.slice(start, end));
    slot.kind = 2;
    slot.text = lit;
    if (lit.length > MAX_TABLE_TEXT) {
      this.tag(TEXT_NEW);
      this.texts.text(lit);
      return;
    }
    const table = this.tables.texts;
    const known = table.get(lit);
    if (known !== undefined) {
      this.tag(TEXT_REF);
      this.numsOf(column).uint(known);
      return;
    }
    table.set(lit, table.size);
    this.tag(TEXT_NEW);
    this.texts.text(lit);
  }

  /**
   * A number as the least change: none, from its slot (the same contract's last value here), or
   * from its path's last changed value on any contract (a timestamp is near the last one seen).
   */
  private decimal(m: number, d: number, slot: Slot, path: number, column: number): void {
    const t = this.tables;
    const same = slot.kind === 1 && slot.d === d;
    if (same && slot.m === m) {
      this.run++;
      return;
    }
    const nums = this.numsOf(column);
    const own = m - slot.m;
    if (path >= 0 && t.recentD[path] === d) {
      const recent = m - (t.recentM[path] as number);
      if (!same || Math.abs(recent) < Math.abs(own)) {
        this.tag(NUM_RECENT);
        nums.int(recent);
        this.changed(m, d, slot, path);
        return;
      }
    }
    if (same) {
      this.tag(NUM_SAME_SCALE);
      nums.int(own);
    } else {
      const c = Math.max(d, slot.d);
      const cur = m * (POW10[c - d] as number);
      const prev = slot.m * (POW10[c - slot.d] as number);
      if (slot.kind === 1 && Number.isSafeInteger(cur) && Number.isSafeInteger(prev) && Math.abs(cur - prev) <= MAX_ZIGZAG) {
        this.tag(NUM_NEW_SCALE);
        nums.uint(d);
        nums.int(cur - prev);
      } else {
        this.tag(NUM_ABSOLUTE);
        nums.uint(d);
        nums.int(m);
      }
    }
    this.changed(m, d, slot, path);
  }

  private changed(m: number, d: number, slot: Slot, path: number): void {
    slot.kind = 1;
    slot.m = m;
    slot.d = d;
    if (path >= 0) {
      this.tables.recentM[path] = m;
      this.tables.recentD[path] = d;
    }
  }
}

