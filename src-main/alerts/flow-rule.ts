// Which flows a flow rule fires on (FLOW-RULES.md §13). A FLOW rule is the feed's own filter
// (compiled by the feed's own matcher) with a few conditions the feed has no control for:
// sentiment and flags the flow must carry. The older kinds (WHALE, PREMIUM_OVER,
// WATCHLIST_SWEEP) keep the meaning they were stored with.
import { compileFilter, type FlowPredicate } from '../../shared/analytics/flow-filter.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import type { AlertFlowFlag, AlertRule } from '../../shared/domain/session.ts';

const FLAG_TEST: Readonly<Record<AlertFlowFlag, (flow: Flow) => boolean>> = {
  UNUSUAL: (flow) => flow.unusual,
  REPEATER: (flow) => flow.repeater,
  OPENING_LIKELY: (flow) => flow.openingLikely,
  STRATEGY_LEG: (flow) => flow.strategy !== undefined,
};

/**
 * Compiled once per rule object: settings replace the rules as a whole, so a rule's object
 * stays the same until it is edited. IV rank and percentile bounds read no IV history here:
 * a rule compares a flow with what its own frames say, so a back-test agrees with live.
 */
const compiled = new WeakMap<AlertRule, FlowPredicate>();

function filterOf(rule: AlertRule): FlowPredicate {
  let predicate = compiled.get(rule);
  if (!predicate) {
    predicate = rule.filter ? compileFilter(rule.filter) : () => false;
    compiled.set(rule, predicate);
  }
  return predicate;
}

export function matchesFlowRule(rule: AlertRule, flow: Flow, watchlist: () => ReadonlySet<string>): boolean {
  if (rule.kinds.length > 0 && !rule.kinds.includes(flow.kind)) return false;
  switch (rule.kind) {
    case 'WHALE':
      return flow.whale && matchesSymbol(rule, flow.underlying);
    case 'PREMIUM_OVER':
      return rule.threshold !== null && flow.premium >= rule.threshold && matchesSymbol(rule, flow.underlying);
    case 'WATCHLIST_SWEEP': {
      if (flow.kind !== 'SWEEP') return false;
      const names = rule.symbols.length > 0 ? new Set(rule.symbols) : watchlist();
      return names.has(flow.underlying);
    }
    case 'FLOW':
      return (
        matchesSymbol(rule, flow.underlying) &&
        (rule.sentiments === undefined || rule.sentiments.length === 0 || rule.sentiments.includes(flow.sentiment)) &&
        (rule.flags ?? []).every((flag) => FLAG_TEST[flag](flow)) &&
        filterOf(rule)(flow)
      );
    default:
      return false;
  }
}

export function matchesSymbol(rule: AlertRule, underlying: string): boolean {
  return rule.symbols.length === 0 || rule.symbols.includes(underlying);
}
