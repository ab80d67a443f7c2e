// `npm run eval`: a seeded 30-minute simulated session through the real protocol and the real
// engine, scored against the simulator's ground truth. Prints one JSON line per figure. The
// engine never sees the truth: it reads only the frames, as live.
import type { Flow } from '../../shared/domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS } from '../../shared/domain/settings.ts';
import { MarketPipeline } from '../../src-main/market/pipeline.ts';
import { SymbolSubscriptions } from '../../src-main/market/symbol-subscriptions.ts';
import { contractsAround, startDemoHarness, until } from '../../src-main/market/demo-harness.testkit.ts';
import { score } from './score.ts';

const MINUTES = Number(process.env.FATHOM_EVAL_MINUTES ?? 30);
const SEED = Number(process.env.FATHOM_EVAL_SEED ?? 2026);
const UNDERLYINGS = ['SPY', 'QQQ', 'IWM', 'AAPL', 'NVDA', 'TSLA', 'AMZN', 'META'];

async function main(): Promise<void> {
  const started = Date.now();
  const h = await startDemoHarness({ seed: SEED, intensity: 1, bookLevels: 10 });
  const settings = { ...DEFAULT_FLOW_SETTINGS };
  const options: string[] = [];
  for (const u of UNDERLYINGS) options.push(...(await contractsAround(h, u, 6, 2)));
  const pipeline = new MarketPipeline({ sessionId: '1', settings });
  pipeline.attach(h.streamer.data);
  const flows = new Map<string, Flow>();
  pipeline.events.on('flow', ({ flow }) => flows.set(flow.id, flow));
  new SymbolSubscriptions(h.streamer).set(options, UNDERLYINGS);
  h.streamer.start();
  await until(() => h.streamer.status().state === 'live', 'login');
  await h.run(5_000, 100);
  const from = h.clock.now();
  await h.run(MINUTES * 60_000, 100);
  const to = h.clock.now() - 5_000;
  const watched = new Set(options);
  // Orders the engine could see in full: on subscribed contracts, after the baseline, finished.
  const truths = h.sim.market.truth().filter((t) => watched.has(t.symbol) && t.start >= from && t.end <= to && t.complete !== false);
  const scored = [...flows.values()].filter((f) => f.time >= from && f.time <= to + 1500);
  await h.stop();
  const s = score(truths, scored, settings.whaleMinPremium);
  const out = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  out({ name: 'session', seed: SEED, minutes: MINUTES, contracts: options.length, truths: s.truths, flows: s.flows, matched: s.matched, seconds: (Date.now() - started) / 1000 });
  for (const [kind, c] of Object.entries(s.kinds)) {
    const target = kind === 'SWEEP' || kind === 'BLOCK' ? { f1: 0.9 } : null;
    out({ name: `kind.${kind}`, ...round(c), target, met: target ? (c.f1 ?? 0) >= target.f1 : null });
  }
  out({ name: 'side.accuracy', aggressive: s.side.aggressive, correct: s.side.correct, accuracy: r(s.side.accuracy), byStyle: s.side.byTruthKind, target: 0.95, met: (s.side.accuracy ?? 0) >= 0.95 });
  out({ name: 'whale', ...round(s.whale), target: { precision: 1, recall: 1 }, met: s.whale.precision === 1 && s.whale.recall === 1 });
  out({ name: 'confusion', ...s.confusion });
}

function r(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10_000) / 10_000;
}

function round<T extends { precision: number | null; recall: number | null; f1: number | null }>(c: T): T {
  return { ...c, precision: r(c.precision), recall: r(c.recall), f1: r(c.f1) };
}

main().catch((error: unknown) => {
  process.stderr.write(`eval failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
