// The content of one venue's re-post on one side: a short ladder of (offset, size) entries.
// Re-posts are the hottest path of a busy market, so they draw from one shared mulberry32
// state (no generator allocated per draw) and write straight into the book's typed arrays.
import { gaussian, seededRandom } from '../../util/random.ts';
import { rekey } from './keyed-random.ts';

/** Deepest ladder step a venue may post at, in ticks from the reference price. */
export const MAX_OFFSET = 120;
/** Most entries one venue posts on one side. */
export const MAX_ENTRIES = 16;
const MAX_ENTRY_SIZE = 5000;

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

/** Quantiles of exp(0.7 Z): a lognormal size factor from one uniform draw, no exp per draw. */
const LOGNORMAL = (() => {
  const random = seededRandom(0x10c);
  const samples = Array.from({ length: 4096 }, () => gaussian(random)).sort((a, b) => a - b);
  return Float64Array.from({ length: 1024 }, (_, i) => Math.exp(0.7 * (samples[i * 4 + 2] as number)));
})();

function lognormal(): number {
  return LOGNORMAL[Math.floor(nextUnit() * LOGNORMAL.length)] as number;
}

/** Most venues quote at the reference price; some stand a tick or a few behind it. */
function firstOffset(): number {
  const u = nextUnit();
  if (u < 0.6) return 0;
  if (u < 0.85) return 1;
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
}

/**
 * Writes a ladder for (base key, key, kind) at `slot` of the arrays and returns its length.
 * `at` >= 0 forces the best entry's offset; `minSize` is the least size of the best entry.
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
): number {
  state[0] = rekey(base, key, kind);
  let offset = at >= 0 ? at : firstOffset();
  const entries = Math.min(MAX_ENTRIES, Math.max(shape.minEntries ?? 1, 1 + Math.floor(nextUnit() * (shape.depth + 1))));
  let n = 0;
  for (let j = 0; j < entries && offset <= MAX_OFFSET; j++) {
    const drawn = Math.round(shape.touchSize * lognormal() * (1 + 0.7 * j));
    offsets[slot + n] = offset;
    sizes[slot + n] = Math.max(j === 0 ? minSize : 0, 1, Math.min(MAX_ENTRY_SIZE, drawn));
    n++;
    offset += 1 + Math.floor(nextUnit() * (shape.maxStep ?? 5));
  }
  return n;
}
