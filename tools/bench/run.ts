// `npm run bench [-- name…]`: every figure of issue 10 (and the 50-level book figures of issue
// 16: the book ones run on the live shape, one level a side) as one JSON line on stdout,
// progress on stderr. Names filter by exact name or prefix (`ingest` runs ingest.l1,
// ingest.book and ingest.book_50).
// FATHOM_BENCH_MINUTES sets the recorded session's simulated minutes (default 10, the 30 on request);
// FATHOM_BENCH_SIZE_MINUTES store.size's live-shape session (default 3); FATHOM_BENCH_SEEK_HOURS replay.seek's day (default 6.5);
// FATHOM_BENCH_MEM_MINUTES the mem.growth run (default 3; issue 19's soak is 60).
// FATHOM_BENCH_SEARCH_FLOWS sets the flows of each of search.first_rows' 30 sessions (default 10,000).
import { fileURLToPath } from 'node:url';
import { toLine, type BenchContext, type Figure, type FigureLine } from './figure.ts';
import { ingestBook, ingestBook50, ingestL1, ingestL1Trades } from './ingest.ts';
import { benchInputs, type InputOptions } from './inputs.ts';
import { liveLoopback } from './loopback.ts';
import { mainLag } from './main-lag.ts';
import { replaySpeed } from './replay.ts';
import { replaySeek } from './replay-seek.ts';
import { storeFlows, storeFrames } from './store.ts';
import { storeSize } from './store-size.ts';
import { storePositioning } from './positioning.ts';
import { searchFirstRows } from './search.ts';
import { uiFeedFrame, uiPushLatency } from './ui.ts';
import { uiBatchDecode } from './ui-decode.ts';
import { uiBookDraw, uiBookFrame, uiBookFrame50, uiBookWindow } from './ui-book.ts';
import { memGrowth } from './mem.ts';

export const FIGURES: readonly Figure[] = [
  ingestL1,
  ingestL1Trades,
  ingestBook,
  ingestBook50,
  liveLoopback,
  storeFlows,
  storeFrames,
  storeSize,
  storePositioning,
  searchFirstRows,
  replaySpeed,
  replaySeek,
  mainLag,
  uiPushLatency,
  uiFeedFrame,
  uiBookFrame,
  uiBookWindow,
  uiBookDraw,
  uiBookFrame50,
  uiBatchDecode,
  memGrowth,
];

export interface RunOptions extends InputOptions {
  names?: readonly string[];
  quick?: boolean;
  out?: (line: FigureLine) => void;
  log?: (message: string) => void;
}

export function selectFigures(names: readonly string[] = []): Figure[] {
  if (names.length === 0) return [...FIGURES];
  const picked = FIGURES.filter((f) => names.some((n) => f.name === n || f.name.startsWith(`${n}.`)));
  const unknown = names.filter((n) => !FIGURES.some((f) => f.name === n || f.name.startsWith(`${n}.`)));
  if (unknown.length > 0) throw new Error(`unknown figure ${unknown.join(', ')}; known: ${FIGURES.map((f) => f.name).join(', ')}`);
  return picked;
}

/** Runs the selected figures in order; a figure that fails reports null and why, the rest go on. */
export async function runBench(options: RunOptions = {}): Promise<FigureLine[]> {
  const figures = selectFigures(options.names);
  const out = options.out ?? ((line) => process.stdout.write(`${JSON.stringify(line)}\n`));
  const log = options.log ?? ((message) => process.stderr.write(`[bench] ${message}\n`));
  const inputs = benchInputs(options);
  const ctx: BenchContext = { inputs, log, quick: options.quick ?? false };
  const lines: FigureLine[] = [];
  try {
    for (const figure of figures) {
      const started = performance.now();
      log(`${figure.name}…`);
      let line: FigureLine;
      try {
        line = toLine(figure, await figure.run(ctx));
      } catch (error) {
        line = toLine(figure, { value: null, notes: `failed: ${(error as Error)?.stack ?? String(error)}` });
      }
      log(`${figure.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      lines.push(line);
      out(line);
    }
  } finally {
    inputs.cleanup();
  }
  return lines;
}

async function main(): Promise<void> {
  const started = performance.now();
  const minutes = process.env.FATHOM_BENCH_MINUTES ? Number(process.env.FATHOM_BENCH_MINUTES) : undefined;
  await runBench({ names: process.argv.slice(2), ...(minutes ? { sessionMinutes: minutes } : {}) });
  process.stderr.write(`[bench] total ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
