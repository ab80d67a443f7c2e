// Seeded randomness: the simulator and the reconnect jitter must be reproducible in tests. The
// generator itself is shared/random/seeded-random.ts; the draws built on it are here.
import type { Random } from '../../shared/random/seeded-random.ts';

export { seededRandom, type Random } from '../../shared/random/seeded-random.ts';

/** Standard normal by Box-Muller. */
export function gaussian(random: Random): number {
  let u = 0;
  while (u === 0) u = random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
