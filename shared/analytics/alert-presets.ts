// Rules modelled on what traders watch for (FLOW-RULES.md §13). Adding one stores an ordinary
// rule the user then edits like any other: nothing here runs on its own.
import { DEFAULT_FEED_FILTER, type FeedFilter } from '../domain/app-settings.ts';
import type { AlertRule } from '../domain/session.ts';

/** A golden sweep: a sweep bought at or above the ask for at least this much premium. */
export const GOLDEN_SWEEP_MIN_PREMIUM = 1_000_000;
/** A spread blowing out: wider than this percent of mid on a contract with an open book window. */
export const SPREAD_BLOWOUT_PERCENT = 25;
/** Repeated hits on one contract fire at most this often an hour (a repeater can print all day). */
export const REPEATED_HITS_PER_HOUR = 12;
/** Unusual volume over open interest on one rule stays quiet this long after firing. */
export const UNUSUAL_COOLDOWN_MS = 60_000;

export type AlertPresetId = 'golden-sweep' | 'whale-flow' | 'unusual-volume' | 'repeated-hits' | 'spread-blowout';

export interface AlertPreset {
  id: AlertPresetId;
  label: string;
  /** What it fires on, in a trader's words. */
  description: string;
  rule: Omit<AlertRule, 'id'>;
}

function filter(change: Partial<FeedFilter>): FeedFilter {
  const d = DEFAULT_FEED_FILTER;
  return { ...d, rights: [...d.rights], kinds: [...d.kinds], sides: [...d.sides], moneyness: [...d.moneyness], symbols: [], volatility: { ...d.volatility }, ...change };
}

const flowRule = (name: string, sound: string, change: Partial<AlertRule>): Omit<AlertRule, 'id'> => ({
  kind: 'FLOW',
  name,
  enabled: true,
  symbols: [],
  threshold: null,
  kinds: [],
  sound,
  filter: filter({}),
  ...change,
});

export const ALERT_PRESETS: readonly AlertPreset[] = [
  {
    id: 'golden-sweep',
    label: 'Golden sweep',
    description: `a sweep at or above the ask with premium of at least $${GOLDEN_SWEEP_MIN_PREMIUM.toLocaleString('en-US')}`,
    rule: flowRule('Golden sweep', 'whale', { filter: filter({ kinds: ['SWEEP'], sides: ['ABOVE_ASK', 'ASK'], minPremium: GOLDEN_SWEEP_MIN_PREMIUM }) }),
  },
  {
    id: 'whale-flow',
    label: 'Whale',
    description: 'any whale (premium at or over the whale threshold of the flow rules)',
    rule: flowRule('Whale', 'whale', { filter: filter({ whalesOnly: true }) }),
  },
  {
    id: 'unusual-volume',
    label: 'Unusual volume over OI',
    description: `a flow on a contract whose day volume runs well over its open interest, quiet ${UNUSUAL_COOLDOWN_MS / 1000} s after firing`,
    rule: flowRule('Unusual volume', 'premium', { flags: ['UNUSUAL'], cooldownMs: UNUSUAL_COOLDOWN_MS }),
  },
  {
    id: 'repeated-hits',
    label: 'Repeated hits',
    description: `the same contract hit again and again at one price, at most ${REPEATED_HITS_PER_HOUR} an hour`,
    rule: flowRule('Repeated hits', 'sweep', { flags: ['REPEATER'], maxPerHour: REPEATED_HITS_PER_HOUR }),
  },
  {
    id: 'spread-blowout',
    label: 'Spread blowing out',
    description: `a watched contract's spread wider than ${SPREAD_BLOWOUT_PERCENT}% of mid`,
    rule: { kind: 'SPREAD_WIDE', name: 'Spread blowing out', enabled: true, symbols: [], threshold: SPREAD_BLOWOUT_PERCENT, kinds: [], sound: 'spread', watchedOnly: true },
  },
];

/** The preset as a new stored rule, with an id none of `existing` has. */
export function ruleFromPreset(preset: AlertPreset, existing: readonly { id: string }[]): AlertRule {
  let n = 1;
  while (existing.some((r) => r.id === `${preset.id}-${n}`)) n++;
  const rule = JSON.parse(JSON.stringify(preset.rule)) as Omit<AlertRule, 'id'>;
  return { id: `${preset.id}-${n}`, ...rule };
}
