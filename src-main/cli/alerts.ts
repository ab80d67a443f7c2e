// `fathom alerts test --db <file> [--session <id>|latest] [--from DATE --to DATE]` and the rule,
// as `fathom flows`' filter flags or `--rule NAME` for a stored one: back-tests the rule over
// recorded sessions through the replay's engine (FLOW-RULES.md §13) and prints one line per hit,
// then a count per day.
import { DEFAULT_FEED_FILTER, type FeedFilter } from '../../shared/domain/app-settings.ts';
import type { AlertRule, SessionId } from '../../shared/domain/session.ts';
import { usesIvHistory } from '../../shared/analytics/volatility-filter.ts';
import { formatDateTimeEt } from '../../shared/format/format.ts';
import { parseCalendarDate } from '../../shared/time/eastern.ts';
import { alertRuleSchema } from '../../shared/ipc/settings.ts';
import { backtestRule, type BacktestScope } from '../replay/alert-backtest.ts';
import { loadSettings, loadWatchlist } from '../store/app-state.ts';
import { openDatabase } from '../store/database.ts';
import { systemClock } from '../util/clock.ts';
import { dbPath, defineCommand, numberFlag, parseCommand, UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { KIND_NAMES, kindsFlag, sessionFlag } from './session-flags.ts';
import { VOLATILITY_FLAGS, volatilityFilterOf } from './volatility-flags.ts';

export const alertsTestSpec = defineCommand({
  name: 'alerts test',
  summary: 'back-test an alert rule over recorded sessions, with a count a day',
  details: [
    'Prints one line per alert the rule would have fired, then a count per day. The rule is the filter',
    'flags (as `fathom flows` takes them) or --rule with a stored rule\'s name or id. Each session plays',
    'through the same parse stage and alert engine as a replay, with the flow rules it was recorded',
    'with: a session back-tests to exactly the alerts the same rule fired in it live.',
  ],
  flags: {
    db: { type: 'string', value: '<file>', required: true, description: 'the SQLite database to read' },
    session: { type: 'string', value: '<id>|latest', description: 'the session to run (default: the latest, unless --from and --to)' },
    from: { type: 'string', value: 'YYYY-MM-DD', description: 'every session started from this Eastern day (with --to)' },
    to: { type: 'string', value: 'YYYY-MM-DD', description: 'to this Eastern day, inclusive (with --from)' },
    rule: { type: 'string', value: 'NAME', description: 'a rule stored in the settings, by name or id, instead of filter flags' },
    'min-premium': { type: 'string', value: 'N', description: 'only flows of at least N dollars premium' },
    kind: { type: 'string', value: 'SWEEP,BLOCK', description: `only these flow kinds, comma-separated, of ${KIND_NAMES}` },
    whales: { type: 'boolean', description: 'only whale flows' },
    ...VOLATILITY_FLAGS,
  },
  examples: [
    'npx fathom alerts test --db fathom.db --session 3 --min-premium 1000000 --kind SWEEP',
    'npx fathom alerts test --db fathom.db --from 2026-11-02 --to 2026-11-06 --whales',
    'npx fathom alerts test --db fathom.db --rule golden-sweep-1',
  ],
});

type Flags = ReturnType<typeof parseCommand<typeof alertsTestSpec.flags>>;

const FILTER_FLAGS: readonly (keyof Flags)[] = ['min-premium', 'kind', 'whales', ...(Object.keys(VOLATILITY_FLAGS) as (keyof typeof VOLATILITY_FLAGS)[])];

/** The rule the flags describe: a FLOW rule of the feed's filter. */
function ruleOfFlags(flags: Flags): AlertRule {
  const volatility = volatilityFilterOf(flags);
  if (usesIvHistory(volatility)) throw new UsageError('IV rank and percentile bounds are not rule conditions (a rule reads only its own session); use --iv-min/--iv-max or delta');
  const kinds = kindsFlag(flags.kind);
  const filter: FeedFilter = {
    ...DEFAULT_FEED_FILTER,
    rights: [...DEFAULT_FEED_FILTER.rights],
    kinds: kinds ?? [...DEFAULT_FEED_FILTER.kinds],
    sides: [...DEFAULT_FEED_FILTER.sides],
    moneyness: [...DEFAULT_FEED_FILTER.moneyness],
    symbols: [],
    minPremium: numberFlag(flags['min-premium'], 'min-premium', { min: 0 }) ?? 0,
    whalesOnly: flags.whales ?? false,
    volatility,
  };
  return alertRuleSchema.parse({ id: 'cli', kind: 'FLOW', enabled: true, symbols: [], threshold: null, kinds: [], sound: '', filter });
}

function storedRule(db: Parameters<typeof loadSettings>[0], name: string): AlertRule {
  const rules = loadSettings(db).alerts.rules;
  const wanted = name.trim().toLowerCase();
  const rule = rules.find((r) => r.id.toLowerCase() === wanted) ?? rules.find((r) => r.name?.toLowerCase() === wanted);
  if (!rule) throw new UsageError(`no stored rule "${name}"; the stored rules are: ${rules.map((r) => (r.name ? `${r.name} (${r.id})` : r.id)).join(', ') || 'none'}`);
  return rule;
}

function dateFlag(value: string, name: string): string {
  try {
    parseCalendarDate(value);
    return value;
  } catch {
    throw new UsageError(`--${name} takes a date as YYYY-MM-DD, got "${value}"`);
  }
}

export async function alertsTestCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommand(alertsTestSpec, args);
  const path = dbPath(flags.db);
  if (flags.rule !== undefined && FILTER_FLAGS.some((f) => flags[f] !== undefined)) throw new UsageError('give either --rule or filter flags, not both');
  if ((flags.from === undefined) !== (flags.to === undefined)) throw new UsageError('--from and --to go together');
  if (flags.from !== undefined && flags.session !== undefined) throw new UsageError('give either --session or --from and --to');
  const range = flags.from !== undefined && flags.to !== undefined ? { from: dateFlag(flags.from, 'from'), to: dateFlag(flags.to, 'to') } : null;
  if (range && range.from > range.to) throw new UsageError(`--from ${range.from} is after --to ${range.to}`);
  const db = openDatabase(path, { readonly: true });
  try {
    const rule = flags.rule !== undefined ? storedRule(db, flags.rule) : ruleOfFlags(flags);
    const scope: BacktestScope = range ?? { sessionId: String(sessionFlag(db, flags.session)) as SessionId };
    const tickers = new Set(loadWatchlist(db, { entries: [] }).watchlist.entries.map((e) => e.underlying));
    const result = await backtestRule(db, rule, scope, { limit: Number.MAX_SAFE_INTEGER, clock: systemClock(), watchlist: () => tickers });
    for (const hit of result.hits) {
      io.out(`${formatDateTimeEt(hit.time)}  session ${hit.sessionId}  ${hit.title}  ${hit.body}${hit.flowId ? `  flow ${hit.flowId}` : ''}`);
    }
    io.out(`${result.total} alert${result.total === 1 ? '' : 's'} over ${result.sessions.length} session${result.sessions.length === 1 ? '' : 's'}`);
    for (const { day, count } of result.perDay) io.out(`${day}  ${count}`);
    return 0;
  } finally {
    db.close();
  }
}
