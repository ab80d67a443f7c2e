// The encoder of the 'delta1' frame codec (frame-codec.ts). One pass over each frame's text: the
// text before each `"content":[` array goes to the texts as it is, and each item of the array,
// a flat `{"name":value,…}` object with a "key" field, becomes its contract's number, its shape
// and its values as changes. An item that is not such an object (a space, nesting where a name
// goes, no key, the text ending early) is found mid-frame; the batch is then encoded again from
// a new chain with that frame verbatim, so no state is ever half-applied.
import { ByteWriter } from './byte-stream.ts';
import { scanBare, scanString, serviceBefore } from './frame-text.ts';
import {
  KEY_FRAMES,
  KEY_ITEMS,
  NEGATIVE_ZERO,
  NUM_ABSOLUTE,
  NUM_NEW_SCALE,
  NUM_SAME_SCALE,
  POW10,
  TEXT_NEW,
  TEXT_SAME,
  decimal,
  newSlot,
  pack,
  parseDecimal,
  slotOf,
  childOf,
  type CodecFrame,
  type PathNode,
  type Slot,
} from './frame-codec.ts';

const CONTENT = '"content":[';
const KEY = '"key":';
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Shapes (token sequences: names and nesting) as a trie: each item walks it by its tokens. */
interface ShapeNode {
  shape: number;
  next: ShapeNode[];
}

interface ContractState {
  id: number;
  key: string;
  slots: Slot[];
}

/** An item the one pass could not take: the frame goes verbatim. */
class NotFlat extends Error {}
const NOT_FLAT = new NotFlat('not a flat item');

interface Streams {
  head: ByteWriter;
  tags: ByteWriter;
  nums: ByteWriter;
  texts: ByteWriter;
}

/** Per-chain state of the encoder; `reset` starts a new chain. */
export class FrameEncoder {
  /** Per service, by a hash of the key's text (the bucket's keys compared in full). */
  private contracts = new Map<string, Map<number, ContractState[]>>();
  private contractCount = 0;
  /** Ids (+1; 0 for none yet) of the fields named by a number of up to four digits, by that number. */
  private numericFields = new Int32Array(10_000);
  private fields = new Map<string, number>();
  private fieldNames: string[] = [];
  private fieldCount = 0;
  /** Fields whose names the decoder has been given (in id order, with the shapes). */
  private fieldsSent = 0;
  private shapeRoot: ShapeNode = { shape: -1, next: [] };
  private shapeCount = 0;
  private received: Slot = newSlot();
  private items = 0;
  private frames = 0;
  private fresh = true;
  private readonly ids: number[] = [];
  private node: ShapeNode = this.shapeRoot;
  private count = 0;
  private pathRoot: PathNode = { id: -1, members: [], elements: [] };
  private pathCount = 0;

  /** Starts a new chain with the next batch (after a failed write, whose batches were lost). */
  reset(): void {
    this.contracts = new Map();
    this.contractCount = 0;
    this.numericFields = new Int32Array(10_000);
    this.fields = new Map();
    this.fieldNames = [];
    this.fieldCount = 0;
    this.fieldsSent = 0;
    this.shapeRoot = { shape: -1, next: [] };
    this.shapeCount = 0;
    this.pathRoot = { id: -1, members: [], elements: [] };
    this.pathCount = 0;
    this.received = newSlot();
    this.items = 0;
    this.frames = 0;
    this.fresh = true;
  }

  /** One batch; `key` says it starts a chain (decodable on its own). */
  encode(frames: readonly CodecFrame[]): { payload: Buffer; key: boolean } {
    if (!this.fresh && (this.items >= KEY_ITEMS || this.frames >= KEY_FRAMES)) this.reset();
    const verbatim = new Set<number>();
    for (;;) {
      const key = this.fresh;
      this.fresh = false;
      const streams: Streams = { head: new ByteWriter(1024), tags: new ByteWriter(4096), nums: new ByteWriter(4096), texts: new ByteWriter(8192) };
      const failed = this.attempt(frames, verbatim, streams);
      if (failed < 0) return { payload: pack(join(frames.length, streams)), key };
      verbatim.add(failed);
      this.reset();
    }
  }

  /** -1, or the frame that turned out not to split (state is then spoiled: reset). */
  private attempt(frames: readonly CodecFrame[], verbatim: ReadonlySet<number>, s: Streams): number {
    for (let f = 0; f < frames.length; f++) {
      const frame = frames[f] as CodecFrame;
      this.frames++;
      if (Object.is(frame.receivedAt, -0)) s.tags.byte(NEGATIVE_ZERO);
      else {
        const lit = String(frame.receivedAt);
        this.value(lit, 0, lit.length, this.received, s);
      }
      s.head.uint(frame.connection);
      const text = frame.text;
      if (verbatim.has(f) || text.indexOf(CONTENT) < 0) {
        s.head.uint(0);
        s.texts.text(text);
        continue;
      }
      s.head.uint(1);
      try {
        this.frame(text, s);
      } catch (error) {
        if (error === NOT_FLAT) return f;
        throw error;
      }
    }
    return -1;
  }

  /** A frame with content arrays: (1, piece, items…, 0)… then 0 and the last piece. */
  private frame(text: string, s: Streams): void {
    let pieceStart = 0;
    let from = 0;
    for (;;) {
      const at = text.indexOf(CONTENT, from);
      if (at < 0) break;
      const start = at + CONTENT.length;
      s.head.uint(1);
      s.texts.text(text.slice(pieceStart, start));
      const service = serviceBefore(text, at, pieceStart);
      let p = start;
      if (text.charCodeAt(p) !== CLOSE_BRACKET) {
        for (;;) {
          p = this.item(text, p, service, s);
          const c = text.charCodeAt(p);
          if (c === COMMA) p++;
          else if (c === CLOSE_BRACKET) break;
          else throw NOT_FLAT;
        }
      }
      s.head.uint(0);
      pieceStart = p;
      from = p;
    }
    s.head.uint(0);
    s.texts.text(text.slice(pieceStart));
  }

  /** One item from `p` (its '{'); the index after its '}'. */
  private item(text: string, p: number, service: string, s: Streams): number {
    if (text.charCodeAt(p) !== OPEN_BRACE) throw NOT_FLAT;
    // The key comes last in Schwab's items: found first by search, then checked to be a field.
    const keyAt = text.indexOf(KEY, p);
    if (keyAt < 0 || text.charCodeAt(keyAt + KEY.length) !== QUOTE) throw NOT_FLAT;
    const keyEnd = scanString(text, keyAt + KEY.length);
    if (keyEnd < 0) throw NOT_FLAT;
    const contract = this.contract(service, text, keyAt + KEY.length, keyEnd);
    this.items++;
    s.head.uint(contract.id + 1);
    this.count = 0;
    this.node = this.shapeRoot;
    let sawKey = false;
    p++;
    for (;;) {
      if (text.charCodeAt(p) !== QUOTE) throw NOT_FLAT;
      const nameEnd = scanString(text, p);
      if (nameEnd < 0 || text.charCodeAt(nameEnd) !== COLON) throw NOT_FLAT;
      if (p === keyAt) sawKey = true;
      const id = this.fieldId(text, p, nameEnd);
      this.token(id);
      const valueEnd = this.member(text, nameEnd + 1, childOf(this.pathRoot.members, id, this), contract.slots, s);
      const c = text.charCodeAt(valueEnd);
      p = valueEnd + 1;
      if (c === CLOSE_BRACE) break;
      if (c !== COMMA) throw NOT_FLAT;
    }
    if (!sawKey) throw NOT_FLAT;
    const node = this.node;
    const count = this.count;
    const ids = this.ids;
    if (node.shape < 0) {
      // A new shape lists its tokens; a name the decoder has not met yet comes with its text.
      node.shape = this.shapeCount++;
      s.head.uint(node.shape);
      s.head.uint(count);
      for (let i = 0; i < count; i++) {
        const id = ids[i] as number;
        s.head.uint(id);
        if (id >= this.fieldsSent) {
          s.head.text(this.fieldNames[id] as string);
          this.fieldsSent = id + 1;
        }
      }
    } else s.head.uint(node.shape);
    return p;
  }

  /** One more token of the item's shape: a walk down the shape trie. */
  private token(id: number): void {
    this.ids[this.count++] = id;
    let next = this.node.next[id];
    if (!next) {
      next = { shape: -1, next: [] };
      this.node.next[id] = next;
    }
    this.node = next;
  }

  /** A member's or an element's value from `p`: a leaf on its path's slot, or nested values. */
  private member(text: string, p: number, path: PathNode, slots: Slot[], s: Streams): number {
    const c = text.charCodeAt(p);
    if (c === OPEN_BRACE) return this.object(text, p, path, slots, s);
    if (c === OPEN_BRACKET) return this.array(text, p, path, slots, s);
    const end = c === QUOTE ? scanString(text, p) : scanBare(text, p);
    if (end < 0) throw NOT_FLAT;
    this.value(text, p, end, slotOf(slots, path.id), s);
    return end;
  }

  /** A nested object: its names are tokens of the shape, its leaves slots of their own. */
  private object(text: string, p: number, path: PathNode, slots: Slot[], s: Streams): number {
    this.token(this.special('{'));
    p++;
    if (text.charCodeAt(p) === CLOSE_BRACE) {
      this.token(this.special('}'));
      return p + 1;
    }
    for (;;) {
      if (text.charCodeAt(p) !== QUOTE) throw NOT_FLAT;
      const nameEnd = scanString(text, p);
      if (nameEnd < 0 || text.charCodeAt(nameEnd) !== COLON) throw NOT_FLAT;
      const id = this.fieldId(text, p, nameEnd);
      this.token(id);
      const end = this.member(text, nameEnd + 1, childOf(path.members, id, this), slots, s);
      const c = text.charCodeAt(end);
      p = end + 1;
      if (c === CLOSE_BRACE) {
        this.token(this.special('}'));
        return p;
      }
      if (c !== COMMA) throw NOT_FLAT;
    }
  }

  /** A nested array: each element has its own path (a book's third venue, say). */
  private array(text: string, p: number, path: PathNode, slots: Slot[], s: Streams): number {
    this.token(this.special('['));
    p++;
    if (text.charCodeAt(p) === CLOSE_BRACKET) {
      this.token(this.special(']'));
      return p + 1;
    }
    for (let k = 0; ; k++) {
      const c = text.charCodeAt(p);
      if (c !== OPEN_BRACE && c !== OPEN_BRACKET) this.token(this.special('#'));
      const end = this.member(text, p, childOf(path.elements, k, this), slots, s);
      const d = text.charCodeAt(end);
      p = end + 1;
      if (d === CLOSE_BRACKET) {
        this.token(this.special(']'));
        return p;
      }
      if (d !== COMMA) throw NOT_FLAT;
    }
  }

  /** The id of a structural token ('{', '}', '[', ']', '#' for a leaf element): never a field name, which is quoted. */
  private special(token: string): number {
    let id = this.fields.get(token);
    if (id === undefined) {
      id = this.fieldCount++;
      this.fields.set(token, id);
      this.fieldNames.push(token);
    }
    return id;
  }

  /** A new path's id (slots are per path: a top-level field, or a place inside a nested value). */
  nextPath(): number {
    return this.pathCount++;
  }

  private contract(service: string, text: string, start: number, end: number): ContractState {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    let keys = this.contracts.get(service);
    if (!keys) {
      keys = new Map();
      this.contracts.set(service, keys);
    }
    let bucket = keys.get(hash);
    if (bucket) {
      for (const contract of bucket) if (contract.key.length === end - start && text.startsWith(contract.key, start)) return contract;
    } else {
      bucket = [];
      keys.set(hash, bucket);
    }
    const contract: ContractState = { id: this.contractCount++, key: text.slice(start, end), slots: [] };
    bucket.push(contract);
    return contract;
  }

  /** A field name's id (a new field is new to the shape too: its name goes with the shape). */
  private fieldId(text: string, start: number, end: number): number {
    // Schwab's field names are numbers ("38"): looked up by their value, no string made.
    let n = 0;
    let i = start + 1;
    for (; i < end - 1 && i < start + 5; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
    }
    const numeric = i === end - 1 && end - start > 2 && (end - start === 3 || text.charCodeAt(start + 1) !== 48);
    if (numeric) {
      const id = this.numericFields[n] as number;
      if (id > 0) return id - 1;
    }
    const name = text.slice(start, end);
    let id = this.fields.get(name);
    if (id === undefined) {
      id = this.fieldCount++;
      this.fields.set(name, id);
      this.fieldNames.push(name);
    }
    if (numeric) this.numericFields[n] = id + 1;
    return id;
  }

  private value(text: string, start: number, end: number, slot: Slot, s: Streams): void {
    if (parseDecimal(text, start, end)) return this.decimal(slot, s);
    const length = end - start;
    if (slot.kind === 2 && slot.text.length === length && text.startsWith(slot.text, start)) return s.tags.byte(TEXT_SAME);
    const lit = text.slice(start, end);
    s.tags.byte(TEXT_NEW);
    s.texts.text(lit);
    slot.kind = 2;
    slot.text = lit;
  }

  private decimal(slot: Slot, s: Streams): void {
    const { m, d } = decimal;
    if (slot.kind === 1 && slot.d === d) {
      s.tags.byte(NUM_SAME_SCALE);
      s.nums.int(m - slot.m);
    } else {
      const c = Math.max(d, slot.d);
      const cur = m * (POW10[c - d] as number);
      const prev = slot.m * (POW10[c - slot.d] as number);
      if (slot.kind === 1 && Number.isSafeInteger(cur) && Number.isSafeInteger(prev) && Number.isSafeInteger(cur - prev)) {
        s.tags.byte(NUM_NEW_SCALE);
        s.nums.uint(d);
        s.nums.int(cur - prev);
      } else {
        s.tags.byte(NUM_ABSOLUTE);
        s.nums.uint(d);
        s.nums.int(m);
      }
    }
    slot.kind = 1;
    slot.m = m;
    slot.d = d;
  }
}

/** count, the three stream lengths, then the streams. */
function join(count: number, s: Streams): Buffer {
  const lengths = new ByteWriter(32);
  lengths.uint(count);
  lengths.uint(s.head.length);
  lengths.uint(s.tags.length);
  lengths.uint(s.nums.length);
  return Buffer.concat([lengths.bytes(), s.head.bytes(), s.tags.bytes(), s.nums.bytes(), s.texts.bytes()]);
}
