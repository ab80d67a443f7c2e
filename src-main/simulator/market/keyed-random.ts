// Draws keyed by numbers instead of taken from a shared stream. A contract may be created lazily
// or read at any moment; keyed draws make its state a function of (seed, contract, time) alone,
// so when and how often the server reads it can never change what the market does.
import { seededRandom } from '../../util/random.ts';
import type { Random } from '../../util/random.ts';

const TWO_POW_32 = 4_294_967_296;

/** murmur3's finaliser: spreads every input bit over the whole word. */
function fmix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h);
}

/** Folds a number of any size (epoch ms, negative counters) into 32 bits. */
function fold(value: number): number {
  const whole = Math.floor(value);
  return fmix((whole % TWO_POW_32) ^ fmix(Math.floor(whole / TWO_POW_32)));
}

/** Order-sensitive hash of up to four numbers. */
export function hashKey(a: number, b = 0, c = 0, d = 0): number {
  let h = fold(a);
  h = fmix(h ^ Math.imul(fold(b) ^ 0x27d4eb2f, 0x165667b1));
  h = fmix(h ^ Math.imul(fold(c) ^ 0x9e3779b9, 0x85ebca77));
  h = fmix(h ^ Math.imul(fold(d) ^ 0x7f4a7c15, 0xc2b2ae3d));
  return h;
}

/** Cheap re-keying of a precomputed base hash, for hot paths. */
export function rekey(base: number, key: number, kind = 0): number {
  return fmix(fmix(base ^ fold(key)) ^ Math.imul(kind + 1, 0x9e3779b9));
}

/** One uniform draw in [0, 1) for a key. */
export function unitOf(a: number, b = 0, c = 0, d = 0): number {
  return hashKey(a, b, c, d) / TWO_POW_32;
}

/** A private stream for one key, when a draw needs many numbers. */
export function randomFor(a: number, b = 0, c = 0, d = 0): Random {
  return seededRandom(hashKey(a, b, c, d));
}
