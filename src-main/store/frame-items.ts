// One item of a content array (frame-codec.ts) as the encoder writes it: its contract's number,
// its shape and its values as changes, in one pass over its text. Each value is scanned once:
// a number's digits are read as its end is found, and a book's venue (an array element whose
// first member is a string) keeps its values under its name, not its place in the array, so a
// venue that moves when sizes reorder the book still changes by little. Anything the pass cannot
// take throws NOT_FLAT; the frame encoder then stores that frame verbatim.
import { ByteWriter } from './byte-stream.ts';
import { scanBare, scanString } from './frame-text.ts';
import {
  MAX_DIGITS,
  NUM_ABSOLUTE,
  NUM_NEW_SCALE,
  MAX_TABLE_TEXT,
  NUM_RECENT,
  NUM_SAME_SCALE,
  RUN_BASE,
  MAX_RUN,
  POW10,
  TEXT_NEW,
  TEXT_REF,
  KEY_SKIP,
  elementOf,
  keyedChild,
  memberOf,
  newSlot,
  orderOf,
  slotOf,
  type PathNode,
  type Slot,
} from './frame-codec.ts';

/**
 * The largest change a varint carries exactly: `ByteWriter.int` doubles it (zigzag), and a rescaled
 * number's change can pass MAX_SAFE_INTEGER / 2 where its two ends do not (a property test found
 * 462412 followed by 12051.4315805424). Plain numbers have at most MAX_DIGITS digits, so only a
 * rescaled change needs the check; past it the number is stored whole.
 */
const MAX_ZIGZAG = (Number.MAX_SAFE_INTEGER - 1) / 2;
import type { EncoderTables, ShapeNode } from './frame-tables.ts';
import type { KeyOrder } from './frame-order.ts';

const KEY = '"key":';
const QUOTE = 34;
const COMMA = 44;
const DOT = 46;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** An item the one pass could not take: the frame goes verbatim. */
export class NotFlat extends Error {}
export const NOT_FLAT = new NotFlat('not a flat item');

export class ItemEncoder {
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
  items = 0;
  /** Values the same as their slot's, not yet written (a run is one tag). */
  private run = 0;
  private tables: EncoderTables;
  private readonly ids: number[] = [];
  private count = 0;
  private node: ShapeNode;
  private slots: Slot[] = [];
  /** The slot a keyed element's first member is told against: the key its array's order predicts (frame-order.ts). */
  private readonly guess: Slot = newSlot();

  constructor(tables: EncoderTables) {
    this.tables = tables;
    this.node = tables.shapeRoot;
  }

  /** A new chain's tables. */
  restart(tables: EncoderTables): void {
    this.tables = tables;
    this.node = tables.shapeRoot;
    this.items = 0;
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
  private numsOf(column: number): ByteWriter {
    if (column < 0) return this.nums;
    let writer = this.columns[column];
    if (!writer) {
      writer = new ByteWriter(256);
      this.columns[column] = writer;
      this.used.push(column);
    }
    return writer;
  }

  /** One item from `p` (its '{'); the index after its '}'. */
  item(text: string, p: number, service: string): number {
    if (text.charCodeAt(p) !== OPEN_BRACE) throw NOT_FLAT;
    const t = this.tables;
    // The key comes last in Schwab's items: found first by search, then checked to be a field.
    const keyAt = text.indexOf(KEY, p);
    if (keyAt < 0 || text.charCodeAt(keyAt + KEY.length) !== QUOTE) throw NOT_FLAT;
    const keyEnd = scanString(text, keyAt + KEY.length);
    if (keyEnd < 0) throw NOT_FLAT;
    const contract = t.contract(service, text, keyAt + KEY.length, keyEnd);
    this.items++;
    this.contracts.uint(contract.id + 1);
    this.slots = contract.slots;
    this.count = 0;
    this.node = t.shapeRoot;
    let sawKey = false;
    p++;
    for (;;) {
      if (text.charCodeAt(p) !== QUOTE) throw NOT_FLAT;
      const nameEnd = scanString(text, p);
      if (nameEnd < 0 || text.charCodeAt(nameEnd) !== COLON) throw NOT_FLAT;
      if (p === keyAt) sawKey = true;
      const id = t.fieldId(text, p, nameEnd);
      this.token(id);
      const valueEnd = this.member(text, nameEnd + 1, memberOf(t.pathRoot, id, t));
      const c = text.charCodeAt(valueEnd);
      p = valueEnd + 1;
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) throw NOT_FLAT;
    }
    if (!sawKey) throw NOT_FLAT;
    this.endShape();
    return p;
  }

  /** The item's shape: its number, and its tokens if it is new (with the names new to the decoder). */
  private endShape(): void {
    const node = this.node;
    const t = this.tables;
    if (node.shape >= 0) {
      this.shapes.uint(node.shape);
      return;
    }
    node.shape = t.shapeCount++;
    this.shapes.uint(node.shape);
    this.head.uint(this.count);
    for (let i = 0; i < this.count; i++) {
      const id = this.ids[i] as number;
      this.head.uint(id);
      if (id >= t.fieldsSent) {
        this.head.text(t.fieldNames[id] as string);
        t.fieldsSent = id + 1;
      }
    }
  }

  /** One more token of the item's shape: a walk down the shape trie. */
  private token(id: number): void {
    this.ids[this.count++] = id;
    const node = this.node;
    let next = node.next[id];
    if (!next) {
      next = { shape: -1, next: [] };
      node.next[id] = next;
    }
    this.node = next;
  }

  /** The guess slot holding `predicted` (none when null). */
  private guessing(predicted: string | null): Slot {
    const guess = this.guess;
    guess.kind = predicted === null ? 0 : 2;
    guess.text = predicted ?? '';
    return guess;
  }

  /** A member's or an element's value from `p`: a leaf on its path's slot (or `slot`), or nested values. */
  private member(text: string, p: number, path: PathNode, slot: Slot | null = null): number {
    const c = text.charCodeAt(p);
    if (c === QUOTE) {
      const end = scanString(text, p);
      if (end < 0) throw NOT_FLAT;
      this.text(text, p, end, slot ?? slotOf(this.slots, path.id), path.column);
      return end;
    }
    if (c === OPEN_BRACE) return this.object(text, p, path, null, null);
    if (c === OPEN_BRACKET) return this.array(text, p, path);
    return this.leaf(text, p, slot ?? slotOf(this.slots, path.id), path.cell, path.column);
  }

  /**
   * A nested object: its names are tokens of the shape, its leaves slots of their own. In an
   * array (`array` given), an object whose first member is a string keeps its other members
   * under that string: a venue's size and time follow the venue wherever it sits in the book.
   * That string is told against the one `order` predicts, when it has an old order.
   */
  private object(text: string, p: number, path: PathNode, array: PathNode | null, order: KeyOrder | null): number {
    const t = this.tables;
    this.token(t.openObject >= 0 ? t.openObject : t.special('{'));
    p++;
    if (text.charCodeAt(p) === CLOSE_BRACE) {
      this.token(t.closeObject >= 0 ? t.closeObject : t.special('}'));
      return p + 1;
    }
    for (let first = true; ; first = false) {
      if (text.charCodeAt(p) !== QUOTE) throw NOT_FLAT;
      const nameEnd = scanString(text, p);
      if (nameEnd < 0 || text.charCodeAt(nameEnd) !== COLON) throw NOT_FLAT;
      const id = t.fieldId(text, p, nameEnd);
      this.token(id);
      const child = memberOf(path, id, t);
      let end: number;
      if (first && order !== null && order.active) {
        const predicted = order.predict();
        const start = nameEnd + 1;
        const keyEnd = text.charCodeAt(start) === QUOTE ? scanString(text, start) : -1;
        if (keyEnd < 0) end = this.member(text, start, child, this.guessing(predicted));
        else if (predicted !== null && predicted.length === keyEnd - start && text.startsWith(predicted, start)) {
          // As text() on the guess: the same as its slot's.
          this.run++;
          order.tookPredicted(predicted);
          path = keyedChild(array as PathNode, predicted, t);
          end = keyEnd;
        } else {
          const key = text.slice(start, keyEnd);
          const rank = order.rankOf(key);
          if (rank > 0) {
            this.tag(KEY_SKIP);
            this.numsOf(child.column).uint(rank - 1);
          } else this.text(text, start, keyEnd, this.guessing(predicted), child.column);
          order.took(key);
          path = keyedChild(array as PathNode, key, t);
          end = keyEnd;
        }
      } else {
        end = this.member(text, nameEnd + 1, child);
        if (first && array !== null && text.charCodeAt(nameEnd + 1) === QUOTE) {
          const key = slotOf(this.slots, child.id).text;
          order?.took(key);
          path = keyedChild(array, key, t);
        }
      }
      const c = text.charCodeAt(end);
      p = end + 1;
      if (c === CLOSE_BRACE) {
        this.token(t.closeObject >= 0 ? t.closeObject : t.special('}'));
        return p;
      }
      if (c !== COMMA) throw NOT_FLAT;
    }
  }

  /**
   * A nested array: each element has its own path (a book's first level, say). The keys of its
   * keyed elements are kept on the array's slot for the next time (frame-order.ts).
   */
  private array(text: string, p: number, path: PathNode): number {
    const t = this.tables;
    this.token(t.openArray >= 0 ? t.openArray : t.special('['));
    p++;
    const order = orderOf(slotOf(this.slots, path.id));
    if (text.charCodeAt(p) === CLOSE_BRACKET) {
      this.token(t.closeArray >= 0 ? t.closeArray : t.special(']'));
      return p + 1;
    }
    for (let k = 0; ; k++) {
      const c = text.charCodeAt(p);
      const child = elementOf(path, k, t);
      let end: number;
      if (c === OPEN_BRACE) end = this.object(text, p, child, path, order);
      else if (c === OPEN_BRACKET) end = this.array(text, p, child);
      else {
        this.token(t.leafElement >= 0 ? t.leafElement : t.special('#'));
        end = this.member(text, p, child);
      }
      const d = text.charCodeAt(end);
      p = end + 1;
      if (d === CLOSE_BRACKET) {
        this.token(t.closeArray >= 0 ? t.closeArray : t.special(']'));
        return p;
      }
      if (d !== COMMA) throw NOT_FLAT;
    }
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

  private text(text: string, start: number, end: number, slot: Slot, column: number): void {
    if (slot.kind === 2 && slot.text.length === end - start && text.startsWith(slot.text, start)) {
      this.run++;
      return;
    }
    const lit = text.slice(start, end);
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
