// The 'delta1' frame codec: a session's raw frames stored as per-contract changes. Each frame is
// split (frame-scan.ts) into its envelope and its items (one key's Level 1 update, or a book);
// an item is stored as its contract's number, its shape (which fields, in order) and, per field,
// the change from that contract's previous value of the field: numbers as the integer difference
// of their decimal digits (a price ticking 6.80 -> 6.85 is "+5"), other values as "same as
// before" or their text. Numbers keep their exact digits (decimal places included), every other
// piece its exact source text, so a decoded frame is the recorded text byte for byte; frames the
// scanner does not split (logins, responses, anything malformed) are stored verbatim. The
// columns (envelope and ids, tags, numbers, texts) are then compressed with zstd from node:zlib
// (Node 22.15 and later: the Node the tooling runs, 22.23, has it; Electron 45's Node should, but
// this was not checked against an Electron binary here). Where zlib has no zstd the columns are
// deflated instead, and each batch says which; reading a zstd batch without zstd is a clear error.
//
// A contract's previous values carry over from batch to batch (the recorder writes a batch every
// 100 ms, a few frames, too few to repeat much): a chain starts afresh every KEY_ITEMS items or
// KEY_FRAMES frames, and after a failed write, and a batch that starts one says so in its codec
// ('delta1'; the batches that continue it are 'delta1+'). Decoding a batch starts at its chain's
// first batch (frames.ts reads them in order).
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import * as zlib from 'node:zlib';

export interface CodecFrame {
  receivedAt: number;
  connection: number;
  text: string;
}

/** Items (then frames) after which the next batch starts a new chain. */
export const KEY_ITEMS = 10_000;
export const KEY_FRAMES = 1_000;

export const VERSION = 1;
export const PACK_NONE = 0;
export const PACK_DEFLATE = 1;
export const PACK_ZSTD = 2;
const ZSTD_LEVEL = 1;

// Value tags: how a field's value relates to the same field's previous value on its contract.
export const NUM_SAME_SCALE = 0;
export const NUM_NEW_SCALE = 1;
export const NUM_ABSOLUTE = 2;
export const TEXT_SAME = 3;
export const TEXT_NEW = 4;
export const NEGATIVE_ZERO = 5;

export const POW10 = Array.from({ length: 32 }, (_, i) => 10 ** i);
/** Digits a number keeps exactly as an integer (below 2^53). */
const MAX_DIGITS = 15;

const zstdCompress = (zlib as { zstdCompressSync?: (b: Buffer, o?: object) => Buffer }).zstdCompressSync;
const zstdDecompress = (zlib as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;
/** Whether this Node has zstd (22.15+); recordings made without it use deflate. */
export const HAS_ZSTD = typeof zstdCompress === 'function' && typeof zstdDecompress === 'function';
const ZSTD_LEVEL_PARAM = (constants as unknown as Record<string, number>).ZSTD_c_compressionLevel;

/** A field's previous value on one contract. */
export interface Slot {
  /** 0 nothing yet, 1 a number (m, d), 2 a text. */
  kind: number;
  m: number;
  d: number;
  text: string;
}

export const newSlot = (): Slot => ({ kind: 0, m: 0, d: 0, text: '' });

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

/** Where the four lengths at the start of a body end. */
export function lengthsEnd(body: Buffer): number {
  let at = 0;
  for (let n = 0; n < 4; n++) while ((body[at++] as number) >= 0x80);
  return at;
}

export function pack(body: Buffer): Buffer {
  const packer = HAS_ZSTD ? PACK_ZSTD : PACK_DEFLATE;
  const packed =
    packer === PACK_ZSTD && zstdCompress
      ? zstdCompress(body, { params: { [ZSTD_LEVEL_PARAM as number]: ZSTD_LEVEL } })
      : deflateRawSync(body, { level: 6 });
  const out = Buffer.allocUnsafe(2 + packed.length);
  out[0] = VERSION;
  out[1] = packer;
  packed.copy(out, 2);
  return out;
}

export function unpack(payload: Buffer): Buffer {
  if (payload[0] !== VERSION) throw new Error(`frame batch version ${payload[0]} is not known to this version of Fathom`);
  const body = payload.subarray(2);
  switch (payload[1]) {
    case PACK_NONE:
      return body;
    case PACK_DEFLATE:
      return inflateRawSync(body);
    case PACK_ZSTD:
      if (!zstdDecompress) throw new Error('this frame batch is zstd-compressed and this runtime has no zstd (Node 22.15 or later has it)');
      return zstdDecompress(body);
    default:
      throw new Error(`unknown frame batch compression ${payload[1]}`);
  }
}

/** Places in an item (a field, an element of a nested array…) as a trie: each has its slot. */
export interface PathNode {
  id: number;
  members: PathNode[];
  elements: PathNode[];
}

export function childOf(children: PathNode[], key: number, paths: { nextPath(): number }): PathNode {
  let child = children[key];
  if (!child) {
    child = { id: paths.nextPath(), members: [], elements: [] };
    children[key] = child;
  }
  return child;
}
