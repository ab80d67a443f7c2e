// The versions of a flow that no print makes (shared/analytics/FLOW-RULES.md §1, §4, §8, §9): a
// spread leg marked, a strategy linked, a bust that cancels it; and the reasons the engine writes.
import type { Flow, FlowEvidence, QuoteEvidence } from '../../shared/domain/flow.ts';
import type { OptionQuoteUpdate } from '../../shared/domain/market.ts';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import { senderConfidence, type SenderInput } from '../../shared/analytics/sender.ts';
import { round, withSenderRule } from './flow-builder.ts';

/** §4: the flow marked a possible spread leg, its side confidence halved and its sender judged again (§9). */
export function spreadLegVersion(flow: Flow, reason: string): Flow {
  // A leg is a clue of who sent it (FLOW-RULES.md §9): the sender is judged again.
  const sender = asLeg(flow);
  return {
    ...flow,
    spreadLeg: true,
    confidence: round(flow.confidence * 0.5),
    institutional: senderConfidence(sender),
    version: flow.version + 1,
    evidence: withSenderRule(evidenceWith(flow, [...flow.evidence.reasons, reason]), sender),
  };
}

/** §8: a leg with its strategy (the whole link) and the grouping's reason in place of an older one. */
export function strategyVersion(flow: Flow, strategy: StrategyLink): Flow {
  const reasons = flow.evidence.reasons.filter((r) => r !== flow.strategy?.reason);
  // A leg of a multi-leg order is a clue of who sent it (FLOW-RULES.md §9): the sender is judged again.
  const sender = asLeg(flow);
  const evidence = withSenderRule(evidenceWith(flow, [...reasons, strategy.reason]), sender);
  return { ...flow, strategy, institutional: senderConfidence(sender), version: flow.version + 1, evidence };
}

/**
 * The flow's evidence with other reasons, its sender words left out: a spread of the evidence
 * would read them (a getter, flow-builder.ts) and build the words of every leg's older version.
 */
function evidenceWith(flow: Flow, reasons: string[]): FlowEvidence {
  return { prints: flow.evidence.prints, reasons, kindRule: flow.evidence.kindRule };
}

/**
 * What the sender rule reads of a flow, as a leg of a multi-leg order: only those fields (the
 * evidence keeps it until its words are read, and a copy of the whole flow weighed ten times more).
 */
function asLeg(flow: Flow): SenderInput {
  return { size: flow.size, premium: flow.premium, side: flow.side, kind: flow.kind, prints: flow.prints, spreadLeg: true, time: flow.time };
}

/** §1: day volume fell from `before` to `after` at `at` by exactly this flow's size: the flow, cancelled. */
export function bustVersion(flow: Flow, fall: number, before: number, after: number, at: number): Flow {
  const reason = ['BUST: day volume fell by ', fall, ' (', before, ' to ', after, ') ', Math.round((at - flow.lastTime) / 1000), ' s after this flow of ', flow.size, ' contracts: the trade was busted, the flow is cancelled'].join('');
  return { ...flow, cancelled: true, version: flow.version + 1, evidence: { ...flow.evidence, reasons: [...flow.evidence.reasons, reason] } };
}

/** True when the quote that judged a print is the one its own update carried (quote time first). */
export function quoteFromUpdate(update: OptionQuoteUpdate, before: QuoteEvidence | null, tradeTime: number): boolean {
  const { quote, changed } = update;
  return before !== null && changed.quoteTime !== undefined && before.time === quote.quoteTime && before.time < tradeTime && before.bid === quote.bid && before.ask === quote.ask;
}

export function legReason(rule: string, other: string, apart: number, ownSize: number, otherSize: number): string {
  const how = rule === 'LEG_OUTSIDE' ? 'both printed outside their quotes' : `sizes ${ownSize}:${otherSize}`;
  return ['possible spread leg (', rule, '): ', other.trim().replace(/\s+/g, ' '), ' printed ', apart, ' ms apart, ', how].join('');
}

/**
 * A print's reason: size, price, the side rule's words, and when they apply how long before the
 * trade its own update's quote was, and how long after the cluster's last print it joined.
 */
export function printReason(size: number, price: number, sideReason: string, quotedMsBefore: number | null, joined: { gap: number; window: number; measured: boolean } | null): string {
  // join builds one flat string; a template literal leaves a tree of cons strings that every
  // flow holds for two minutes, copied at each young-generation GC.
  const parts: (string | number)[] = [size, ' @ ', price, ': ', sideReason];
  if (quotedMsBefore !== null) parts.push('; the quote came with this print, quoted ', quotedMsBefore, ' ms before the trade');
  if (joined) parts.push('; joined ', joined.gap, ' ms after the last print (window ', joined.window, ' ms', joined.measured ? ", from this contract's update interval)" : ')');
  return parts.join('');
}
