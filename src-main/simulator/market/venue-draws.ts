// The content of one venue's quote on one side: a short ladder of (offset, size) entries.
// Re-posts are the hottest path of a busy market, so they draw from one shared mulberry32
// state (no generator allocated per draw) and write straight into the book's typed arrays.
import { gaussian, seededRandom } from '../../util/random.ts';
import { rekey } from './keyed-random.ts';

/** Deepest ladder step a venue may post at, in ticks from the reference price. */
export const MAX_OFFSET = 120;
/** Most entries one venue posts on one side. */
export const MAX_ENTRIES = 16;
const MAX_ENTRY_SIZE = 5000;
/** Slots of draws a venue's size at its best price averages (see touchFactor). */
const SIZE_MEMORY = 6;
const SIZE_VOL = 0.7;

// A typed array, not a `let`: a module variable holding a uint32 is boxed on every store.
const state = new Uint32Array(1);

function nextUnit(): number {
  const s = (state[0] as number) + 0x6d2b79f5;
  state[0] = s;
  let t = s >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Quantiles of a standard normal: one uniform draw gives a normal one, no log or cos per draw. */
const NORMAL = (() => {
  const random = seededRandom(0x10c);
  const samples = Array.from({ length: 4096 }, () => gaussian(random)).sort((a, b) => a - b);
  return Float64Array.from({ length: 1024 }, (_, i) => samples[i * 4 + 2] as number);
})();

/** Quantiles of exp(0.7 Z): a lognormal size factor from one uniform draw, no exp per draw. */
const LOGNORMAL = NORMAL.map((z) => Math.exp(SIZE_VOL * z));

function lognormal(): number {
  return LOGNORMAL[Math.floor(nextUnit() * LOGNORMAL.length)] as number;
}

/** A standard normal draw from a 32-bit hash. */
export function normalOf(hash: number): number {
  return NORMAL[hash >>> 22] as number;
}

/**
 * A venue's size factor at a re-post in slot `key` of its schedule: exp(0.7 Z), where Z averages
 * the draws of the last six slots (keys key-5..key). Re-posts a few slots apart share most of
 * their draws, so a venue's size drifts, fades and grows from one re-post to the next instead of
 * jumping about, and it is still a function of (base, key) alone.
 */
export function touchFactor(base: number, key: number): number {
  let z = 0;
  for (let j = 0; j < SIZE_MEMORY; j++) z += normalOf(rekey(base, key - j, 7));
  return Math.exp((SIZE_VOL * z) / Math.sqrt(SIZE_MEMORY));
}

/** Most venues quote at the reference price (`touchShare` of the time); some a tick or a few behind. */
function firstOffset(touchShare: number): number {
  const u = nextUnit();
  if (u < touchShare) return 0;
  if (u < touchShare + (1 - touchShare) * 0.6) return 1;
  return 2 + Math.floor(nextUnit() * 3);
}

export interface LadderShape {
  /** Median size a venue shows at its best price. */
  touchSize: number;
  /** Most extra price levels one venue posts behind its best (at most MAX_ENTRIES - 1). */
  depth: number;
  /** Widest gap, in ticks, between two steps of a ladder; wider when a deep book was asked for. */
  maxStep?: number;
  /** Fewest steps a venue posts; deep books have every venue post a full ladder. */
  minEntries?: number;
  /** Share of re-posts whose best price is the reference price (0.6 when absent). */
  touchShare?: number;
}

/**
 * Writes a ladder for (base key, key, kind) at `slot` of the arrays and returns its length.
 * `at` >= 0 forces the best entry's offset; `minSize` is the least size of the best entry;
 * `factor` > 0 scales the best entry's size (a draw of its own when 0).
 */
export function drawLadder(
  offsets: Int16Array,
  sizes: Int32Array,
  slot: number,
  shape: LadderShape,
  base: number,
  key: number,
  kind: number,
  at: number,
  minSize: number,
  factor = 0,
): number {
  state[0] = rekey(base, key, kind);
  let offset = at >= 0 ? at : firstOffset(shape.touchShare ?? 0.6);
  const entries = Math.min(MAX_ENTRIES, Math.max(shape.minEntries ?? 1, 1 + Math.floor(nextUnit() * (shape.depth + 1))));
  let n = 0;
  for (let j = 0; j < entries && offset <= MAX_OFFSET; j++) {
    const scale = j === 0 && factor > 0 ? factor : lognormal();
    const drawn = Math.round(shape.touchSize * scale * (1 + 0.7 * j));
    offsets[slot + n] = offset;
    sizes[slot + n] = Math.max(j === 0 ? minSize : 0, 1, Math.min(MAX_ENTRY_SIZE, drawn));
    n++;
    offset += 1 + Math.floor(nextUnit() * (shape.maxStep ?? 5));
  }
  return n;
}
