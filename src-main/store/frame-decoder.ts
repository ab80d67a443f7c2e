// The decoder of the frame codec (frame-codec.ts), every version: rebuilds each frame's exact
// text from its pieces and its items' changes, reading the chain's batches in order. Version 2
// differs from 1 in that an array element whose first member is a string keeps its other values
// under that string (frame-items.ts), and a batch may be packed against the one before it;
// version 3 in that such a string is told against the one its array's old order predicts
// (frame-order.ts).
import { ByteReader } from './byte-stream.ts';
import {
  cellsOfKey,
  ColumnNumbering,
  elementOf,
  memberOf,
  NEGATIVE_ZERO,
  NUM_ABSOLUTE,
  NUM_NEW_SCALE,
  MAX_TABLE_TEXT,
  NUM_RECENT,
  NUM_SAME_SCALE,
  RUN_BASE,
  POW10,
  TEXT_NEW,
  TEXT_REF,
  TEXT_SAME,
  KEY_SKIP,
  VERSION_1,
  VERSION_3,
  formatDecimal,
  keyedChild,
  newPath,
  nextDictionary,
  newSlot,
  orderOf,
  slotOf,
  unpack,
  type CodecFrame,
  type PathNode,
  type PathNumbering,
  type Slot,
} from './frame-codec.ts';
import type { KeyOrder } from './frame-order.ts';

const NAME = 0;
const OPEN_OBJECT = 1;
const CLOSE_OBJECT = 2;
const OPEN_ARRAY = 3;
const CLOSE_ARRAY = 4;
const LEAF = 5;

interface Readers {
  head: ByteReader;
  tags: ByteReader;
  /** The batch's own numbers; all numbers before version 3. */
  nums: ByteReader;
  texts: ByteReader;
  /** Version 3 (before, the head): items' contracts and shapes. */
  contracts: ByteReader;
  shapes: ByteReader;
  /** Version 3: the numbers of each column the batch stored. */
  columns: (ByteReader | undefined)[] | null;
}

/** A body's streams: the lengths first (frame-encoder.ts writes them), then the streams in order. */
function readersOf(body: Buffer, version: number): { count: number; r: Readers } {
  const lengths = new ByteReader(body);
  const count = lengths.uint();
  const sizes: number[] = [];
  for (let n = version === VERSION_3 ? 5 : 3; n > 0; n--) sizes.push(lengths.uint());
  const columnSizes: [number, number][] = [];
  if (version === VERSION_3) for (let n = lengths.uint(); n > 0; n--) columnSizes.push([lengths.uint(), lengths.uint()]);
  let at = lengths.offset;
  const next = (size: number) => new ByteReader(body, at, (at += size));
  const [head, tags, nums] = [next(sizes[0] as number), next(sizes[1] as number), next(sizes[2] as number)];
  if (version !== VERSION_3) return { count, r: { head, tags, nums, texts: new ByteReader(body, at), contracts: head, shapes: head, columns: null } };
  const contracts = next(sizes[3] as number);
  const shapes = next(sizes[4] as number);
  const columns: ByteReader[] = [];
  for (const [column, size] of columnSizes) columns[column] = next(size);
  return { count, r: { head, tags, nums, texts: new ByteReader(body, at), contracts, shapes, columns } };
}

/** Per-chain state of the decoder: batches of a chain are decoded in order, the first with `key`. */
export class FrameDecoder implements PathNumbering {
  private contracts: Slot[][] = [];
  private fields: string[] = [];
  /** What each field id is: a name, or a structural token of nested values. */
  private kinds: number[] = [];
  private pathRoot: PathNode = newPath(-1, -1);
  private pathCount = 0;
  private columns = new ColumnNumbering();
  // The item being rebuilt.
  private shape: number[] = [];
  private at = 0;
  private slots: Slot[] = [];
  private r: Readers | null = null;
  private shapes: number[][] = [];
  private received: Slot = newSlot();
  private started = false;
  /** Whether the batch being read is version 2 or later (venues keyed by name). */
  private keyed = false;
  /** Whether it is version 3 (keys told against their last order, frame-order.ts). */
  private ordered = false;
  /** The slot a keyed element's first member is read against (as ItemEncoder's), and the order that predicted it. */
  private readonly guess: Slot = newSlot();
  private order: KeyOrder | null = null;
  /** Version 2: per path id, its last changed number (see frame-values.ts), and the chain's text table. */
  private recentM: number[] = [];
  private recentD: number[] = [];
  private texts: string[] = [];
  private cells = new Map<string, number[]>();
  /** Values left in the run of unchanged values being read. */
  private run = 0;
  /** The chain's previous body (a version 2 batch's dictionary). */
  private previous: Buffer | null = null;

  decode(payload: Buffer, key: boolean): CodecFrame[] {
    if (key) {
      this.contracts = [];
      this.fields = [];
      this.kinds = [];
      this.pathRoot = newPath(-1, -1);
      this.pathCount = 0;
      this.columns = new ColumnNumbering();
      this.shapes = [];
      this.received = newSlot();
      this.started = true;
      this.previous = null;
      this.recentM = [];
      this.recentD = [];
      this.texts = [];
      this.cells = new Map();
    } else if (!this.started) {
      throw new Error('a continuing frame batch read without the batch that starts its chain');
    }
    const body = unpack(payload, this.previous);
    this.previous = nextDictionary(this.previous, body);
    this.keyed = payload[0] !== VERSION_1;
    this.ordered = payload[0] === VERSION_3;
    this.run = 0;
    this.order = null;
    const { count, r } = readersOf(body, payload[0] as number);
    const frames = new Array<CodecFrame>(count);
    for (let f = 0; f < count; f++) {
      const receivedLit = this.value(this.received, r, -1, -1);
      const receivedAt = receivedLit === null ? -0 : Number(receivedLit);
      const connection = r.head.uint();
      frames[f] = { receivedAt, connection, text: r.head.uint() === 0 ? r.texts.text() : this.frame(r) };
    }
    return frames;
  }

  private frame(r: Readers): string {
    let text = '';
    while (r.head.uint() === 1) {
      text += r.texts.text();
      let first = true;
      for (;;) {
        const contract = r.contracts.uint();
        if (contract === 0) break;
        if (!first) text += ',';
        first = false;
        text += this.item(contract - 1, r);
      }
    }
    return text + r.texts.text();
  }

  private item(id: number, r: Readers): string {
    if (id === this.contracts.length) this.contracts.push([]);
    const slots = this.contracts[id];
    if (!slots) throw new Error(`a frame batch names contract ${id} before it was defined`);
    const shapeId = r.shapes.uint();
    if (shapeId === this.shapes.length) {
      const n = r.head.uint();
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        const field = r.head.uint();
        if (field === this.fields.length) this.defineField(r.head.text());
        ids.push(field);
      }
      this.shapes.push(ids);
    }
    const shape = this.shapes[shapeId];
    if (!shape) throw new Error(`a frame batch uses shape ${shapeId} before it was defined`);
    this.shape = shape;
    this.at = 0;
    this.slots = slots;
    this.r = r;
    let out = '{';
    while (this.at < shape.length) {
      const name = this.take();
      if (out.length > 1) out += ',';
      out += `${this.fields[name] as string}:${this.member(memberOf(this.pathRoot, name, this))}`;
    }
    return `${out}}`;
  }

  private take(): number {
    const token = this.shape[this.at++];
    if (token === undefined) throw new Error('a frame batch shape ends early');
    return token;
  }

  /** The value at this point of the shape: an object, an array or a leaf on its path's slot (or `slot`). */
  private member(path: PathNode, array: PathNode | null = null, order: KeyOrder | null = null, slot: Slot | null = null): string {
    const kind = this.kinds[this.shape[this.at] as number];
    if (kind === OPEN_OBJECT) {
      this.at++;
      let out = '{';
      for (let first = true; ; first = false) {
        const token = this.take();
        if (this.kinds[token] === CLOSE_OBJECT) return `${out}}`;
        if (!first) out += ',';
        const child = memberOf(path, token, this);
        let value: string;
        // As the encoder did: in an array, a first member that is a string keys the others, told
        // against the key the array's old order predicts (version 3).
        if (first && order !== null && order.active) {
          const guess = this.guess;
          const predicted = order.predict();
          guess.kind = predicted === null ? 0 : 2;
          guess.text = predicted ?? '';
          this.order = order;
          value = this.member(child, null, null, guess);
          this.order = null;
          if (value.charCodeAt(0) === 34) {
            if (value === predicted) order.tookPredicted(value);
            else order.took(value);
            path = keyedChild(array as PathNode, value, this);
          }
        } else {
          value = this.member(child);
          if (first && array !== null && value.charCodeAt(0) === 34) {
            order?.took(value);
            path = keyedChild(array, value, this);
          }
        }
        out += `${this.fields[token] as string}:${value}`;
      }
    }
    if (kind === OPEN_ARRAY) {
      this.at++;
      let order: KeyOrder | null = null;
      if (this.ordered) {
        order = orderOf(slotOf(this.slots, path.id));
      }
      let out = '[';
      for (let k = 0; ; k++) {
        const next = this.kinds[this.shape[this.at] as number];
        if (next === CLOSE_ARRAY) {
          this.at++;
          return `${out}]`;
        }
        if (k > 0) out += ',';
        const child = elementOf(path, k, this);
        if (next === LEAF) {
          // A leaf element: its '#' is its only token.
          this.at++;
          out += this.value(slotOf(this.slots, child.id), this.r, child.cell, child.column) ?? '-0';
        } else out += this.member(child, this.keyed ? path : null, order);
      }
    }
    return this.value(slot ?? slotOf(this.slots, path.id), this.r, path.cell, path.column) ?? '-0';
  }

  private defineField(name: string): void {
    this.fields.push(name);
    this.kinds.push(name === '{' ? OPEN_OBJECT : name === '}' ? CLOSE_OBJECT : name === '[' ? OPEN_ARRAY : name === ']' ? CLOSE_ARRAY : name === '#' ? LEAF : NAME);
  }

  nextPath(): number {
    return this.pathCount++;
  }

  columnOf(parent: number, field: number): number {
    return this.columns.columnOf(parent, field);
  }

  cellsOf(key: string): number[] {
    return cellsOfKey(this.cells, key);
  }

  /** The value's text; null for -0 (only a receive time can be one). `path` -1 for none. */
  private value(slot: Slot, r: Readers | null, path: number, column: number): string | null {
    if (!r) throw new Error('no batch being read');
    if (this.run > 0) {
      this.run--;
      return this.same(slot);
    }
    const tag = r.tags.byte();
    if (tag >= RUN_BASE) {
      this.run = tag - RUN_BASE;
      return this.same(slot);
    }
    const nums = numsOf(r, column);
    switch (tag) {
      case NUM_SAME_SCALE:
        slot.m += nums.int();
        return this.changed(slot, path);
      case NUM_RECENT: {
        const d = path >= 0 ? (this.recentD[path] ?? -1) : -1;
        if (d < 0) throw new Error('a frame batch refers to a number it never gave');
        slot.m = (this.recentM[path] as number) + nums.int();
        slot.d = d;
        slot.kind = 1;
        return this.changed(slot, path);
      }
      case NUM_NEW_SCALE: {
        const d = nums.uint();
        const c = Math.max(d, slot.d);
        const cur = slot.m * (POW10[c - slot.d] as number) + nums.int();
        slot.m = cur / (POW10[c - d] as number);
        slot.d = d;
        slot.kind = 1;
        return this.changed(slot, path);
      }
      case NUM_ABSOLUTE:
        slot.d = nums.uint();
        slot.m = nums.int();
        slot.kind = 1;
        return this.changed(slot, path);
      case TEXT_SAME:
        return slot.text;
      case TEXT_NEW:
        slot.text = r.texts.text();
        slot.kind = 2;
        if (this.keyed && slot.text.length <= MAX_TABLE_TEXT) this.texts.push(slot.text);
        return slot.text;
      case TEXT_REF: {
        const text = this.texts[nums.uint()];
        if (text === undefined) throw new Error('a frame batch refers to a text it never gave');
        slot.text = text;
        slot.kind = 2;
        return text;
      }
      case NEGATIVE_ZERO:
        return null;
      case KEY_SKIP: {
        const key = this.order?.atRank(nums.uint() + 1);
        if (!key) throw new Error('a frame batch skips to a key its array did not have');
        slot.text = key;
        slot.kind = 2;
        return key;
      }
      default:
        throw new Error(`unknown value tag ${tag} in a frame batch`);
    }
  }

  /** A value the same as its slot's last (a number's text is kept when it changes). */
  private same(slot: Slot): string {
    if (slot.kind === 0) throw new Error('a frame batch repeats a value it never gave');
    return slot.text;
  }

  /** A number slot's new text (kept for when it repeats), and its path's last changed value. */
  private changed(slot: Slot, path: number): string {
    slot.text = formatDecimal(slot.m, slot.d);
    if (path >= 0) {
      this.recentM[path] = slot.m;
      this.recentD[path] = slot.d;
    }
    return slot.text;
  }
}

/** A column the batch did not store: reading from it is an error ('ends early'). */
const NO_COLUMN = new ByteReader(Buffer.alloc(0));

/** Where a value's numbers are read: its column's (version 3), else the batch's numbers. */
function numsOf(r: Readers, column: number): ByteReader {
  if (!r.columns || column < 0) return r.nums;
  return r.columns[column] ?? NO_COLUMN;
}
