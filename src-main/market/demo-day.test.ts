// The demo market's stored day (market/demo-day.ts) on real files and a real simulated market.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulatedMarket } from '../simulator/market/simulated-market.ts';
import { createLogger, type Logger } from '../util/log.ts';
import { DEMO_START } from './demo-harness.testkit.ts';
import { openInterestFor, readDemoDay, writeDemoDay, type DemoDay } from './demo-day.ts';

const DAY_MS = 86_400_000;
let dir: string;
let warnings: string[];
let logger: Logger;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fathom-demo-day-'));
  warnings = [];
  logger = createLogger({ level: 'warn', sink: (line) => warnings.push(line) });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo market\'s day', () => {
  it('starts a later day from the stored close, the same day from its start, and ignores another seed or a future day', () => {
    const day: DemoDay = { date: '2026-11-24', seed: 7, start: { A: 10 }, close: { A: 40, B: 5 } };
    expect(openInterestFor(day, 7, DEMO_START + DAY_MS)).toEqual(day.close);
    expect(openInterestFor(day, 7, DEMO_START)).toEqual(day.start);
    expect(openInterestFor(day, 7, DEMO_START - DAY_MS)).toEqual({});
    expect(openInterestFor(day, 8, DEMO_START + DAY_MS)).toEqual({});
    expect(openInterestFor(null, 7, DEMO_START)).toEqual({});
  });

  it('reads none from a missing file, and says so for one it cannot use', () => {
    const path = join(dir, 'demo-market.json');
    expect(readDemoDay(path, logger)).toBeNull();
    expect(warnings).toEqual([]);
    writeFileSync(path, '{ not json');
    expect(readDemoDay(path, logger)).toBeNull();
    writeFileSync(path, JSON.stringify({ date: '2026-11-24', seed: 7, start: {}, close: { A: -3 } }));
    expect(readDemoDay(path, logger)).toBeNull();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('not readable');
  });

  it('stores what the day\'s orders left, and the next day\'s market starts from it', () => {
    const path = join(dir, 'demo-market.json');
    const market = createSimulatedMarket({ seed: 7, start: DEMO_START, intensity: 5, openInterest: { 'SPY   261218C00600000': 1234 } });
    market.advanceTo(DEMO_START + 60_000);
    writeDemoDay(path, market, 7, { 'SPY   261218C00600000': 1234 }, DEMO_START, logger);
    const stored = readDemoDay(path, logger);
    const moved = market.nextDayOpenInterest?.() ?? {};
    expect(Object.keys(moved).length).toBeGreaterThan(3);
    expect(stored).toEqual({ date: '2026-11-24', seed: 7, start: { 'SPY   261218C00600000': 1234 }, close: { 'SPY   261218C00600000': 1234, ...moved } });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(stored);
    const tomorrow = createSimulatedMarket({ seed: 7, start: DEMO_START + DAY_MS, intensity: 5, openInterest: openInterestFor(stored, 7, DEMO_START + DAY_MS) });
    for (const [symbol, oi] of Object.entries(moved)) expect(tomorrow.optionQuote(symbol)?.openInterest, symbol).toBe(oi);
    expect(market.optionQuote('SPY   261218C00600000')?.openInterest).toBe(1234);
  });
});
