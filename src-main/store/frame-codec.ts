// The delta frame codec: a session's raw frames stored as per-contract changes. Each frame is
// split into its envelope and its items (one key's Level 1 update, or a book); an item is stored
// as its contract's number, its shape (which fields, in order) and, per field, the change from
// that contract's previous value of the field: numbers as the integer difference of their decimal
// digits (a price ticking 6.80 -> 6.85 is "+5"), other values as "same as before" or their text.
// Numbers keep their exact digits (decimal places included), every other piece its exact source
// text, so a decoded frame is the recorded text byte for byte; frames the encoder does not split
// (logins, responses, anything malformed) are stored verbatim. The columns (envelope and ids,
// tags, numbers, texts) are then compressed with zstd from node:zlib (Node 22.15 and later: the
// Node the tooling runs, 22.23, has it; Electron 45's Node should, but this was not checked
// against an Electron binary here). Where zlib has no zstd the columns are deflated instead, and
// each batch says which; reading a zstd batch without zstd is a clear error.
//
// A payload's first byte is its version. Versions 1 and 2 (recorded before) are read as they were
// written. Version 2 (frame-items.ts) added: a book's venue keeps its values under its name
// rather than its place in the array; runs of unchanged values are one tag; a number may be told
// as a change from its path's last changed value on any contract (NUM_RECENT: a venue's time,
// a quote time); short texts met before are referred to by number; and a batch is packed with
// the chain's previous bodies as its zstd dictionary. Version 3 (written now) tells a keyed array's
// keys (a book's venues) against the order the array had last on the contract (frame-order.ts),
// and lays a batch out in more columns: items' contracts and shapes apart from the head (their
// sequences repeat from frame to frame, which zstd finds only when nothing is mixed in), and each
// value's numbers in the column of its place (PathNode.column: a venue's sizes on the bid side,
// a contract's delta), so alike numbers sit together.
//
// A contract's previous values carry over from batch to batch (the recorder writes a batch every
// 100 ms, a few frames, too few to repeat much): a chain starts afresh every KEY_ITEMS items or
// KEY_FRAMES frames, and after a failed write, and a batch that starts one says so in its codec
// column ('delta1', of either version; the batches that continue it are 'delta1+'). Decoding a
// batch starts at its chain's first batch (frames.ts reads them in order).
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { KeyOrder } from './frame-order.ts';

export interface CodecFrame {
  receivedAt: number;
  connection: number;
  text: string;
}

/** Items (then frames) after which the next batch starts a new chain. */
export const KEY_ITEMS = 10_000;
export const KEY_FRAMES = 1_000;

/** The payload's first byte: 1 the first layout ('delta1'), 2 the keyed one with chained zstd ('delta2'), 3 with keys told against their last order. */
export const VERSION_1 = 1;
export const VERSION_2 = 2;
export const VERSION_3 = 3;
export const PACK_NONE = 0;
export const PACK_DEFLATE = 1;
export const PACK_ZSTD = 2;
/** zstd with the chain's previous batch body as its dictionary (version 2). */
export const PACK_ZSTD_CHAINED = 3;
/**
 * zstd's settings by body size. A live batch (a 100 ms flush: a few KB) costs mostly the loading of
 * its dictionary, which the level hardly changes, so it packs at level 4 with matches of 6 bytes or
 * more: 3.7% smaller in store.size's live session for about a quarter more zstd time there (0.1 s
 * in 3 minutes of the max-intensity demo). A batch of a backlog (1,000 frames, hundreds of KB)
 * keeps level 1, where the higher level would cost the recorder's throughput (store.frames).
 */
const SMALL_BODY = 64 * 1024;
const SMALL_LEVEL = 4;
const SMALL_MIN_MATCH = 6;
const LARGE_LEVEL = 1;
/** The chain's last bodies, up to this many bytes, are the next batch's dictionary. */
export const MAX_DICTIONARY = 128 * 1024;

// Value tags: how a field's value relates to the same field's previous value on its contract.
export const NUM_SAME_SCALE = 0;
export const NUM_NEW_SCALE = 1;
export const NUM_ABSOLUTE = 2;
export const TEXT_SAME = 3;
export const TEXT_NEW = 4;
export const NEGATIVE_ZERO = 5;
// Version 2 only.
/** The number as a change from the last changed value of its path on any contract (a time near now). */
export const NUM_RECENT = 7;
/** A text met before in the chain: its number in the chain's text table. */
export const TEXT_REF = 8;
// Version 3 only.
/** An array's key that its old order has, past the one predicted: how many not given yet it passed, less one (frame-order.ts). */
export const KEY_SKIP = 9;
/** RUN_BASE + n - 1: the next n values (1 to MAX_RUN) are each the same as their slot's last. */
export const RUN_BASE = 16;
export const MAX_RUN = 240;
/** Texts up to this long (a venue's name) go into the chain's text table. */
export const MAX_TABLE_TEXT = 32;

export const POW10 = Array.from({ length: 32 }, (_, i) => 10 ** i);
/** Digits a number keeps exactly as an integer (below 2^53). */
export const MAX_DIGITS = 15;

const zstdCompress = (zlib as { zstdCompressSync?: (b: Buffer, o?: object) => Buffer }).zstdCompressSync;
const zstdDecompress = (zlib as { zstdDecompressSync?: (b: Buffer, o?: object) => Buffer }).zstdDecompressSync;
/** Whether this Node has zstd (22.15+); recordings made without it use deflate. */
export const HAS_ZSTD = typeof zstdCompress === 'function' && typeof zstdDecompress === 'function';
const zstdConstants = constants as unknown as Record<string, number>;
const SMALL_PARAMS = { [zstdConstants.ZSTD_c_compressionLevel as number]: SMALL_LEVEL, [zstdConstants.ZSTD_c_minMatch as number]: SMALL_MIN_MATCH };
const LARGE_PARAMS = { [zstdConstants.ZSTD_c_compressionLevel as number]: LARGE_LEVEL };

/** A field's previous value on one contract. */
export interface Slot {
  /** 0 nothing yet, 1 a number (m, d), 2 a text. */
  kind: number;
  m: number;
  d: number;
  text: string;
  /** Version 3, an array's place: its keyed elements' keys as last given (frame-order.ts). */
  order: KeyOrder | null;
}

export const newSlot = (): Slot => ({ kind: 0, m: 0, d: 0, text: '', order: null });

/** The order of the array at `slot`'s place, begun for its next value. */
export const orderOf = (slot: Slot): KeyOrder => (slot.order ??= new KeyOrder()).begin();

export function slotOf(slots: Slot[], field: number): Slot {
  let slot = slots[field];
  if (!slot) {
    slot = newSlot();
    slots[field] = slot;
  }
  return slot;
}

// The digits of a plain decimal literal, set by `parseDecimal` (no allocation per number).
export const decimal = { m: 0, d: 0 };

/**
 * Whether text[start, end) is a plain decimal (-?int(.digits)?, at most 15 digits, not -0, no
 * superfluous zero): then its digits and decimal places are in `decimal`.
 */
export function parseDecimal(text: string, start: number, end: number): boolean {
  let i = start;
  let neg = false;
  if (text.charCodeAt(i) === 45) {
    neg = true;
    i++;
  }
  const intStart = i;
  let m = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    m = m * 10 + c;
    digits++;
  }
  const intDigits = i - intStart;
  if (intDigits === 0 || (intDigits > 1 && text.charCodeAt(intStart) === 48)) return false;
  let d = 0;
  if (i < end) {
    if (text.charCodeAt(i) !== 46) return false;
    for (i++; i < end; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return false;
      m = m * 10 + c;
      digits++;
      d++;
    }
    if (d === 0) return false;
  }
  if (digits > MAX_DIGITS || (neg && m === 0)) return false;
  decimal.m = neg ? -m : m;
  decimal.d = d;
  return true;
}

/** The literal `parseDecimal` read: the digits with the point `d` places from the right. */
export function formatDecimal(m: number, d: number): string {
  const digits = String(m < 0 ? -m : m);
  let s = digits;
  if (d > 0) {
    const padded = digits.length <= d ? '0'.repeat(d - digits.length + 1) + digits : digits;
    s = `${padded.slice(0, padded.length - d)}.${padded.slice(padded.length - d)}`;
  }
  return m < 0 ? `-${s}` : s;
}

/**
 * A version 3 body packed (version 2 packs the same way): with zstd, the chain's previous body (if any, and not too long) is its
 * dictionary, so a batch of a few frames compresses against the frames before it.
 */
export function pack(body: Buffer, previous: Buffer | null): Buffer {
  let packer = PACK_DEFLATE;
  let packed: Buffer;
  if (HAS_ZSTD && zstdCompress) {
    const params = body.length < SMALL_BODY ? SMALL_PARAMS : LARGE_PARAMS;
    const chained = previous !== null && previous.length > 0;
    packer = chained ? PACK_ZSTD_CHAINED : PACK_ZSTD;
    packed = zstdCompress(body, chained ? { params, dictionary: previous } : { params });
  } else packed = deflateRawSync(body, { level: 6 });
  const out = Buffer.allocUnsafe(2 + packed.length);
  out[0] = VERSION_3;
  out[1] = packer;
  packed.copy(out, 2);
  return out;
}

/** The next batch's dictionary: the end of the chain's bodies so far (null at a chain's start). */
export function nextDictionary(dictionary: Buffer | null, body: Buffer): Buffer {
  if (body.length >= MAX_DICTIONARY || !dictionary) return body.length > MAX_DICTIONARY ? body.subarray(body.length - MAX_DICTIONARY) : body;
  const keep = Math.min(dictionary.length, MAX_DICTIONARY - body.length);
  return Buffer.concat([dictionary.subarray(dictionary.length - keep), body]);
}

/** A payload's body, given the body of the batch before it in its chain (null at a chain's start). */
export function unpack(payload: Buffer, previous: Buffer | null): Buffer {
  if (payload[0] !== VERSION_1 && payload[0] !== VERSION_2 && payload[0] !== VERSION_3) throw new Error(`frame batch version ${payload[0]} is not known to this version of Fathom`);
  const body = payload.subarray(2);
  const packer = payload[1];
  if (packer === PACK_NONE) return body;
  if (packer === PACK_DEFLATE) return inflateRawSync(body);
  if (packer !== PACK_ZSTD && packer !== PACK_ZSTD_CHAINED) throw new Error(`unknown frame batch compression ${packer}`);
  if (!zstdDecompress) throw new Error('this frame batch is zstd-compressed and this runtime has no zstd (Node 22.15 or later has it)');
  if (packer === PACK_ZSTD) return zstdDecompress(body);
  if (!previous) throw new Error('a frame batch packed against the batch before it, read without that batch');
  return zstdDecompress(body, { dictionary: previous });
}

/** Places in an item (a field, an element of a nested array…) as a trie: each has its slot. */
export interface PathNode {
  id: number;
  /**
   * Version 2: where the path's last changed number is kept (NUM_RECENT). Its own id, except for
   * the members of a keyed element: shared by all elements of that key, so a venue's time on the
   * ask side is told as the same as its time just given on the bid side.
   */
  cell: number;
  members: PathNode[];
  elements: PathNode[];
  /** Version 2: an array's elements by the text of their first member (a venue by its name). */
  keyed: Map<string, PathNode> | null;
  /** Version 2, a keyed element: its members' cells by field id, shared by key. */
  cells: number[] | null;
  /**
   * Version 3: the column its numbers are stored in, one per sequence of member names from the
   * item (array places and keys left out): a venue's sizes on the bid side, say, on every contract.
   */
  column: number;
}

/** What numbers paths for the encoder and the decoder alike. */
export interface PathNumbering {
  nextPath(): number;
  /** The members' cells of the elements keyed by `key`. */
  cellsOf(key: string): number[];
  /** The column of member `field` of a value in column `parent` (-1 for an item's own members). */
  columnOf(parent: number, field: number): number;
}

/** Columns numbered in the order they are first met, by parent column and field id: PathNumbering.columnOf for both sides. */
export class ColumnNumbering {
  private readonly byParent: Map<number, number>[] = [];
  count = 0;

  columnOf(parent: number, field: number): number {
    let fields = this.byParent[parent + 1];
    if (!fields) {
      fields = new Map();
      this.byParent[parent + 1] = fields;
    }
    let column = fields.get(field);
    if (column === undefined) {
      column = this.count++;
      fields.set(field, column);
    }
    return column;
  }
}

/** The cells shared by the keyed elements of one key, made on first use: PathNumbering.cellsOf for both sides. */
export function cellsOfKey(table: Map<string, number[]>, key: string): number[] {
  let cells = table.get(key);
  if (!cells) {
    cells = [];
    table.set(key, cells);
  }
  return cells;
}

export const newPath = (id: number, column: number): PathNode => ({ id, cell: id, members: [], elements: [], keyed: null, cells: null, column });

/** Member `field` of `parent`. */
export function memberOf(parent: PathNode, field: number, paths: PathNumbering): PathNode {
  let child = parent.members[field];
  if (!child) {
    child = newPath(paths.nextPath(), paths.columnOf(parent.column, field));
    const cells = parent.cells;
    if (cells) child.cell = cells[field] ?? (cells[field] = child.id);
    parent.members[field] = child;
  }
  return child;
}

/** Element `k` of the array at `parent` (in its column). */
export function elementOf(parent: PathNode, k: number, paths: PathNumbering): PathNode {
  let child = parent.elements[k];
  if (!child) {
    child = newPath(paths.nextPath(), parent.column);
    parent.elements[k] = child;
  }
  return child;
}

/** The place of an array element keyed by its first member's text (version 2). */
export function keyedChild(array: PathNode, key: string, paths: PathNumbering): PathNode {
  let keyed = array.keyed;
  if (!keyed) {
    keyed = new Map();
    array.keyed = keyed;
  }
  let child = keyed.get(key);
  if (!child) {
    child = newPath(paths.nextPath(), array.column);
    child.cells = paths.cellsOf(key);
    keyed.set(key, child);
  }
  return child;
}
