// The binary, columnar form of a flow batch: what a window receives for the feed's high-rate
// stream (the web host's binary WebSocket frames, an Electron window's MessagePort). Typed arrays
// with a string table, so the window decodes a batch without JSON.parse: one TextDecoder call for
// every string of the batch, then one object literal per row read from the columns
// (flow-codec-encode.ts, flow-codec-decode.ts).
//
// Written here rather than with a columnar library: Apache Arrow's JS build is several hundred
// KiB for the renderer and reads rows back through per-column vectors or row proxies, while the
// feed needs plain row objects with nested strategy and next-day records. `npm run bench -- ui.batch_decode`
// (tools/bench/ui-decode.ts) measures the decode beside JSON.parse of the same batch.
//
// Layout (little-endian, every section 8-byte aligned from the start of the bytes):
//   header  8 x u32  magic, rows, strings, string bytes, strategies, legs, next-day checks, total bytes
//   f64     row numbers (ROW_F64 x n), strategies (2 x s), legs (4 x l), next-day (6 x d)
//   u32     row strings (ROW_STR x n), row links (2 x n: strategy, next-day; NONE when absent),
//           strategies (7 x s), legs (5 x l), next-day (3 x d), string lengths in UTF-16 units
//   u16     row flags (n)
//   u8      row enums (ROW_ENUM x n)
//   UTF-8   every distinct string, concatenated
// A number that is null travels as NaN (as with JSON, the wire before this, which made NaN null).
import type { Flow } from '../domain/flow.ts';

export type PackedRow = Omit<Flow, 'evidence'>;

export const FLOW_CODEC_MAGIC = 0x31425746; // 'FWB1' read little-endian
export const HEADER_WORDS = 8;
export const NONE = 0xffffffff;
export const NULL_ENUM = 255;

export const RIGHTS = ['C', 'P'] as const;
export const SENTIMENTS = ['BULLISH', 'BEARISH', 'NEUTRAL'] as const;
export const SOURCES = ['stream', 'rest'] as const;

/** Row numbers, in column order (institutional last: absent on older flows). */
export const ROW_F64 = [
  'time', 'lastTime', 'strike', 'size', 'price', 'premium', 'otmPercent', 'dte', 'bid', 'ask', 'underlyingPrice',
  'openInterest', 'dayVolume', 'iv', 'delta', 'prints', 'confidence', 'kindConfidence', 'version', 'institutional',
] as const;
export const ROW_STR = ['id', 'sessionId', 'symbol', 'underlying', 'expiry'] as const;
export const ROW_FLAGS = ['whale', 'conflated', 'openingLikely', 'unusual', 'repeater', 'spreadLeg', 'delayed', 'cancelled'] as const;
/** right, side, direction, sentiment, kind, moneyness, sideRule. */
export const ROW_ENUM = 7;
export const STRATEGY_U32 = 7;
export const LEG_U32 = 5;
export const CHECK_U32 = 3;

export class FlowCodecError extends Error {
  constructor(message: string) {
    super(`flow batch: ${message}`);
    this.name = 'FlowCodecError';
  }
}

/** TextEncoder and TextDecoder exist in every host this runs in (browser, preload, Node) but are not ECMAScript. */
interface HostText {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new () => { decode(bytes: Uint8Array): string };
}
const text = globalThis as unknown as HostText;
export const utf8Encoder = new text.TextEncoder();
export const utf8Decoder = new text.TextDecoder();

export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface Counts {
  n: number;
  strings: number;
  stringBytes: number;
  strategies: number;
  legs: number;
  checks: number;
}

const align8 = (n: number): number => (n + 7) & ~7;

/** Byte offsets and lengths of each section for the given counts. */
export function layout(c: Counts) {
  const f64 = HEADER_WORDS * 4;
  const f64Count = ROW_F64.length * c.n + 2 * c.strategies + 4 * c.legs + 6 * c.checks;
  const u32 = f64 + f64Count * 8;
  const u32Count = (ROW_STR.length + 2) * c.n + STRATEGY_U32 * c.strategies + LEG_U32 * c.legs + CHECK_U32 * c.checks + c.strings;
  const u16 = align8(u32 + u32Count * 4);
  const u8 = align8(u16 + c.n * 2);
  const text = align8(u8 + ROW_ENUM * c.n);
  return { f64, f64Count, u32, u32Count, u16, u8, text, total: text + c.stringBytes };
}

/** Typed arrays need aligned offsets; a Node Buffer cut from a pool may not have one. */
export function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
}

/**
 * The latest first-print time in a packed batch, read from its time column without decoding it
 * (-Infinity for an empty batch or anything that is not one).
 */
export function packedNewestTime(bytes: Uint8Array): number {
  const n = packedRowCount(bytes);
  if (n === 0 || bytes.byteLength < HEADER_WORDS * 4 + n * 8) return Number.NEGATIVE_INFINITY;
  const own = aligned(bytes);
  const times = new Float64Array(own.buffer, own.byteOffset + HEADER_WORDS * 4, n);
  let newest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if ((times[i] as number) > newest) newest = times[i] as number;
  return newest;
}

/** How many rows a packed batch holds, from its header (0 for anything that is not one). */
export function packedRowCount(bytes: Uint8Array): number {
  if (bytes.byteLength < HEADER_WORDS * 4) return 0;
  const own = aligned(bytes);
  const head = new Uint32Array(own.buffer, own.byteOffset, HEADER_WORDS);
  return head[0] === FLOW_CODEC_MAGIC ? (head[1] as number) : 0;
}
