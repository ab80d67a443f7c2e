// Settings as forms: each section is edited as text and saved whole (a settings patch replaces
// whole sections), validated by the same zod schemas main applies (shared/ipc/settings.ts), so
// the page says what is wrong before main would refuse it.
import type { z } from 'zod';
import type { AppSettings, BookSettings, DataSettings, FeedFilter } from '../../shared/domain/app-settings.ts';
import { DEFAULT_FEED_FILTER } from '../../shared/domain/app-settings.ts';
import type { BookEventKind, BookSideName } from '../../shared/domain/book-events.ts';
import type { FlowKind } from '../../shared/domain/flow.ts';
import type { AlertRule, AlertRuleKind } from '../../shared/domain/session.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import { appSettingsSchema, flowSettingsSchema } from '../../shared/ipc/settings.ts';

export interface NumberField<K extends string> {
  key: K;
  label: string;
  unit: string;
  /** Shown value = stored value x scale (fractions as percents). */
  scale?: number;
  hint?: string;
}

export const FLOW_FIELDS: readonly NumberField<keyof FlowSettings>[] = [
  { key: 'whaleMinPremium', label: 'Whale at premium of', unit: '$', hint: 'a flow this big or bigger is a whale' },
  { key: 'blockMinPremium', label: 'Block: premium of', unit: '$' },
  { key: 'blockMinContracts', label: 'Block: contracts', unit: 'contracts' },
  { key: 'clusterWindowMs', label: 'Cluster prints within', unit: 'ms', hint: 'same contract and side' },
  { key: 'atmBand', label: 'At the money within', unit: '% of spot', scale: 100 },
  { key: 'unusualVolumeOiRatio', label: 'Unusual: day volume / OI', unit: '×' },
  { key: 'unusualMinVolume', label: 'Unusual: day volume over', unit: 'contracts' },
  { key: 'unusualMinOpenInterest', label: 'Unusual: open interest over', unit: 'contracts' },
  { key: 'unusualTopPremiumFraction', label: 'Unusual: premium in the top', unit: '% of session', scale: 100 },
  { key: 'repeaterMinHits', label: 'Repeater: hits', unit: 'flows' },
  { key: 'repeaterWindowMs', label: 'Repeater window', unit: 'ms' },
  { key: 'spreadLegWindowMs', label: 'Spread legs within', unit: 'ms' },
  { key: 'quoteRingSize', label: 'Quotes kept per contract', unit: 'quotes' },
  { key: 'defaultMultiplier', label: 'Multiplier when not sent', unit: '×' },
];

/** The book settings edited as numbers; the window's own choices (montage sort, layout) are kept as saved. */
export const BOOK_FIELDS: readonly NumberField<'levels' | 'spreadAlertPercent' | 'imbalanceLevels'>[] = [
  { key: 'levels', label: 'Levels shown per side', unit: '1–50' },
  { key: 'spreadAlertPercent', label: 'Spread turns red past', unit: '% of mid' },
  { key: 'imbalanceLevels', label: 'Imbalance over the best', unit: 'levels' },
];

export type Draft = Record<string, string>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** Removes binary noise: 0.005 * 100 is 0.5, not 0.5000000000000001. */
const clean = (n: number): number => Number(n.toPrecision(12));

export function toDraft<K extends string>(values: Record<K, number | null>, fields: readonly NumberField<K>[]): Draft {
  const draft: Draft = {};
  for (const f of fields) {
    const v = values[f.key];
    draft[f.key] = v === null ? '' : String(clean(v * (f.scale ?? 1)));
  }
  return draft;
}

/** Reads the fields back and checks them with `schema`; errors are keyed by field. */
export function fromDraft<T, K extends string>(draft: Draft, fields: readonly NumberField<K>[], schema: z.ZodType<T>): Parsed<T> {
  const errors: Record<string, string> = {};
  const raw: Record<string, number> = {};
  for (const f of fields) {
    const text = (draft[f.key] ?? '').trim().replace(/[$,_\s]/g, '');
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) errors[f.key] = 'a number, please';
    else raw[f.key] = clean(n / (f.scale ?? 1));
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return check(schema, raw);
}

function check<T>(schema: z.ZodType<T>, value: unknown): Parsed<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

export function parseFlow(draft: Draft): Parsed<FlowSettings> {
  return fromDraft(draft, FLOW_FIELDS, flowSettingsSchema);
}

export function parseBook(draft: Draft, current?: BookSettings): Parsed<BookSettings> {
  const parsed = fromDraft(draft, BOOK_FIELDS, appSettingsSchema.shape.book);
  return parsed.ok && current ? { ok: true, value: { ...parsed.value, montageSort: current.montageSort, layout: current.layout } } : parsed;
}

/** The data section with its folder as it is (only the host's picker changes it). */
export function parseData(folder: string | null, retention: string): Parsed<DataSettings> {
  const text = retention.trim();
  const mb = text === '' ? null : Number(text);
  if (mb !== null && !Number.isFinite(mb)) return { ok: false, errors: { retentionMb: 'a number of megabytes, or empty for no limit' } };
  return check(appSettingsSchema.shape.data, { folder, retentionMb: mb });
}

// --- alert rules ---------------------------------------------------------------------------

export interface RuleDraft {
  id: string;
  kind: AlertRuleKind;
  enabled: boolean;
  symbols: string;
  threshold: string;
  kinds: FlowKind[];
  sound: string;
  /** BOOK_EVENT only: the event kinds (none: every kind), sides (none: both), open books only. */
  bookEvents: BookEventKind[];
  sides: BookSideName[];
  watchedOnly: boolean;
  /**
   * What this table does not edit (a FLOW rule's filter, the name, cool-down, cap, quiet hours
   * and whatever else a rule carries): kept as stored, so saving here loses none of it.
   */
  extra: Partial<AlertRule>;
  /** Webhook destinations (ids) the rule posts to. */
  destinations: string[];
}

/** What the settings table does not edit itself: the rest of a rule rides along in `extra`. */
function extraOf(rule: AlertRule): Partial<AlertRule> {
  const { id: _id, kind: _kind, enabled: _enabled, symbols: _symbols, threshold: _threshold, kinds: _kinds, sound: _sound, bookEvents: _events, sides: _sides, watchedOnly: _watched, destinations: _destinations, ...extra } = rule;
  return extra;
}

export const RULE_LABELS: Readonly<Record<AlertRuleKind, string>> = {
  WHALE: 'Whale',
  PREMIUM_OVER: 'Premium over',
  WATCHLIST_SWEEP: 'Sweep on the watchlist',
  SPREAD_WIDE: 'Spread wider than',
  BOOK_EVENT: 'Book event',
  FLOW: 'Flow filter',
};

/** The unit of a rule's threshold, or null when the rule has none. */
export function thresholdUnit(kind: AlertRuleKind): string | null {
  return kind === 'PREMIUM_OVER' ? '$' : kind === 'SPREAD_WIDE' ? '% of mid' : kind === 'BOOK_EVENT' ? 'contracts' : null;
}

/** A threshold the rule may go without: a book event rule with none fires at any size. */
function thresholdOptional(kind: AlertRuleKind): boolean {
  return kind === 'BOOK_EVENT';
}

export const DEFAULT_SOUND: Readonly<Record<AlertRuleKind, string>> = { WHALE: 'whale', PREMIUM_OVER: 'premium', WATCHLIST_SWEEP: 'sweep', SPREAD_WIDE: 'spread', BOOK_EVENT: 'book', FLOW: 'premium' };
const DEFAULT_THRESHOLD: Readonly<Record<AlertRuleKind, number | null>> = { WHALE: null, PREMIUM_OVER: 250_000, WATCHLIST_SWEEP: null, SPREAD_WIDE: 15, BOOK_EVENT: null, FLOW: null };

export function ruleDraft(rule: AlertRule): RuleDraft {
  return {
    id: rule.id,
    kind: rule.kind,
    enabled: rule.enabled,
    symbols: rule.symbols.join(', '),
    threshold: rule.threshold === null ? '' : String(rule.threshold),
    kinds: [...rule.kinds],
    sound: rule.sound,
    bookEvents: [...(rule.bookEvents ?? [])],
    sides: [...(rule.sides ?? [])],
    watchedOnly: rule.watchedOnly ?? false,
    extra: extraOf(rule),
    destinations: [...(rule.destinations ?? [])],
  };
}

export function newRule(kind: AlertRuleKind, existing: readonly { id: string }[]): RuleDraft {
  const base = kind.toLowerCase().replace(/_/g, '-');
  let n = 1;
  while (existing.some((r) => r.id === `${base}-${n}`)) n++;
  const threshold = DEFAULT_THRESHOLD[kind];
  const book = kind === 'BOOK_EVENT';
  return {
    id: `${base}-${n}`,
    kind,
    enabled: true,
    symbols: '',
    threshold: threshold === null ? '' : String(threshold),
    kinds: kind === 'WATCHLIST_SWEEP' ? ['SWEEP'] : [],
    sound: DEFAULT_SOUND[kind],
    // A new book event rule starts on what a trader asks of the book first: hidden size refilling
    // on the contracts they have open.
    bookEvents: book ? ['refill'] : [],
    sides: [],
    watchedOnly: book,
    // A new filter rule starts from the open filter: it fires on every flow until narrowed.
    extra: kind === 'FLOW' ? { filter: openFilter() } : {},
    destinations: [],
  };
}

function openFilter(): FeedFilter {
  const d = DEFAULT_FEED_FILTER;
  return { ...d, rights: [...d.rights], kinds: [...d.kinds], sides: [...d.sides], moneyness: [...d.moneyness], symbols: [], volatility: { ...d.volatility } };
}

export function parseRules(drafts: readonly RuleDraft[]): Parsed<AlertRule[]> {
  const rules: AlertRule[] = [];
  const errors: Record<string, string> = {};
  drafts.forEach((d, i) => {
    const unit = thresholdUnit(d.kind);
    const text = d.threshold.trim().replace(/[$,%_\s]/g, '');
    const none = unit === null || (text === '' && thresholdOptional(d.kind));
    const threshold = none ? null : Number(text);
    if (!none && (text === '' || !Number.isFinite(threshold))) errors[`${i}.threshold`] = `a threshold in ${unit}`;
    const symbols = d.symbols.split(/[\s,]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);
    const rule: AlertRule = { ...d.extra, id: d.id, kind: d.kind, enabled: d.enabled, symbols: [...new Set(symbols)], threshold, kinds: d.kinds, sound: d.sound };
    const withHooks = d.destinations.length > 0 ? { ...rule, destinations: d.destinations } : rule;
    if (d.kind === 'BOOK_EVENT') rules.push({ ...withHooks, kinds: [], bookEvents: d.bookEvents, sides: d.sides, watchedOnly: d.watchedOnly });
    else if (d.kind === 'SPREAD_WIDE' && d.watchedOnly) rules.push({ ...withHooks, watchedOnly: true });
    else rules.push(withHooks);
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return check(appSettingsSchema.shape.alerts.shape.rules, rules);
}

export type Section = 'flow' | 'alerts' | 'book' | 'data';

/** A patch with one whole section, as the contract wants it. */
export function patchFor<S extends Section>(section: S, value: AppSettings[S]): Pick<AppSettings, S> {
  return { [section]: value } as Pick<AppSettings, S>;
}
