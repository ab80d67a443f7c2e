// A rule as the alerts panel edits it: text fields as typed, checked by the same schema main
// uses (shared/ipc/settings.ts) when saved. Anything the form does not edit rides along as
// stored, so saving never drops a field another part of the app set.
import { DEFAULT_FEED_FILTER } from '../../shared/domain/app-settings.ts';
import type { FlowKind, Moneyness, Sentiment, Side } from '../../shared/domain/flow.ts';
import { FLOW_KINDS, MONEYNESS, SIDES } from '../../shared/domain/flow.ts';
import type { Right } from '../../shared/domain/market.ts';
import type { AlertFlowFlag, AlertRule } from '../../shared/domain/session.ts';
import { alertRuleSchema } from '../../shared/ipc/settings.ts';

export interface RuleForm {
  name: string;
  enabled: boolean;
  /** The rule set's underlyings, comma- or space-separated; empty: every underlying. */
  underlyings: string;
  minPremium: string;
  kinds: FlowKind[];
  sides: Side[];
  rights: Right[];
  moneyness: Moneyness[];
  sentiments: Sentiment[];
  flags: AlertFlowFlag[];
  whalesOnly: boolean;
  dteMin: string;
  dteMax: string;
  deltaMin: string;
  deltaMax: string;
  deltaAbsolute: boolean;
  /** Minutes; empty: none. */
  cooldownMin: string;
  maxPerHour: string;
  quietFrom: string;
  quietTo: string;
  /** SPREAD_WIDE and PREMIUM_OVER keep their threshold here. */
  threshold: string;
}

export type FormErrors = Partial<Record<keyof RuleForm | 'rule', string>>;

export function formOf(rule: AlertRule): RuleForm {
  const f = rule.filter ?? DEFAULT_FEED_FILTER;
  const all = <T>(chosen: readonly T[], every: readonly T[]): T[] => (every.every((v) => chosen.includes(v)) ? [] : [...chosen]);
  const text = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));
  return {
    name: rule.name ?? '',
    enabled: rule.enabled,
    underlyings: [...rule.symbols, ...f.symbols].join(', '),
    minPremium: f.minPremium > 0 ? String(f.minPremium) : '',
    // Every value chosen reads as none chosen: the form shows "any".
    kinds: all(f.kinds, FLOW_KINDS),
    sides: all(f.sides, SIDES),
    rights: all(f.rights, ['C', 'P']),
    moneyness: all(f.moneyness, MONEYNESS),
    sentiments: [...(rule.sentiments ?? [])],
    flags: [...(rule.flags ?? [])],
    whalesOnly: f.whalesOnly,
    dteMin: f.dteMin > 0 ? String(f.dteMin) : '',
    dteMax: text(f.dteMax),
    deltaMin: text(f.volatility.deltaMin),
    deltaMax: text(f.volatility.deltaMax),
    deltaAbsolute: f.volatility.deltaAbsolute,
    cooldownMin: rule.cooldownMs ? String(rule.cooldownMs / 60_000) : '',
    maxPerHour: text(rule.maxPerHour),
    quietFrom: rule.quietHours?.from ?? '',
    quietTo: rule.quietHours?.to ?? '',
    threshold: text(rule.threshold),
  };
}

type Parsed = { ok: true; rule: AlertRule } | { ok: false; errors: FormErrors };

/** A number typed (`1,000,000`, `$25k`, `1.5m`); null when empty, NaN when not a number. */
export function numberOf(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/[$,_\s%]/g, '');
  if (t === '') return null;
  const scale = t.endsWith('k') ? 1e3 : t.endsWith('m') ? 1e6 : 1;
  const n = Number(scale === 1 ? t : t.slice(0, -1));
  return Number.isFinite(n) ? n * scale : Number.NaN;
}

/** The edited rule, or what is wrong field by field. `base` is the stored rule being edited. */
export function ruleOf(base: AlertRule, form: RuleForm): Parsed {
  const errors: FormErrors = {};
  const num = (key: keyof RuleForm, text: string, what: string): number | null => {
    const n = numberOf(text);
    if (Number.isNaN(n)) errors[key] = what;
    return n;
  };
  const symbols = [...new Set(form.underlyings.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean))];
  const threshold = base.kind === 'FLOW' || base.kind === 'WHALE' || base.kind === 'WATCHLIST_SWEEP' ? base.threshold : num('threshold', form.threshold, 'a number');
  const cooldown = num('cooldownMin', form.cooldownMin, 'minutes, or empty for none');
  const cap = num('maxPerHour', form.maxPerHour, 'alerts an hour, or empty for no cap');
  const quiet = form.quietFrom.trim() === '' && form.quietTo.trim() === '' ? undefined : { from: form.quietFrom.trim(), to: form.quietTo.trim() };
  const { filter: _filter, sentiments: _s, flags: _f, cooldownMs: _c, maxPerHour: _m, quietHours: _q, name: _n, ...kept } = base;
  const rule: AlertRule = {
    ...kept,
    enabled: form.enabled,
    symbols,
    threshold,
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    ...(cooldown ? { cooldownMs: Math.round(cooldown * 60_000) } : {}),
    ...(cap !== null ? { maxPerHour: cap } : {}),
    ...(quiet ? { quietHours: quiet } : {}),
  };
  if (base.kind === 'FLOW') {
    const minPremium = num('minPremium', form.minPremium, 'dollars, or empty for any');
    const dteMin = num('dteMin', form.dteMin, 'days');
    const dteMax = num('dteMax', form.dteMax, 'days, or empty for no bound');
    const deltaMin = num('deltaMin', form.deltaMin, 'a delta from -1 to 1');
    const deltaMax = num('deltaMax', form.deltaMax, 'a delta from -1 to 1');
    const d = DEFAULT_FEED_FILTER;
    const pick = <T>(chosen: readonly T[], every: readonly T[]): T[] => (chosen.length === 0 ? [...every] : every.filter((v) => chosen.includes(v)));
    rule.filter = {
      ...d,
      symbols: [],
      minPremium: minPremium ?? 0,
      kinds: pick(form.kinds, FLOW_KINDS),
      sides: pick(form.sides, SIDES),
      rights: pick(form.rights, ['C', 'P'] as const),
      moneyness: pick(form.moneyness, MONEYNESS),
      whalesOnly: form.whalesOnly,
      dteMin: dteMin ?? 0,
      dteMax,
      volatility: { ...d.volatility, deltaMin, deltaMax, deltaAbsolute: form.deltaAbsolute },
    };
    if (form.sentiments.length > 0) rule.sentiments = [...form.sentiments];
    if (form.flags.length > 0) rule.flags = [...form.flags];
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const checked = alertRuleSchema.safeParse(rule);
  if (checked.success) return { ok: true, rule: checked.data };
  for (const issue of checked.error.issues) {
    const path = issue.path.map(String);
    const field = fieldOf(path);
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The form field a schema complaint is about. */
function fieldOf(path: readonly string[]): keyof RuleForm | 'rule' {
  const [head, second, third] = path;
  if (head === 'quietHours') return second === 'to' ? 'quietTo' : 'quietFrom';
  if (head === 'cooldownMs') return 'cooldownMin';
  if (head === 'maxPerHour' || head === 'name' || head === 'threshold') return head;
  if (head === 'symbols') return 'underlyings';
  if (head === 'filter') {
    if (second === 'volatility') return third === 'deltaMax' ? 'deltaMax' : 'deltaMin';
    if (second === 'minPremium' || second === 'dteMin' || second === 'dteMax') return second;
  }
  return 'rule';
}

/** Adds or removes one value, keeping the order of `every`. */
export function toggled<T>(chosen: readonly T[], value: T, every: readonly T[]): T[] {
  const next = new Set(chosen);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return every.filter((v) => next.has(v));
}

/** Rules by the underlying they are limited to (a rule set per underlying); "All" first. */
export function ruleSets(rules: readonly AlertRule[]): { underlying: string; rules: AlertRule[] }[] {
  const sets = new Map<string, AlertRule[]>();
  for (const rule of rules) {
    const names = rule.symbols.length > 0 ? rule.symbols : (rule.filter?.symbols.length ?? 0) > 0 ? (rule.filter?.symbols ?? []) : ['All'];
    for (const name of names) sets.set(name, [...(sets.get(name) ?? []), rule]);
  }
  return [...sets].sort(([a], [b]) => (a === 'All' ? -1 : b === 'All' ? 1 : a.localeCompare(b))).map(([underlying, list]) => ({ underlying, rules: list }));
}
