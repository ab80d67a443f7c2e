// The range checks of a packed batch's index and enum columns (flow-codec-batch.ts): every value
// of every column is checked before any row is read, as one tight pass per column that only
// finds whether a column is bad; the slow pass that names the bad value runs only then. The feed
// takes in thousands of flows a second, and these checks read every index and enum of each
// (`npm run bench -- ui.batch_decode`, tools/bench/ui-decode.ts).
import { FlowCodecError, NULL_ENUM } from './flow-codec-layout.ts';

/** Throws unless values[from, from + count) are all below `limit` (string indices). */
export function checkIndices(values: Uint32Array, from: number, count: number, limit: number, what: string): void {
  const end = from + count;
  // The largest value decides it: a max has no branch to mispredict, a compare per value has.
  let max = 0;
  for (let i = from; i < end; i++) {
    const v = values[i] as number;
    if (v > max) max = v;
  }
  if (count > 0 && max >= limit) throw new FlowCodecError(`${what} ${max} out of range (${limit})`);
}

/** As checkIndices, NONE allowed (a row's link to a strategy or next-day check it may not have). */
export function checkLinks(values: Uint32Array, from: number, count: number, limit: number, what: string): void {
  const end = from + count;
  // v + 1 wraps NONE (2^32 - 1, flow-codec-layout.ts) to 0 and moves every valid index into 1..limit.
  let max = 0;
  for (let i = from; i < end; i++) {
    const v = ((values[i] as number) + 1) >>> 0;
    if (v > max) max = v;
  }
  if (max > limit) throw new FlowCodecError(`${what} ${max - 1} out of range (${limit})`);
}

const LOW7 = 0x7f7f7f7f;
const HIGH = 0x80808080;
const ONES = 0x01010101;

/**
 * Throws unless bytes[from, from + count) are all below `size` (NULL_ENUM allowed when nullable).
 * `words` views the same bytes as u32 from the same 4-aligned start: four values are checked per
 * read, bytewise without carries (size is at most 127).
 */
export function checkEnumColumn(bytes: Uint8Array, words: Uint32Array, from: number, count: number, size: number, what: string, nullable: boolean): void {
  const end = from + count;
  const firstWord = (from + 3) >> 2;
  const endWord = Math.max(firstWord, end >> 2);
  let bad = false;
  for (let i = from; i < Math.min(end, firstWord << 2); i++) bad ||= !enumOk(bytes[i] as number, size, nullable);
  for (let i = Math.max(from, endWord << 2); i < end; i++) bad ||= !enumOk(bytes[i] as number, size, nullable);
  if (!bad) bad = nullable ? !wordsBelow(words, firstWord, endWord, size + 1, true) : !wordsBelow(words, firstWord, endWord, size, false);
  if (!bad) return;
  for (let i = from; i < end; i++) {
    const v = bytes[i] as number;
    if (!enumOk(v, size, nullable)) throw new FlowCodecError(`${what} ${v} out of range`);
  }
}

const enumOk = (v: number, size: number, nullable: boolean): boolean => v < size || (nullable && v === NULL_ENUM);

/**
 * Whether every byte of words[from, to) is below `limit` (at most 128). With `wrap`, each byte is
 * first raised by one modulo 256, so NULL_ENUM (255) becomes 0 and the valid 0..size-1 become 1..size.
 */
function wordsBelow(words: Uint32Array, from: number, to: number, limit: number, wrap: boolean): boolean {
  // Per byte b < 128: (b + 128 - limit) has its high bit set exactly when b >= limit, and never
  // carries into the next byte; a byte of 128 or more has its high bit set already.
  const add = Math.imul(0x80 - limit, ONES);
  let high = 0;
  if (wrap) {
    for (let k = from; k < to; k++) {
      const w = words[k] as number;
      const x = ((w & LOW7) + ONES) ^ (w & HIGH); // each byte + 1, modulo 256, no carries
      high |= ((x & LOW7) + add) | x;
    }
  } else {
    for (let k = from; k < to; k++) {
      const w = words[k] as number;
      high |= ((w & LOW7) + add) | w;
    }
  }
  return (high & HIGH) === 0;
}
