// The IV history of a demo session on real parts: the simulator and client on loopback, the
// monthly ATM contracts picked from the simulator's REST chain, the market pipeline, the sampler
// and a real SQLite file, on one manual clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import type { IvSummary } from '../../shared/domain/volatility.ts';
import { DEFAULT_VOLATILITY_SETTINGS } from '../../shared/domain/volatility.ts';
import type { Push } from '../../shared/ipc/push.ts';
import { volatilityEvents } from '../../shared/ipc/volatility.ts';
import { parseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { etDateString } from '../../shared/time/eastern.ts';
import { profileOf } from '../simulator/market/profiles.ts';
import { startDemoHarness, until, type DemoHarness } from '../market/demo-harness.testkit.ts';
import { Recording } from '../market/recording.ts';
import { SymbolSubscriptions } from '../market/symbol-subscriptions.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { silentLogger } from '../util/log.ts';
import { AtmIvContracts } from './atm-iv-contracts.ts';
import { ConflationStage } from './conflation.ts';
import { IvHistory } from './iv-history.ts';
import type { SampleRow } from '../store/iv-history.ts';

let dir: string;
let db: Db;
let h: DemoHarness;
let picked: string[];
let start: number;
const pushes: Push[] = [];
const historyAsked: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-ivh-'));
  db = openDatabase(join(dir, 'iv.db'));
  h = await startDemoHarness({ seed: 7, intensity: 1, bookLevels: 1 });
  start = h.clock.now();
  const contracts = new AtmIvContracts(async (underlying, strikeCount, fromDate, toDate) => h.rest.chains(await h.tokens.getAccessToken(), underlying, { strikeCount, fromDate, toDate }), () => h.clock.now());
  picked = await contracts.resolve(['SPY', 'AAPL'], new Map());
  const recording = new Recording({ db, streamer: h.streamer, source: 'demo', clock: h.clock, settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: DEFAULT_ROLLING_SETTINGS, symbols: [] });
  const stage = new ConflationStage({ clock: h.clock, flushMs: 16, out: (items) => pushes.push(...items) });
  const history = new IvHistory({
    db,
    source: 'demo',
    settings: () => DEFAULT_VOLATILITY_SETTINGS,
    clock: h.clock,
    logger: silentLogger,
    stage,
    pipeline: recording.pipeline,
    dailyCloses: async (underlying) => {
      historyAsked.push(underlying);
      const candles = await h.rest.dailyPriceHistory(await h.tokens.getAccessToken(), underlying);
      return candles.map((c) => ({ day: etDateString(c.datetime), close: c.close }));
    },
  });
  new SymbolSubscriptions(h.streamer).set(picked, ['SPY', 'AAPL']);
  recording.start();
  await until(() => h.streamer.status().state === 'live', 'login');
  await h.run(185_000, 250);
  stage.flush();
  history.detach();
  await recording.stop();
}, 120_000);

afterAll(async () => {
  await h.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('IV history from a demo session', () => {
  it('subscribes calls and puts on the two strikes around the money of the next two monthlies', () => {
    // The demo starts on 2026-11-24: the November monthly (the 20th) is gone.
    const contracts = picked.map(parseOptionSymbol);
    for (const underlying of ['SPY', 'AAPL']) {
      const mine = contracts.filter((c) => c.root === underlying);
      expect(mine).toHaveLength(8);
      expect(new Set(mine.map((c) => c.expiry))).toEqual(new Set(['2026-12-18', '2027-01-15']));
      expect(new Set(mine.map((c) => c.strike)).size).toBe(2);
    }
  });

  it('stores a sample a minute per underlying, each from both monthlies, at 30 days between them', () => {
    const rows = db.prepare("SELECT * FROM iv_samples WHERE source = 'demo' ORDER BY underlying, time").all() as SampleRow[];
    for (const underlying of ['AAPL', 'SPY']) {
      const mine = rows.filter((r) => r.underlying === underlying);
      // 185 s of stream time: the first sample once the quotes are in, then one each minute.
      expect(mine.length).toBe(4);
      for (let i = 1; i < mine.length; i++) expect((mine[i] as SampleRow).time - (mine[i - 1] as SampleRow).time).toBeGreaterThanOrEqual(60_000);
      expect((mine[0] as SampleRow).time - start).toBeLessThan(60_000);
      for (const r of mine) {
        expect(r).toMatchObject({ day: '2026-11-24', front_expiry: '2026-12-18', back_expiry: '2027-01-15' });
        expect(r.iv).toBeGreaterThan(5);
        expect(r.iv).toBeLessThan(150);
        // 24 and 52 days out: the 30-day figure lies between the two expiries' ATM IVs.
        const [lo, hi] = [Math.min(r.front_iv as number, r.back_iv as number), Math.max(r.front_iv as number, r.back_iv as number)];
        expect(r.iv).toBeGreaterThanOrEqual(lo - 1e-3);
        expect(r.iv).toBeLessThanOrEqual(hi + 1e-3);
      }
    }
    const daily = db.prepare("SELECT underlying, day, time FROM iv_daily WHERE source = 'demo' ORDER BY underlying").all();
    expect(daily).toEqual(['AAPL', 'SPY'].map((u) => ({ underlying: u, day: '2026-11-24', time: Math.max(...rows.filter((r) => r.underlying === u).map((r) => r.time)) })));
  });

  it('tells the windows after each sample: one day of history, so no rank yet', () => {
    const sent = pushes.filter((p) => p.channel === volatilityEvents.summaries.channel).map((p) => p.payload as IvSummary[]);
    expect(sent.length).toBeGreaterThan(0);
    const last = sent[sent.length - 1] as IvSummary[];
    expect(last.map((s) => [s.underlying, s.days, s.rank, s.percentile, s.missing])).toEqual([
      ['AAPL', 1, null, null, '1 day < 20'],
      ['SPY', 1, null, null, '1 day < 20'],
    ]);
  });

  it('puts the 20-day realized volatility from the daily price history beside the IV, asking once a day per underlying', () => {
    expect(historyAsked.sort()).toEqual(['AAPL', 'SPY']);
    const sent = pushes.filter((p) => p.channel === volatilityEvents.summaries.channel).map((p) => p.payload as IvSummary[]);
    const last = sent[sent.length - 1] as IvSummary[];
    for (const s of last) {
      // The Monday before the demo's Tuesday is the last completed day.
      expect(s.realized).toMatchObject({ returns: 20, asOf: '2026-11-23' });
      const vol = profileOf(s.underlying).vol * 100;
      expect(s.realized?.vol).toBeGreaterThan(vol * 0.5);
      expect(s.realized?.vol).toBeLessThan(vol * 1.7);
    }
  });
});
