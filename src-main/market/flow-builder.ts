// A flow as the published rules describe it, built from its cluster of prints and the contract's
// state: size-weighted price, premium, kind, flags, derived fields and the evidence.
import type { Flow, FlowEvidence, PrintEvidence } from '../../shared/domain/flow.ts';
import type { SessionId } from '../../shared/domain/session.ts';
import { sentimentOf } from '../../shared/domain/flow.ts';
import type { OptionQuote } from '../../shared/domain/market.ts';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import { classifyKind, type KindRules } from '../../shared/analytics/kind.ts';
import { isOpeningLikely, isUnusualByVolume, moneynessOf } from '../../shared/analytics/moneyness.ts';
import { isWhale, premiumOf } from '../../shared/analytics/premium.ts';
import { senderConfidence, senderOf, type SenderInput } from '../../shared/analytics/sender.ts';
import type { ContractTracker, OpenCluster } from './contract-tracker.ts';

/** The reason a spread leg carries when the pairing's own reason is not known. */
export const SPREAD_LEG_REASON = 'possible spread leg: another contract of this underlying printed within the window';

export interface FlowInput {
  sessionId: SessionId;
  settings: FlowSettings;
  tracker: ContractTracker;
  cluster: OpenCluster;
  /** The merged quote of the update that made this version, if a print did. */
  quote: Readonly<OptionQuote> | undefined;
  previous: Flow | undefined;
  spot: number | null;
  /** The cluster's first print: the moment repeater and top-premium flags are fixed. */
  firstPrint: boolean;
  kindRules?: Readonly<KindRules>;
}

export function buildFlow(input: FlowInput): Flow {
  const { settings, tracker, cluster, quote, previous, spot } = input;
  const first = cluster.prints[0] as PrintEvidence;
  const contract = tracker.contract;
  const multiplier = quote?.multiplier ?? settings.defaultMultiplier;
  // One pass instead of three reduce/some callbacks: this runs for every flow version.
  let size = 0;
  let notional = 0;
  let conflated = false;
  for (const p of cluster.prints) {
    size += p.size;
    notional += p.price * p.size;
    if (p.lastSize !== null && p.size > p.lastSize) conflated = true;
  }
  const premium = premiumOf(notional, 1, multiplier);
  const kind = classifyKind(
    { direction: cluster.direction, prints: cluster.prints, displayedBefore: cluster.displayedBefore, venuesDepleted: cluster.venuesDepleted, multiplier },
    settings,
    input.kindRules,
  );
  const money = moneynessOf({ strike: contract.strike, spot, right: contract.right, atmBand: settings.atmBand });
  const openInterest = quote?.openInterest ?? previous?.openInterest ?? null;
  const dayVolume = quote?.volume ?? previous?.dayVolume ?? null;
  // Repeater and top-premium flags look at earlier flows, so they are fixed at the first print.
  if (input.firstPrint) tracker.recordPremium(premium);
  const repeater = input.firstPrint
    ? tracker.recordHit(first.time, first.price, settings.repeaterWindowMs, settings.repeaterMinHits)
    : (previous?.repeater ?? false);
  const spreadLeg = previous?.spreadLeg ?? false;
  // A leg keeps its strategy (FLOW-RULES.md §8) as its cluster grows.
  const strategy = previous?.strategy;
  const direction = cluster.direction;
  // A possible spread leg (§4) or a strategy's leg (§8): either is a multi-leg order for §9.
  const sender: SenderInput = { size, premium, side: first.side, kind: kind.kind, prints: cluster.prints.length, spreadLeg: spreadLeg || strategy !== undefined, time: first.time };
  const flow: Flow = {
    id: cluster.flowId,
    sessionId: input.sessionId,
    time: first.time,
    lastTime: cluster.lastTime,
    symbol: contract.symbol,
    underlying: quote?.underlying ?? previous?.underlying ?? contract.root,
    expiry: contract.expiry,
    strike: contract.strike,
    right: contract.right,
    size,
    price: Math.round((notional / size) * 10_000) / 10_000,
    premium,
    side: first.side,
    direction,
    sentiment: sentimentOf(contract.right, direction),
    kind: kind.kind,
    whale: isWhale(premium, settings),
    moneyness: money?.moneyness ?? null,
    otmPercent: money ? round(money.otmPercent) : null,
    dte: tracker.dte(first.time),
    bid: first.quote?.bid ?? null,
    ask: first.quote?.ask ?? null,
    underlyingPrice: spot,
    openInterest,
    dayVolume,
    iv: quote?.iv ?? previous?.iv ?? null,
    delta: quote?.delta ?? previous?.delta ?? null,
    conflated,
    prints: cluster.prints.length,
    confidence: round(spreadLeg ? cluster.sideConfidence * 0.5 : cluster.sideConfidence),
    sideRule: cluster.sideRule,
    kindConfidence: kind.confidence,
    openingLikely: isOpeningLikely(size, openInterest),
    unusual: isUnusualByVolume(dayVolume, openInterest, settings) || tracker.isTopPremium(premium, settings.unusualTopPremiumFraction),
    repeater,
    spreadLeg,
    delayed: quote?.delayed === true || previous?.delayed === true,
    cancelled: previous?.cancelled === true,
    institutional: senderConfidence(sender),
    version: ++cluster.version,
    evidence: withSenderRule(
      {
        // The cluster's own arrays: it replaces them rather than appending, so this version's
        // evidence stays as it is.
        prints: cluster.prints as PrintEvidence[],
        reasons: spreadLeg || strategy ? [...cluster.reasons, ...(spreadLeg ? [cluster.legReason ?? SPREAD_LEG_REASON] : []), ...(strategy ? [strategy.reason] : [])] : (cluster.reasons as string[]),
        kindRule: kindRuleText(kind.rule, kind.reason),
      },
      sender,
    ),
  };
  return strategy ? withStrategy(flow, strategy) : flow;
}

/**
 * The flow with its strategy, in the place a leg's versions have always had it (before
 * `institutional`: the store keeps a flow's JSON). Most versions have none, and a conditional
 * spread in the middle of the literal made every version of every flow through V8's slow
 * literal path, several times the cost of the plain literal.
 */
function withStrategy(flow: Flow, strategy: StrategyLink): Flow {
  const { institutional, version, evidence, ...head } = flow;
  return { ...head, strategy, institutional, version, evidence };
}

/**
 * The kind's rule and reason in words. Most versions repeat the one before (the reasons of the
 * common kinds are constants: "DEFAULT: one print"), which then shares its string.
 */
function kindRuleText(rule: string, reason: string): string {
  if (rule !== lastKindRule.rule || reason !== lastKindRule.reason) lastKindRule = { rule, reason, text: [rule, ': ', reason].join('') };
  return lastKindRule.text;
}

let lastKindRule = { rule: '', reason: '', text: '' };

/**
 * The sender rule's words (FLOW-RULES.md §9) are built when the evidence is read (stored, sent or
 * shown), once: most versions of a growing flow are replaced before anyone reads them, and the
 * words cost more than the rest of the version. One getter shared by every evidence object, its
 * input (then its words) in a hidden property: a getter made per object gave each evidence an
 * accessor of its own, which V8 keeps only in a slow dictionary-mode object, and a closure.
 */
export function withSenderRule(evidence: FlowEvidence, input: SenderInput): FlowEvidence {
  Object.defineProperty(evidence, SENDER_STATE, { value: input, writable: true });
  return Object.defineProperty(evidence, 'senderRule', SENDER_RULE_PROPERTY);
}

/** Not enumerable: invisible to JSON, spreads, structured clones and deep equality. */
const SENDER_STATE = Symbol('sender rule input, then its words');

interface LazySenderEvidence {
  [SENDER_STATE]: SenderInput | string;
}

function senderRuleWords(this: LazySenderEvidence): string {
  const state = this[SENDER_STATE];
  if (typeof state === 'string') return state;
  const words = senderOf(state).reason;
  // Kept for the next read; a frozen evidence object (no one freezes them today) builds them again.
  Reflect.set(this, SENDER_STATE, words);
  return words;
}

const SENDER_RULE_PROPERTY: PropertyDescriptor = Object.freeze({ enumerable: true, configurable: true, get: senderRuleWords });

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
