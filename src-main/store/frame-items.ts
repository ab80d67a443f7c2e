// One item of a content array (frame-codec.ts) as the encoder writes it: its contract's number,
// its shape and its values as changes, in one pass over its text. Each value is scanned once:
// a number's digits are read as its end is found (frame-values.ts), and a book's venue (an array
// element whose first member is a string) keeps its values under its name, not its place in the
// array, so a venue that moves when sizes reorder the book still changes by little. Anything the
// pass cannot take throws NOT_FLAT; the frame encoder then stores that frame verbatim.
import { ownText, scanString } from './frame-text.ts';
import { KEY_SKIP, elementOf, keyedChild, memberOf, newSlot, orderOf, slotOf, type PathNode, type Slot } from './frame-codec.ts';
import type { EncoderTables, ShapeNode } from './frame-tables.ts';
import type { KeyOrder } from './frame-order.ts';
import { CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, NOT_FLAT, OPEN_BRACE, OPEN_BRACKET, QUOTE, ValueWriter } from './frame-values.ts';

const KEY = '"key":';

export class ItemEncoder extends ValueWriter {
  items = 0;
  private readonly ids: number[] = [];
  private count = 0;
  private node: ShapeNode;
  private slots: Slot[] = [];
  /** The slot a keyed element's first member is told against: the key its array's order predicts (frame-order.ts). */
  private readonly guess: Slot = newSlot();

  constructor(tables: EncoderTables) {
    super(tables);
    this.node = tables.shapeRoot;
  }

  /** A new chain's tables. */
  restart(tables: EncoderTables): void {
    this.tables = tables;
    this.node = tables.shapeRoot;
    this.items = 0;
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
          // Kept as the next frame's order and the keyed path's key: its own string (frame-text.ts).
          const key = ownText(text.slice(start, keyEnd));
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
}
