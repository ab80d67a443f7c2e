// `npm run eval`: seeded 30-minute simulated sessions through the real protocol and the real
// engine, scored against the simulator's ground truth. The engines never see the truth: they
// read only the frames, as live.
//
// Sessions (each with one engine per rule variant on the same frames):
// - old:        today's settings before issue 16: 10 book levels per side, 1 s conflation;
// - live:       live-shaped: one book level per side (up to 16 venues), 1 s per-key conflation;
// - cases:      live-shaped, with the step-5 cases mixed in and quote times as a real tape has them;
// - cases-fast: the same cases on a feed conflated at 250 ms (half as long).
// Variants: v2 (the rules before version 3), v3 (the defaults), and v3 with one rule switched.
// The live run also scores the book event detector (FLOW-RULES.md §7) on every contract's books
// and the v3 flows against the market's book truth (tools/eval/book-score.ts).
//
// Prints one JSON line per figure to stdout and a summary table to stderr. Environment:
// FATHOM_EVAL_MINUTES, FATHOM_EVAL_SEED, FATHOM_EVAL_RUNS (comma list), FATHOM_EVAL_PARALLEL
// (sessions at once, default 2; 1 runs them in this thread).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_FLOW_RULES, V2_FLOW_RULES, type FlowRules } from '../../src-main/market/flow-engine.ts';
import type { CaseMix } from '../../src-main/simulator/market/order-flow.ts';
import { ratio, type Counts } from './score.ts';
import { MATCH_EARLY_MS, MATCH_LATE_MS } from './book-score.ts';
import { runSession, type SessionConfig, type SessionResult, type VariantResult } from './session.ts';

const MINUTES = Number(process.env.FATHOM_EVAL_MINUTES ?? 30);
const SEED = Number(process.env.FATHOM_EVAL_SEED ?? 2026);
const RUNS = (process.env.FATHOM_EVAL_RUNS ?? 'old,live,cases,cases-fast').split(',').map((s) => s.trim());
const PARALLEL = Math.max(1, Number(process.env.FATHOM_EVAL_PARALLEL ?? Math.min(2, availableParallelism())));

/**
 * The step-5 cases: a fifth of arrivals (limit fills are often impossible: they need a small
 * touch), plus a quote-move case after one quote shift of a watched contract in about 80.
 */
const CASES: CaseMix = {
  share: 0.2,
  weights: { 'conflated-block': 1, 'same-price': 1, 'mid-spread': 1, bust: 1.2, 'limit-fill': 3 },
  quoteMoveChance: 0.012,
};

function variants(): { name: string; rules: FlowRules }[] {
  const out = [
    { name: 'v2', rules: { ...V2_FLOW_RULES } },
    { name: 'v3', rules: { ...DEFAULT_FLOW_RULES } },
  ];
  for (const key of Object.keys(DEFAULT_FLOW_RULES) as (keyof FlowRules)[]) {
    const v3 = DEFAULT_FLOW_RULES[key];
    const flipped = typeof v3 === 'boolean' ? !v3 : v3 === V2_FLOW_RULES[key] ? 0.6 : V2_FLOW_RULES[key];
    out.push({ name: `v3 ${key}=${flipped}`, rules: { ...DEFAULT_FLOW_RULES, [key]: flipped } });
  }
  return out;
}

function configs(): SessionConfig[] {
  const base = { seed: SEED, minutes: MINUTES, conflationMs: 1000, stepMs: 100, variants: variants() };
  const all: SessionConfig[] = [
    { ...base, name: 'old', title: 'old settings: 10 book levels, 1 s conflation', bookLevels: 10, cases: null },
    { ...base, name: 'live', title: 'live-shaped: 1 book level, 1 s per-key conflation', bookLevels: 1, cases: null, bookEvents: { variant: 'v3' } },
    { ...base, name: 'cases', title: 'step-5 cases, live-shaped, tape quote times', bookLevels: 1, cases: CASES },
    { ...base, name: 'cases-fast', title: 'step-5 cases on a 250 ms feed', bookLevels: 1, cases: CASES, conflationMs: 250, stepMs: 50, minutes: Math.max(1, Math.round(MINUTES / 2)) },
  ];
  return all.filter((c) => RUNS.includes(c.name));
}

function inWorker(config: SessionConfig): Promise<SessionResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./session-worker.ts', import.meta.url), { workerData: config });
    worker.once('message', (m: { ok: boolean; result?: SessionResult; error?: string }) => (m.ok ? resolve(m.result as SessionResult) : reject(new Error(m.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`session ${config.name} exited with ${code}`))));
  });
}

async function runAll(list: SessionConfig[]): Promise<SessionResult[]> {
  if (PARALLEL <= 1) {
    const out: SessionResult[] = [];
    for (const c of list) out.push(await runSession(c));
    return out;
  }
  const results = new Array<SessionResult>(list.length);
  let next = 0;
  const lane = async () => {
    while (next < list.length) {
      const i = next++;
      results[i] = await inWorker(list[i] as SessionConfig);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, list.length) }, lane));
  return results;
}

const out = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const r = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);
const f1 = (c: Counts) => r(c.f1);

function figures(run: string, v: VariantResult): Record<string, unknown> {
  const s = v.score;
  const c = v.cases;
  return {
    name: 'figures',
    run,
    rules: v.name,
    sweepF1: f1(s.kinds.SWEEP),
    blockF1: f1(s.kinds.BLOCK),
    splitF1: f1(s.kinds.SPLIT),
    singleF1: f1(s.kinds.SINGLE),
    sideAggressive: r(s.side.accuracy),
    sideAll: s.sideAll.accuracy,
    sideDecided: s.sideAll.decidedAccuracy,
    sideUnknown: s.sideAll.unknown,
    whale: { precision: r(s.whale.precision), recall: r(s.whale.recall) },
    legs: { recall: ratio(s.legs.found, s.legs.legs), flagged: s.legs.flagged, falsePairs: s.legs.falsePairs },
    busts: s.busts,
    strategies: { precision: v.strategies.precision, recall: v.strategies.recall, recallGenerated: v.strategies.recallGenerated, truths: v.strategies.truths, generated: v.strategies.generated, detected: v.strategies.detected, right: v.strategies.right, wrongType: v.strategies.wrongType, byType: v.strategies.byType, grouped: v.strategies.grouped, undecidable: v.strategies.undecidable, typeCeiling: v.strategies.typeCeiling },
    ...(c
      ? {
          cases: {
            quoteMoveTouch: ratio(c.quoteMove.inOneUpdate.touch.correct, c.quoteMove.inOneUpdate.touch.n),
            quoteMoveMid: ratio(c.quoteMove.inOneUpdate.mid.correct, c.quoteMove.inOneUpdate.mid.n),
            quoteMoveN: [c.quoteMove.inOneUpdate.touch.n, c.quoteMove.inOneUpdate.mid.n],
            quoteMoveAll: ratio(c.quoteMove.touch.correct + c.quoteMove.mid.correct, c.quoteMove.touch.n + c.quoteMove.mid.n),
            conflatedBlockPrecision: ratio(c.conflatedBlocks.rightBlock, c.conflatedBlocks.calledBlock),
            conflatedBlockRecall: ratio(c.conflatedBlocks.trueBlocksCalled, c.conflatedBlocks.trueBlocks),
            conflatedBlockN: [c.conflatedBlocks.updates, c.conflatedBlocks.calledBlock, c.conflatedBlocks.trueBlocks],
            samePriceKeptApart: ratio(c.samePrice.keptApart, c.samePrice.separable),
            samePriceN: [c.samePrice.pairs, c.samePrice.separable],
            midSpreadLegsFound: ratio(c.midSpread.found, c.midSpread.legs),
            midSpreadN: c.midSpread.legs,
            bustsCancelled: ratio(c.bust.cancelled, c.bust.busted),
            bustN: c.bust.busted,
            limitFillSide: ratio(c.limitFill.correct, c.limitFill.n),
            limitFillN: c.limitFill.n,
          },
        }
      : {}),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const results = await runAll(configs());
  for (const session of results) {
    out({ name: 'session', run: session.name, title: session.title, seed: session.seed, minutes: session.minutes, bookLevels: session.bookLevels, conflationMs: session.conflationMs, contracts: session.contracts, truths: session.truths, seconds: session.seconds });
    for (const v of session.variants) out(figures(session.name, v));
    for (const v of session.variants.filter((x) => x.name === 'v3')) out({ name: 'sender', run: session.name, rules: v.name, ...v.sender });
    if (session.bookEvents) out({ name: 'book-events', run: session.name, rules: 'v3', matchMs: [-MATCH_EARLY_MS, MATCH_LATE_MS], ...session.bookEvents });
    for (const v of session.variants.filter((x) => x.name === 'v2' || x.name === 'v3')) {
      const s = v.score;
      out({ name: 'detail', run: session.name, rules: v.name, kinds: s.kinds, sideByRule: s.sideAll.byRule, sideByStyle: s.side.byTruthKind, legsByStyle: s.legs.byStyle, confusion: s.confusion, cases: v.cases });
    }
  }
  summary(results);
  out({ name: 'done', seconds: (Date.now() - started) / 1000 });
}

/** A table for people: v2 and v3 per run, the figures the README quotes. */
function summary(results: SessionResult[]): void {
  const rows: string[][] = [['run', 'rules', 'SWEEP F1', 'BLOCK F1', 'SPLIT F1', 'side (aggr.)', 'side (all)', 'unknown', 'whale P/R', 'legs found', 'false pairs', 'strategies P/R (n)', 'grouped P/R', 'type ceiling']];
  for (const session of results) {
    for (const v of session.variants) {
      if (v.name !== 'v2' && v.name !== 'v3') continue;
      const s = v.score;
      const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));
      rows.push([session.name, v.name, fmt(s.kinds.SWEEP.f1), fmt(s.kinds.BLOCK.f1), fmt(s.kinds.SPLIT.f1), fmt(s.side.accuracy), fmt(s.sideAll.accuracy), String(s.sideAll.unknown), `${fmt(s.whale.precision)}/${fmt(s.whale.recall)}`, `${s.legs.found}/${s.legs.legs}`, String(s.legs.falsePairs), `${fmt(v.strategies.precision)}/${fmt(v.strategies.recall)} (${v.strategies.truths})`, `${fmt(v.strategies.grouped.precision)}/${fmt(v.strategies.grouped.recall)}`, fmt(v.strategies.typeCeiling)]);
    }
  }
  table(rows);
  const books: string[][] = [['run', 'book event', 'precision', 'recall', 'detected (right)', 'truth aimed at (found)']];
  for (const session of results) {
    const b = session.bookEvents;
    if (!b) continue;
    for (const kind of ['refill', 'pull'] as const) {
      const c = b[kind];
      const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));
      books.push([session.name, kind, fmt(c.precision), fmt(c.recall), `${c.detected} (${c.right})`, `${c.truths} (${c.found})`]);
    }
  }
  const senders: string[][] = [['run', 'sender (FLOW-RULES §9)', 'accuracy when leaning', 'leaning', 'Brier']];
  for (const session of results) {
    for (const v of session.variants.filter((x) => x.name === 'v3')) {
      const s = v.sender;
      const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));
      senders.push([session.name, 'institutional or retail', fmt(s.accuracy), `${s.decided} of ${s.n} (${fmt(s.coverage)})`, fmt(s.brier)]);
    }
  }
  process.stderr.write('\n');
  table(senders);
  if (books.length > 1) {
    process.stderr.write('\n');
    table(books);
  }
}

function table(rows: string[][]): void {
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((row) => (row[i] as string).length)));
  for (const row of rows) process.stderr.write(`${row.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`eval failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
