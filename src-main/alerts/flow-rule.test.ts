// Every condition a rule can hold, one at a time: what passes it and what does not (FLOW-RULES.md
// §13), then the quiet hours, cool-down and cap per hour, and rules stored before any of this.
import { describe, expect, it } from 'vitest';
import type { Book } from '../../shared/domain/market.ts';
import type { AlertRule } from '../../shared/domain/session.ts';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import { appSettingsSchema } from '../../shared/ipc/settings.ts';
import { defaultAppSettings } from '../../shared/domain/app-settings.ts';
import { OPEN_VOLATILITY_FILTER } from '../../shared/domain/volatility.ts';
import { etToEpoch } from '../../shared/time/eastern.ts';
import { ALERT_PRESETS, ruleFromPreset } from '../../shared/analytics/alert-presets.ts';
import { AlertEngine } from './alert-rules.ts';
import { engineOf, flowRule, testFlow } from './alerts.testkit.ts';

/** Does a fresh engine with this one rule fire on this flow? */
const fires = (rule: AlertRule, over: Parameters<typeof testFlow>[0] = {}): boolean => engineOf([rule]).onFlow(testFlow(over)).length === 1;

describe('a FLOW rule fires on what its filter passes, each field on its own', () => {
  it('min premium', () => {
    const r = flowRule({}, { minPremium: 100_000 });
    expect(fires(r, { premium: 100_000 })).toBe(true);
    expect(fires(r, { premium: 99_999 })).toBe(false);
  });

  it('kind', () => {
    const r = flowRule({}, { kinds: ['SWEEP', 'BLOCK'] });
    expect(fires(r, { kind: 'BLOCK' })).toBe(true);
    expect(fires(r, { kind: 'SPLIT' })).toBe(false);
  });

  it('side', () => {
    const r = flowRule({}, { sides: ['ASK', 'ABOVE_ASK'] });
    expect(fires(r, { side: 'ABOVE_ASK' })).toBe(true);
    expect(fires(r, { side: 'MID' })).toBe(false);
  });

  it('calls or puts', () => {
    const r = flowRule({}, { rights: ['P'] });
    expect(fires(r, { right: 'P' })).toBe(true);
    expect(fires(r, { right: 'C' })).toBe(false);
  });

  it('sentiment', () => {
    const r = flowRule({ sentiments: ['BEARISH'] });
    expect(fires(r, { sentiment: 'BEARISH' })).toBe(true);
    expect(fires(r, { sentiment: 'BULLISH' })).toBe(false);
    expect(fires(flowRule({ sentiments: [] }), { sentiment: 'NEUTRAL' })).toBe(true);
  });

  it('moneyness', () => {
    const r = flowRule({}, { moneyness: ['OTM'] });
    expect(fires(r, { moneyness: 'OTM' })).toBe(true);
    expect(fires(r, { moneyness: 'ITM' })).toBe(false);
    // No spot price, no moneyness: only an unnarrowed moneyness passes it (as in the feed).
    expect(fires(r, { moneyness: null })).toBe(false);
  });

  it('days to expiry, both bounds', () => {
    const r = flowRule({}, { dteMin: 7, dteMax: 30 });
    expect(fires(r, { dte: 7 })).toBe(true);
    expect(fires(r, { dte: 30 })).toBe(true);
    expect(fires(r, { dte: 6 })).toBe(false);
    expect(fires(r, { dte: 31 })).toBe(false);
  });

  it('delta, signed or absolute', () => {
    const r = flowRule({}, { volatility: { ...OPEN_VOLATILITY_FILTER, deltaMin: 0.3, deltaMax: 0.6, deltaAbsolute: false } });
    expect(fires(r, { delta: 0.45 })).toBe(true);
    expect(fires(r, { delta: -0.45 })).toBe(false);
    expect(fires(r, { delta: null })).toBe(false);
    const abs = flowRule({}, { volatility: { ...OPEN_VOLATILITY_FILTER, deltaMin: 0.3, deltaMax: 0.6, deltaAbsolute: true } });
    expect(fires(abs, { delta: -0.45 })).toBe(true);
  });

  it('whales only', () => {
    const r = flowRule({}, { whalesOnly: true });
    expect(fires(r, { whale: true })).toBe(true);
    expect(fires(r, { whale: false })).toBe(false);
  });

  it('symbols, in the filter or as the rule set\'s underlyings', () => {
    const inFilter = flowRule({}, { symbols: ['QQQ'] });
    expect(fires(inFilter, { underlying: 'QQQ' })).toBe(true);
    expect(fires(inFilter, { underlying: 'SPY' })).toBe(false);
    const ofRule = flowRule({ symbols: ['QQQ'] });
    expect(fires(ofRule, { underlying: 'QQQ' })).toBe(true);
    expect(fires(ofRule, { underlying: 'SPY' })).toBe(false);
  });

  it('sender lean', () => {
    const r = flowRule({}, { sender: 'INSTITUTIONAL' });
    expect(fires(r, { institutional: 0.9 })).toBe(true);
    expect(fires(r, { institutional: 0.1 })).toBe(false);
  });

  it('opening confirmed the next day', () => {
    const r = flowRule({}, { confirmedOpeners: true });
    expect(fires(r, { nextDay: { label: 'OPENING', oiBefore: 100, oiAfter: 900, change: 800, flowSize: 800, dayTotal: 800, at: 0, source: 'stream', reason: '' } })).toBe(true);
    expect(fires(r)).toBe(false);
  });

  it('flags: unusual, repeater, opening likely, strategy leg, all of those named', () => {
    expect(fires(flowRule({ flags: ['UNUSUAL'] }), { unusual: true })).toBe(true);
    expect(fires(flowRule({ flags: ['UNUSUAL'] }), { unusual: false })).toBe(false);
    expect(fires(flowRule({ flags: ['REPEATER'] }), { repeater: true })).toBe(true);
    expect(fires(flowRule({ flags: ['REPEATER'] }), { repeater: false })).toBe(false);
    expect(fires(flowRule({ flags: ['OPENING_LIKELY'] }), { openingLikely: true })).toBe(true);
    expect(fires(flowRule({ flags: ['OPENING_LIKELY'] }), { openingLikely: false })).toBe(false);
    const strategy = { id: 'S1-1', type: 'VERTICAL', rule: 'SAME_EXPIRY', legs: [], netPremium: null } as unknown as StrategyLink;
    expect(fires(flowRule({ flags: ['STRATEGY_LEG'] }), { strategy })).toBe(true);
    expect(fires(flowRule({ flags: ['STRATEGY_LEG'] }))).toBe(false);
    expect(fires(flowRule({ flags: ['UNUSUAL', 'REPEATER'] }), { unusual: true, repeater: false })).toBe(false);
  });

  it('every field together (AND), named in the title', () => {
    const golden = ruleFromPreset(ALERT_PRESETS.find((p) => p.id === 'golden-sweep')!, []);
    expect(golden.id).toBe('golden-sweep-1');
    const e = engineOf([golden]);
    expect(e.onFlow(testFlow({ premium: 999_999 }))).toEqual([]);
    expect(e.onFlow(testFlow({ id: '1-2', premium: 1_000_000, side: 'MID' }))).toEqual([]);
    expect(e.onFlow(testFlow({ id: '1-3', premium: 1_000_000, kind: 'BLOCK' }))).toEqual([]);
    const [alert] = e.onFlow(testFlow({ id: '1-4', premium: 1_200_000, side: 'ABOVE_ASK' }));
    expect(alert?.title).toBe("Golden sweep: SPY Dec 18 '26 600C $1.2M");
  });

  it('carries the stream time of the print that fired it', () => {
    const print = { receivedAt: 1_234, time: 1_000, size: 800, price: 1.25, volumeBefore: 0, volumeAfter: 800, lastSize: 800, side: 'ASK' as const, quote: null };
    const [alert] = engineOf([flowRule()]).onFlow(testFlow({ evidence: { prints: [print], reasons: [], kindRule: 'PRICE_WALK' } }));
    expect(alert?.at).toBe(1_234);
  });
});

describe('what holds a rule back, on market time', () => {
  const at = (ms: number) => testFlow({ id: `1-${ms}`, lastTime: ms });

  it('a cool-down: quiet for that long after firing, whatever the contract', () => {
    const e = engineOf([flowRule({ cooldownMs: 60_000 })]);
    expect(e.onFlow(at(0))).toHaveLength(1);
    expect(e.onFlow(testFlow({ id: '1-x', lastTime: 59_999, symbol: 'QQQ   261218C00500000', underlying: 'QQQ' }))).toEqual([]);
    expect(e.onFlow(at(60_000))).toHaveLength(1);
    // A flow held back stays done: growing after the cool-down does not bring it back.
    expect(e.onFlow(testFlow({ id: '1-x', lastTime: 200_000, version: 2 }))).toEqual([]);
  });

  it('a cap per hour: at most N in any sixty minutes', () => {
    const e = engineOf([flowRule({ maxPerHour: 2 })]);
    const fired = [0, 1_000, 2_000, 3_599_999, 3_600_000, 3_601_000, 3_602_000].map((t) => e.onFlow(at(t)).length);
    // 0 and 1,000 fire; 2,000 and 3,599,999 are over the cap; at 3,600,000 the first fire is
    // an hour old, at 3,601,000 the second: each frees one place.
    expect(fired).toEqual([1, 1, 0, 0, 1, 1, 0]);
  });

  it('cool-down and cap survive a checkpoint (a replay seek)', () => {
    const e = engineOf([flowRule({ cooldownMs: 10_000, maxPerHour: 5 })]);
    expect(e.onFlow(at(0))).toHaveLength(1);
    const checkpoint = e.snapshot();
    expect(e.onFlow(at(20_000))).toHaveLength(1);
    e.restore(checkpoint);
    expect(e.onFlow(at(5_000))).toEqual([]);
    expect(e.onFlow(at(20_000))).toHaveLength(1);
  });

  it('quiet hours in Eastern time, past midnight too', () => {
    const day = (h: number, m: number) => etToEpoch(2026, 12, 3, h, m);
    const lunch = engineOf([flowRule({ quietHours: { from: '12:00', to: '13:30' } })]);
    expect(lunch.onFlow(at(day(11, 59)))).toHaveLength(1);
    expect(lunch.onFlow(at(day(12, 0)))).toEqual([]);
    expect(lunch.onFlow(at(day(13, 29)))).toEqual([]);
    expect(lunch.onFlow(at(day(13, 30)))).toHaveLength(1);
    const night = engineOf([flowRule({ quietHours: { from: '16:00', to: '09:30' } })]);
    expect(night.onFlow(at(day(16, 30)))).toEqual([]);
    expect(night.onFlow(at(day(8, 0)))).toEqual([]);
    expect(night.onFlow(at(day(10, 0)))).toHaveLength(1);
  });

  it('apply to book rules too, and a spread rule may ask for open books only', () => {
    const SPY = 'SPY   261218C00600000';
    const book = (time: number): Book => ({
      symbol: SPY, time, receivedAt: time,
      bids: [{ price: 1, size: 5, venueCount: 1, venues: [{ venue: 'CBOE', size: 5, quoteTimeEtMs: 0 }] }],
      asks: [{ price: 1.5, size: 5, venueCount: 1, venues: [{ venue: 'CBOE', size: 5, quoteTimeEtMs: 0 }] }],
    });
    const spread: AlertRule = { id: 's', kind: 'SPREAD_WIDE', enabled: true, symbols: [], threshold: 25, kinds: [], sound: 'spread', watchedOnly: true, maxPerHour: 1 };
    let watched = new Set<string>();
    const e = new AlertEngine({ sessionId: '1', rules: () => [spread], watchlist: () => new Set(), watched: () => watched });
    expect(e.onBook(book(0))).toEqual([]);
    watched = new Set([SPY]);
    expect(e.onBook(book(1_000))).toHaveLength(1);
    // Past the per-contract minute, but the cap of one an hour holds it back.
    expect(e.onBook(book(120_000))).toEqual([]);
    const everything = new AlertEngine({ sessionId: '1', rules: () => [spread], watchlist: () => new Set(), everyContractWatched: true });
    expect(everything.onBook(book(0))).toHaveLength(1);
  });
});

describe('stored rules', () => {
  it('rules stored before these fields load and fire as they did', () => {
    const stored = { ...defaultAppSettings(), alerts: { ...defaultAppSettings().alerts, rules: [{ id: 'p', kind: 'PREMIUM_OVER', enabled: true, symbols: ['TSLA'], threshold: 50_000, kinds: ['BLOCK'], sound: 'premium' }] } };
    const parsed = appSettingsSchema.parse(stored);
    const [rule] = parsed.alerts.rules;
    expect(rule).toEqual(stored.alerts.rules[0]);
    const e = engineOf(parsed.alerts.rules);
    expect(e.onFlow(testFlow({ underlying: 'TSLA', kind: 'BLOCK', premium: 50_000 }))).toHaveLength(1);
    expect(e.onFlow(testFlow({ id: '1-2', underlying: 'TSLA', kind: 'SWEEP', premium: 50_000 }))).toEqual([]);
  });

  it('a rule with bad conditions is refused with the reason', () => {
    const bad = (rule: object) => appSettingsSchema.shape.alerts.shape.rules.safeParse([rule]);
    expect(bad({ ...flowRule(), filter: undefined }).success).toBe(false);
    expect(bad({ ...flowRule(), quietHours: { from: '25:00', to: '09:00' } }).success).toBe(false);
    expect(bad({ ...flowRule(), maxPerHour: 0 }).success).toBe(false);
    expect(bad({ ...flowRule(), flags: ['LOUD'] }).success).toBe(false);
    expect(bad(flowRule({ cooldownMs: 60_000, maxPerHour: 3, sentiments: ['BULLISH'], flags: ['UNUSUAL'], name: 'Mine', quietHours: { from: '12:00', to: '13:00' } })).success).toBe(true);
  });

  it('every preset is a valid stored rule', () => {
    const rules = ALERT_PRESETS.map((p, i) => ruleFromPreset(p, [{ id: `${p.id}-1` }].slice(0, i % 2)));
    expect(appSettingsSchema.shape.alerts.shape.rules.safeParse(rules).success).toBe(true);
  });
});
