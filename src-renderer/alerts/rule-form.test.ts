import { describe, expect, it } from 'vitest';
import { ALERT_PRESETS, ruleFromPreset } from '../../shared/analytics/alert-presets.ts';
import type { AlertRule } from '../../shared/domain/session.ts';
import { formOf, numberOf, ruleOf, ruleSets } from './rule-form.ts';

const preset = (id: string): AlertRule => ruleFromPreset(ALERT_PRESETS.find((p) => p.id === id)!, []);

describe('the rule form', () => {
  it('gives back every preset unchanged when nothing is edited', () => {
    for (const p of ALERT_PRESETS) {
      const rule = ruleFromPreset(p, []);
      expect(ruleOf(rule, formOf(rule))).toEqual({ ok: true, rule });
    }
  });

  it('edits the filter, the gate and the name, and keeps fields it does not edit', () => {
    const base = { ...preset('golden-sweep'), sound: 'book' };
    const form = { ...formOf(base), name: 'Big SPY sweeps', underlyings: 'spy qqq', minPremium: '$500k', sentiments: ['BULLISH' as const], dteMax: '30', cooldownMin: '5', maxPerHour: '4', quietFrom: '12:00', quietTo: '13:00', flags: ['UNUSUAL' as const] };
    const parsed = ruleOf(base, form);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rule).toMatchObject({ name: 'Big SPY sweeps', symbols: ['SPY', 'QQQ'], sentiments: ['BULLISH'], flags: ['UNUSUAL'], cooldownMs: 300_000, maxPerHour: 4, quietHours: { from: '12:00', to: '13:00' } });
    expect(parsed.rule.filter).toMatchObject({ minPremium: 500_000, kinds: ['SWEEP'], sides: ['ABOVE_ASK', 'ASK'], dteMax: 30 });
    // What the form does not edit is kept as stored (the sound here, any field a rule carries).
    expect(parsed.rule).toMatchObject({ id: 'golden-sweep-1', kind: 'FLOW', sound: 'book' });
  });

  it('says what is wrong, field by field', () => {
    const base = preset('whale-flow');
    expect(ruleOf(base, { ...formOf(base), minPremium: 'lots' })).toEqual({ ok: false, errors: { minPremium: 'dollars, or empty for any' } });
    const quiet = ruleOf(base, { ...formOf(base), quietFrom: '25:00', quietTo: '09:00' });
    expect(quiet.ok ? null : quiet.errors.quietFrom).toBe('a time of day as HH:MM');
    const cap = ruleOf(base, { ...formOf(base), maxPerHour: '0' });
    expect(cap.ok ? null : Object.keys(cap.errors)).toEqual(['maxPerHour']);
  });

  it('reads money as traders type it', () => {
    expect([numberOf('1,000,000'), numberOf('$25k'), numberOf('1.5m'), numberOf(''), numberOf('x')]).toEqual([1_000_000, 25_000, 1_500_000, null, Number.NaN]);
  });

  it('groups rules by underlying, the rules for all first', () => {
    const spy = { ...preset('whale-flow'), id: 'a', symbols: ['SPY'] };
    const both = { ...preset('whale-flow'), id: 'b', symbols: ['TSLA', 'SPY'] };
    const all = { ...preset('golden-sweep'), id: 'c' };
    expect(ruleSets([spy, both, all]).map((s) => [s.underlying, s.rules.map((r) => r.id)])).toEqual([['All', ['c']], ['SPY', ['a', 'b']], ['TSLA', ['b']]]);
  });
});
