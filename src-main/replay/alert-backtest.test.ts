// The back-test of a rule over a recorded session lists exactly the alerts the same rule fired
// live in it: one demo session recorded with the rules on (real simulator, real client, real
// SQLite), then each rule back-tested over it through the replay's engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import type { Alert, AlertRule } from '../../shared/domain/session.ts';
import { etDateString } from '../../shared/time/eastern.ts';
import { contractsAround, startDemoHarness, until } from '../market/demo-harness.testkit.ts';
import { Recording } from '../market/recording.ts';
import { SymbolSubscriptions } from '../market/symbol-subscriptions.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { searchAlerts } from '../store/alerts.ts';
import { systemClock } from '../util/clock.ts';
import { main } from '../cli/main.ts';
import { loadSettings, saveSettings } from '../store/app-state.ts';
import { flowRule } from '../alerts/alerts.testkit.ts';
import { backtestRule } from './alert-backtest.ts';

let dir: string;
let path: string;
let db: Db;
let sessionId: string;

// Narrow enough to be held back now and then: the cool-down and the cap must agree too.
const RULES: AlertRule[] = [
  flowRule({ id: 'asks', name: 'Bought', cooldownMs: 4_000, maxPerHour: 40 }, { sides: ['ASK', 'ABOVE_ASK'], minPremium: 2_000 }),
  flowRule({ id: 'puts', sentiments: ['BEARISH'], maxPerHour: 15 }, { rights: ['P'] }),
  { id: 'spread', kind: 'SPREAD_WIDE', enabled: true, symbols: [], threshold: 1, kinds: [], sound: 'spread', cooldownMs: 2_000 },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-backtest-'));
  path = join(dir, 'b.db');
  db = openDatabase(path);
  const h = await startDemoHarness({ seed: 5, intensity: 4, bookLevels: 5 });
  const options = await contractsAround(h, 'SPY', 4);
  const recording = new Recording({
    db, streamer: h.streamer, source: 'demo', clock: h.clock, settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: DEFAULT_ROLLING_SETTINGS,
    symbols: [...options, 'SPY'], alertRules: () => RULES,
  });
  new SymbolSubscriptions(h.streamer).set(options, ['SPY']);
  recording.start();
  await until(() => h.streamer.status().state === 'live', 'login');
  await h.run(120_000, 100);
  const summary = await recording.stop();
  await h.stop();
  sessionId = String(summary.sessionId);
  expect(summary.alerts).toBeGreaterThan(10);
}, 120_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What identifies an alert apart from its row id: the rule, what fired, when, and the words. */
const essence = (a: Pick<Alert, 'time' | 'symbol' | 'flowId' | 'title' | 'body' | 'at'>) => ({
  time: a.time, at: a.at, symbol: a.symbol, flowId: a.flowId, title: a.title, body: a.body,
});

const liveOf = (ruleId: string) => searchAlerts(db, { limit: 1000, sessionId, ruleId }).reverse();

describe('back-test', () => {
  for (const rule of RULES) {
    it(`of "${rule.id}" over the session lists exactly what fired live`, async () => {
      const live = liveOf(rule.id);
      // A spread alerts once a minute per contract, and few contracts here have a book.
      expect(live.length, 'the rule fired live').toBeGreaterThan(rule.kind === 'SPREAD_WIDE' ? 1 : 2);
      const ro = openDatabase(path, { readonly: true });
      try {
        const result = await backtestRule(ro, rule, { sessionId }, { limit: 5000, clock: systemClock(), chunk: 500 });
        expect(result.sessions).toEqual([sessionId]);
        expect(result.total).toBe(live.length);
        expect(result.hits.map(essence)).toEqual(live.map(essence));
        expect(result.perDay).toEqual([{ day: etDateString(live[0]!.time), count: live.length }]);
      } finally {
        ro.close();
      }
    });
  }

  it('held some alerts back live (the cool-down and cap were exercised)', async () => {
    const ro = openDatabase(path, { readonly: true });
    try {
      const free = await backtestRule(ro, { ...RULES[0]!, cooldownMs: undefined, maxPerHour: undefined } as AlertRule, { sessionId }, { limit: 5000, clock: systemClock() });
      expect(free.total).toBeGreaterThan(liveOf('asks').length);
    } finally {
      ro.close();
    }
  });

  it('runs every session of a date range, with counts per day, and keeps at most the limit', async () => {
    const ro = openDatabase(path, { readonly: true });
    try {
      const day = etDateString(liveOf('asks')[0]!.time);
      const result = await backtestRule(ro, RULES[0]!, { from: day, to: day }, { limit: 2, clock: systemClock() });
      expect(result.sessions).toEqual([sessionId]);
      expect(result.hits).toHaveLength(2);
      expect(result.total).toBe(liveOf('asks').length);
      const none = await backtestRule(ro, RULES[0]!, { from: '2020-01-01', to: '2020-01-02' }, { limit: 2, clock: systemClock() });
      expect(none).toEqual({ sessions: [], hits: [], total: 0, perDay: [] });
      await expect(backtestRule(ro, RULES[0]!, { sessionId: '999' }, { limit: 2, clock: systemClock() })).rejects.toThrow('no session 999');
    } finally {
      ro.close();
    }
  });

  it('alert history is searchable and survives closing the database', () => {
    const words = searchAlerts(db, { limit: 1000, text: 'bought spy' });
    expect(words.length).toBe(liveOf('asks').length);
    expect(searchAlerts(db, { limit: 1000, text: '100%_' })).toEqual([]);
    const again = openDatabase(path, { readonly: true });
    try {
      expect(searchAlerts(again, { limit: 1000, sessionId })).toEqual(searchAlerts(db, { limit: 1000, sessionId }));
      expect(searchAlerts(again, { limit: 5, sessionId })).toHaveLength(5);
    } finally {
      again.close();
    }
  });
});

describe('npx fathom alerts test', () => {
  async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out, err };
  }

  it('prints one line per hit of the filter flags, then the count per day', async () => {
    const ro = openDatabase(path, { readonly: true });
    const expected = await backtestRule(ro, flowRule({}, { minPremium: 50_000, kinds: ['SWEEP', 'BLOCK'] }), { sessionId }, { limit: 5000, clock: systemClock() }).finally(() => ro.close());
    expect(expected.total).toBeGreaterThan(0);
    const result = await run(['alerts', 'test', '--db', path, '--session', sessionId, '--min-premium', '50000', '--kind', 'SWEEP,BLOCK']);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out).toHaveLength(expected.total + 1 + expected.perDay.length);
    expect(result.out[0]).toContain(expected.hits[0]!.title);
    expect(result.out[0]).toContain(`flow ${expected.hits[0]!.flowId}`);
    expect(result.out[expected.total]).toBe(`${expected.total} alert${expected.total === 1 ? '' : 's'} over 1 session`);
    expect(result.out.slice(expected.total + 1)).toEqual(expected.perDay.map((d) => `${d.day}  ${d.count}`));
  });

  it('runs a stored rule by name, as it fired live', async () => {
    const settings = loadSettings(db);
    saveSettings(db, { ...settings, alerts: { ...settings.alerts, rules: RULES } }, 0);
    const result = await run(['alerts', 'test', '--db', path, '--rule', 'bought']);
    expect(result.code).toBe(0);
    expect(result.out).toHaveLength(liveOf('asks').length + 2);
    expect(result.out[0]).toContain(liveOf('asks')[0]!.title);
  });

  it('refuses what it cannot run, in one line, exit code 2', async () => {
    const refused = async (args: string[], message: string) => {
      const result = await run(['alerts', 'test', '--db', path, ...args]);
      expect(result.code).toBe(2);
      expect(result.err).toHaveLength(1);
      expect(result.err[0]).toContain(message);
    };
    await refused(['--rule', 'nope'], 'no stored rule "nope"');
    await refused(['--rule', 'bought', '--whales'], 'either --rule or filter flags');
    await refused(['--from', '2026-11-24'], '--from and --to go together');
    await refused(['--from', '2026-11-25', '--to', '2026-11-24'], 'is after');
    await refused(['--from', '2026-13-01', '--to', '2026-12-01'], 'YYYY-MM-DD');
    await refused(['--iv-rank-min', '50'], 'not rule conditions');
  });
});
