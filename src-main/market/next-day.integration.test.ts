// The next day's check end to end (FLOW-RULES.md §10): two demo sessions a simulated day apart
// on one real SQLite file. The first records flows; its simulator's orders open or close
// positions (their truth) and the second day's simulator starts from the open interest they
// left. The second session checks the first's flows by its stream's first quotes and by REST.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import type { ParentOrderTruth } from '../simulator/market/market.ts';
import { createSimulatedMarket } from '../simulator/market/simulated-market.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { iterateFlows } from '../store/flows.ts';
import { pendingNextDay } from '../store/next-day.ts';
import { silentLogger } from '../util/log.ts';
import { contractsAround, DEMO_START, startDemoHarness, until } from './demo-harness.testkit.ts';
import { NextDayConfirmer } from './next-day-confirmer.ts';
import { Recording } from './recording.ts';
import { SymbolSubscriptions } from './symbol-subscriptions.ts';

const DAY_MS = 86_400_000;
const SEED = 31;
const INTENSITY = 1;

let dir: string;
let db: Db;
let dayOneSession: number;
let truth: readonly ParentOrderTruth[];
let carried: Record<string, number>;
let dayOneOi: Map<string, number>;
let streamed: string[];
let restChecked = 0;
const checkedPushed: Flow[] = [];
let contractsSeen = new Set<string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-next-day-'));
  db = openDatabase(join(dir, 'n.db'));

  // Day one: record five underlyings around the money for three simulated minutes.
  const one = await startDemoHarness({ seed: SEED, intensity: INTENSITY, bookLevels: 1 });
  const contracts: string[] = [];
  for (const u of ['SPY', 'QQQ', 'IWM', 'NVDA', 'TSLA']) contracts.push(...(await contractsAround(one, u, 8, 2)));
  const recording = new Recording({ db, streamer: one.streamer, source: 'demo', clock: one.clock, settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: DEFAULT_ROLLING_SETTINGS, symbols: contracts });
  new SymbolSubscriptions(one.streamer).set(contracts, ['SPY']);
  contractsSeen = new Set(contracts);
  recording.start();
  await until(() => one.streamer.status().state === 'live', 'login');
  await one.run(180_000, 100);
  // The day ends when the recorded contracts are quiet (as at the close): no order of theirs
  // printed in the last 2.5 s, so everything that moved their open interest reached the client.
  const quiet = () => !one.sim.market.truth().some((o) => contractsSeen.has(o.symbol) && (!o.complete || o.end > one.clock.now() - 2_500));
  while (!quiet()) await one.run(500, 100);
  dayOneSession = (await recording.stop()).sessionId;
  truth = one.sim.market.truth().map((o) => structuredClone(o));
  carried = one.sim.market.nextDayOpenInterest?.() ?? {};
  dayOneOi = new Map(contracts.map((s) => [s, one.sim.market.optionQuote(s)?.openInterest ?? -1]));
  await one.stop();

  // Day two: the simulator starts the next morning from the open interest day one left.
  const start = DEMO_START + DAY_MS;
  const market = createSimulatedMarket({ seed: SEED, start, intensity: INTENSITY, bookLevels: 1, openInterest: carried });
  const two = await startDemoHarness({ seed: SEED, intensity: INTENSITY, bookLevels: 1, start, market });
  const confirmer = new NextDayConfirmer({ db, clock: two.clock, logger: silentLogger, onChecked: (flows) => checkedPushed.push(...flows) });
  const waiting = confirmer.pendingSymbols();
  // Half the waiting contracts are streamed (their first quote checks them), the rest are asked by REST.
  streamed = waiting.filter((_, i) => i % 2 === 0);
  const recording2 = new Recording({ db, streamer: two.streamer, source: 'demo', clock: two.clock, settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: DEFAULT_ROLLING_SETTINGS, symbols: streamed });
  recording2.pipeline.events.on('optionQuote', (u) => confirmer.observe(u.symbol, u.quote.openInterest, u.receivedAt));
  new SymbolSubscriptions(two.streamer).set(streamed, []);
  recording2.start();
  await until(() => two.streamer.status().state === 'live', 'login');
  restChecked = await confirmer.checkByRest(async (symbols) => two.rest.quotes(await two.tokens.getAccessToken(), symbols), new Set(streamed));
  await two.run(5_000, 100);
  await recording2.stop();
  await two.stop();
}, 240_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});


/** The simulator's order behind a recorded flow: same contract, first print within its prints. */
function orderOf(flow: Flow): ParentOrderTruth | undefined {
  return truth.find((o) => o.symbol === flow.symbol && flow.time >= o.start - 1_000 && flow.time <= o.end + 1_000);
}

describe('opening confirmed the next day', () => {
  const dayOne = () => [...iterateFlows(db, { sessionId: dayOneSession })];

  it('moves the simulator\'s open interest overnight by exactly what its orders opened less what they closed', () => {
    expect(Object.keys(carried).length).toBeGreaterThan(5);
    for (const [symbol, before] of dayOneOi) {
      const orders = truth.filter((o) => o.symbol === symbol && o.bustedAt === undefined);
      const net = orders.reduce((n, o) => n + (o.positionEffect === 'OPEN' ? o.size : -o.size), 0);
      if (net !== 0) expect(carried[symbol], symbol).toBe(before + net);
    }
    expect(truth.some((o) => o.positionEffect === 'CLOSE')).toBe(true);
    expect(truth.some((o) => o.positionEffect === 'OPEN')).toBe(true);
  });

  it('checks every flow of the first day, by the stream\'s first quote or by REST, with the numbers', () => {
    const flows = dayOne().filter((f) => f.cancelled !== true);
    expect(flows.length).toBeGreaterThan(30);
    expect(restChecked).toBeGreaterThan(0);
    for (const flow of flows) {
      const check = flow.nextDay;
      expect(check, flow.id).toBeDefined();
      if (!check) continue;
      expect(check.source).toBe(streamed.includes(flow.symbol) ? 'stream' : 'rest');
      expect(check.oiBefore).toBe(dayOneOi.get(flow.symbol));
      expect(check.oiAfter).toBe(carried[flow.symbol] ?? dayOneOi.get(flow.symbol));
      expect(check.change).toBe(check.oiAfter - check.oiBefore);
      expect(check.flowSize).toBe(flow.size);
      const dayTotal = flows.filter((f) => f.symbol === flow.symbol).reduce((n, f) => n + f.size, 0);
      expect(check.dayTotal).toBe(dayTotal);
      expect(check.reason).toContain(`NEXT_DAY ${check.label}`);
    }
    expect(checkedPushed.map((f) => f.id).sort()).toEqual(flows.map((f) => f.id).sort());
    expect(pendingNextDay(db, '2026-11-25')).toBeNull();
  });

  it('labels the first day\'s flows OPENING and CLOSING as the simulator\'s truth has them', () => {
    const flows = dayOne().filter((f) => f.cancelled !== true && f.nextDay);
    const opening = flows.filter((f) => f.nextDay?.label === 'OPENING');
    const closing = flows.filter((f) => f.nextDay?.label === 'CLOSING');
    // The premise of the rule: the recorded flows are the day's trades on the contract.
    const recorded = dayOne();
    for (const o of truth) if (contractsSeen.has(o.symbol)) expect(recorded.some((f) => f.symbol === o.symbol && f.time >= o.start - 1_000 && f.time <= o.end + 1_000), o.id).toBe(true);
    // Seed 31, five underlyings: 78 and 28 of 967 flows; a busy contract's flows are MIXED.
    expect(opening.length).toBeGreaterThan(20);
    expect(closing.length).toBeGreaterThan(10);
    for (const flow of opening) expect(orderOf(flow)?.positionEffect, `${flow.id} ${flow.nextDay?.reason}`).toBe('OPEN');
    for (const flow of closing) expect(orderOf(flow)?.positionEffect, `${flow.id} ${flow.nextDay?.reason}`).toBe('CLOSE');
  });
});
