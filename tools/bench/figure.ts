// What every benchmark figure reports, and the small statistics the figures share. A figure
// measures its value and, where the issue names one, its physical ceiling on the same inputs in
// the same run, so the ratio means something on a noisy shared machine.
import type { BenchInputs } from './inputs.ts';

export type Target = number | Record<string, number>;

/** One JSON line of `npm run bench`. */
export interface FigureLine {
  name: string;
  value: number | Record<string, number> | null;
  unit: string;
  ceiling: number | Record<string, number> | null;
  ratio: number | Record<string, number> | null;
  target: Target | null;
  notes: string;
}

export interface FigureResult {
  value: number | Record<string, number> | null;
  ceiling?: number | Record<string, number> | null;
  notes: string;
  /** Extra numbers worth keeping next to the value (appended to notes as JSON). */
  detail?: Record<string, unknown>;
}

export interface Figure {
  name: string;
  unit: string;
  target: Target | null;
  run(ctx: BenchContext): Promise<FigureResult>;
}

export interface BenchContext {
  inputs: BenchInputs;
  /** Progress for humans, on stderr; stdout carries only the JSON lines. */
  log(message: string): void;
  /** Shrinks every run (the plumbing test): a few frames, a second of streaming. */
  quick: boolean;
}

export function toLine(figure: Pick<Figure, 'name' | 'unit' | 'target'>, result: FigureResult): FigureLine {
  const ceiling = result.ceiling ?? null;
  const detail = result.detail ? ` ${JSON.stringify(result.detail)}` : '';
  return {
    name: figure.name,
    value: result.value,
    unit: figure.unit,
    ceiling,
    ratio: ratioOf(result.value, ceiling),
    target: figure.target,
    notes: `${result.notes}${detail}`,
  };
}

/** value / ceiling, per key when both are objects (e.g. plain and deflate). */
function ratioOf(value: FigureResult['value'], ceiling: FigureResult['ceiling']): FigureLine['ratio'] {
  if (value === null || ceiling === null || ceiling === undefined) return null;
  if (typeof value === 'number') return typeof ceiling === 'number' && ceiling > 0 ? round(value / ceiling, 3) : null;
  if (typeof ceiling === 'number') return null;
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(value)) {
    const c = ceiling[key];
    if (c !== undefined && c > 0) out[key] = round(v / c, 3);
  }
  return Object.keys(out).length > 0 ? out : null;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Nearest-rank quantile (p in 0..1) of the values; NaN when there are none. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Least-squares slope and intercept of y over x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN };
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i] as number;
    sy += ys[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    num += dx * ((ys[i] as number) - my);
    den += dx * dx;
  }
  const slope = den > 0 ? num / den : Number.NaN;
  return { slope, intercept: my - slope * mx };
}

export function round(x: number, digits = 1): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Three significant figures: enough for a benchmark, short in a table. */
export function sig(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return round(x, digits);
}

/**
 * Seconds `fn` took on this thread's CPU (user + system). One-thread stages are timed this way:
 * on a shared machine with more runnable threads than cores, wall time mostly measures how long
 * the scheduler kept us waiting, while thread CPU time measures the work.
 */
export function timeIt(fn: () => void): number {
  const before = process.threadCpuUsage();
  fn();
  const used = process.threadCpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/** Thread CPU and wall seconds of one run. */
export function timeBoth(fn: () => void): { cpu: number; wall: number } {
  const t0 = performance.now();
  const cpu = timeIt(fn);
  return { cpu, wall: (performance.now() - t0) / 1000 };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
