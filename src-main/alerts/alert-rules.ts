// Alert rules over flows and books: any of the feed's filters together, whale, premium over X on
// a symbol, sweep on a watchlist name, spread wider than a threshold, a book event (refill, pull,
// stack, touch: FLOW-RULES.md §7). A flow can grow into a rule (a split becomes a whale), so
// every version is checked, and each rule fires at most once per flow. A rule's quiet hours,
// cool-down and cap per hour (FLOW-RULES.md §13) run on market time, so a back-test over the
// recorded frames fires exactly what live fired.
import type { BookEvent } from '../../shared/domain/book-events.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import type { Book } from '../../shared/domain/market.ts';
import type { Alert, AlertRule, SessionId } from '../../shared/domain/session.ts';
import { spreadOf, topOfBook } from '../../shared/analytics/book.ts';
import { formatContract, formatDte, formatPremium, formatPrice } from '../../shared/format/format.ts';
import { parseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { AlertGate, type FireLog } from './alert-gate.ts';
import { matchesFlowRule, matchesSymbol } from './flow-rule.ts';

export interface AlertEngineOptions {
  sessionId: SessionId;
  rules: () => readonly AlertRule[];
  /** Underlyings on the watchlist, for WATCHLIST_SWEEP rules without their own symbols. */
  watchlist: () => ReadonlySet<string>;
  /** Contracts with an open book window, for rules that ask for only those (none by default). */
  watched?: () => ReadonlySet<string>;
  /** Every contract counts as watched (a back-test: which windows were open is not recorded). */
  everyContractWatched?: boolean;
  /** A wide spread alerts again for the same contract only after this long. */
  spreadCooldownMs?: number;
  /** A book event rule alerts again for the same contract, kind and side only after this long. */
  bookEventCooldownMs?: number;
}

/** Book events come in bursts (a pulled touch is often several venues at once): one alert each. */
export const BOOK_EVENT_COOLDOWN_MS = 5_000;

/** Rule-and-flow pairs remembered as fired; past this, the oldest are forgotten. */
export const MAX_FIRED = 20_000;
/** A flow stops changing seconds after its last print; its pairs may go after this long. */
const FIRED_KEEP_MS = 10 * 60_000;

export interface AlertSnapshot {
  /** Rule and flow that fired, with the flow's time, oldest first. */
  fired: Map<string, number>;
  spreadFiredAt: Map<string, number>;
  bookEventFiredAt: Map<string, number>;
  /** Each rule's recent fires, for its cool-down and cap. */
  gate: FireLog;
  nextId: number;
}

/** What onFlow returns when nothing fired (frozen: no caller can add to it). */
const NO_ALERTS: readonly Alert[] = Object.freeze([]);

export class AlertEngine {
  private readonly options: AlertEngineOptions;
  private fired = new Map<string, number>();
  private spreadFiredAt = new Map<string, number>();
  private bookEventFiredAt = new Map<string, number>();
  private readonly gate = new AlertGate();
  private nextId = 1;

  constructor(options: AlertEngineOptions) {
    this.options = options;
  }

  snapshot(): AlertSnapshot {
    return { fired: new Map(this.fired), spreadFiredAt: new Map(this.spreadFiredAt), bookEventFiredAt: new Map(this.bookEventFiredAt), gate: this.gate.snapshot(), nextId: this.nextId };
  }

  restore(snapshot: AlertSnapshot): void {
    this.fired = new Map(snapshot.fired);
    this.spreadFiredAt = new Map(snapshot.spreadFiredAt);
    this.bookEventFiredAt = new Map(snapshot.bookEventFiredAt);
    this.gate.restore(snapshot.gate);
    this.nextId = snapshot.nextId;
  }

  /** Asked for every flow version: most fire nothing, and get one shared empty list. */
  onFlow(flow: Flow): readonly Alert[] {
    // Delayed data never alerts: the trade is old news.
    if (flow.delayed) return NO_ALERTS;
    let alerts: Alert[] | null = null;
    for (const rule of this.options.rules()) {
      if (!rule.enabled || !matchesFlowRule(rule, flow, this.options.watchlist)) continue;
      const key = `${rule.id}|${flow.id}`;
      if (this.fired.has(key)) continue;
      // A flow the gate holds back is done with too: it does not alert minutes later as it grows.
      this.fired.set(key, flow.lastTime);
      if (this.fired.size > MAX_FIRED) this.forgetFired(flow.lastTime);
      if (this.gate.admit(rule, flow.lastTime) !== null) continue;
      const at = flow.evidence.prints.at(-1)?.receivedAt ?? flow.lastTime;
      (alerts ??= []).push(this.alert(rule, flow.lastTime, at, flow.symbol, flow.id, titleFor(rule, flow), bodyFor(flow)));
    }
    return alerts ?? NO_ALERTS;
  }

  /**
   * Forgets the oldest pairs: first those of flows too old to change again, then, if a burst
   * fired more than the cap within that time, the oldest down to the cap anyway.
   */
  private forgetFired(now: number): void {
    for (const [key, time] of this.fired) {
      if (this.fired.size <= MAX_FIRED / 2 || time >= now - FIRED_KEEP_MS) break;
      this.fired.delete(key);
    }
    for (const key of this.fired.keys()) {
      if (this.fired.size <= MAX_FIRED) break;
      this.fired.delete(key);
    }
  }

  onBook(book: Book): Alert[] {
    const spread = spreadOf(book);
    if (!spread) return [];
    const alerts: Alert[] = [];
    const cooldown = this.options.spreadCooldownMs ?? 60_000;
    for (const rule of this.options.rules()) {
      if (!rule.enabled || rule.kind !== 'SPREAD_WIDE' || rule.threshold === null) continue;
      if (!matchesSymbol(rule, underlyingOf(book.symbol))) continue;
      if (rule.watchedOnly === true && !this.isWatched(book.symbol)) continue;
      if (!(spread.percentOfMid > rule.threshold)) continue;
      const key = `${rule.id}|${book.symbol}`;
      const last = this.spreadFiredAt.get(key);
      if (last !== undefined && book.time - last < cooldown) continue;
      this.spreadFiredAt.set(key, book.time);
      if (this.gate.admit(rule, book.time) !== null) continue;
      const title = `Wide spread: ${describe(book.symbol)} ${spread.percentOfMid.toFixed(1)}%`;
      const top = topOfBook(book);
      const body = `bid ${formatPrice(top.bid?.price ?? 0)} / ask ${formatPrice(top.ask?.price ?? 0)}, over ${rule.threshold}% of mid`;
      alerts.push(this.alert(rule, book.time, book.time, book.symbol, null, title, body));
    }
    return alerts;
  }

  /**
   * BOOK_EVENT rules: the event's kind and side among the rule's (none named: all), its size at
   * least the threshold, its underlying among the rule's symbols, and its contract watched when
   * the rule asks. Bursts are cut by a cooldown per rule, contract, kind and side.
   */
  onBookEvent(event: BookEvent): Alert[] {
    const alerts: Alert[] = [];
    const cooldown = this.options.bookEventCooldownMs ?? BOOK_EVENT_COOLDOWN_MS;
    for (const rule of this.options.rules()) {
      if (!rule.enabled || rule.kind !== 'BOOK_EVENT') continue;
      if (rule.bookEvents && rule.bookEvents.length > 0 && !rule.bookEvents.includes(event.kind)) continue;
      if (rule.sides && rule.sides.length > 0 && !rule.sides.includes(event.side)) continue;
      if (rule.threshold !== null && event.size < rule.threshold) continue;
      if (!matchesSymbol(rule, underlyingOf(event.symbol))) continue;
      if (rule.watchedOnly === true && !this.isWatched(event.symbol)) continue;
      const key = `${rule.id}|${event.symbol}|${event.kind}|${event.side}`;
      const last = this.bookEventFiredAt.get(key);
      if (last !== undefined && event.time - last < cooldown) continue;
      this.bookEventFiredAt.set(key, event.time);
      if (this.bookEventFiredAt.size > MAX_FIRED) this.forgetBookEvents(event.time - cooldown);
      if (this.gate.admit(rule, event.time) !== null) continue;
      alerts.push(this.alert(rule, event.time, event.time, event.symbol, null, bookEventTitle(event), bookEventBody(event)));
    }
    return alerts;
  }

  /** Keys whose cooldown is over can go: they would fire again anyway. */
  private forgetBookEvents(before: number): void {
    for (const [key, time] of this.bookEventFiredAt) if (time < before) this.bookEventFiredAt.delete(key);
    for (const key of this.bookEventFiredAt.keys()) {
      if (this.bookEventFiredAt.size <= MAX_FIRED) break;
      this.bookEventFiredAt.delete(key);
    }
  }

  private isWatched(symbol: string): boolean {
    return this.options.everyContractWatched === true || (this.options.watched?.() ?? NOTHING).has(symbol);
  }

  private alert(rule: AlertRule, time: number, at: number, symbol: string, flowId: string | null, title: string, body: string): Alert {
    return { id: `${this.options.sessionId}-a${this.nextId++}`, sessionId: this.options.sessionId, ruleId: rule.id, ruleKind: rule.kind, time, symbol, flowId, title, body, at };
  }
}

const NOTHING: ReadonlySet<string> = new Set();

const BOOK_EVENT_LABELS: Readonly<Record<BookEvent['kind'], string>> = { refill: 'Refill', pull: 'Pull', stack: 'Stack', touch: 'Touch moved' };

function bookEventTitle(event: BookEvent): string {
  const where = event.venue === null ? event.side : `${event.venue} ${event.side}`;
  return `${BOOK_EVENT_LABELS[event.kind]}: ${describe(event.symbol)} ${where} ${event.size} @ ${formatPrice(event.price)}`;
}

function bookEventBody(event: BookEvent): string {
  return `${event.rule} · ${event.reason}`;
}

function underlyingOf(symbol: string): string {
  try {
    return parseOptionSymbol(symbol).root;
  } catch {
    return symbol.trim();
  }
}

function describe(symbol: string): string {
  try {
    return formatContract(parseOptionSymbol(symbol));
  } catch {
    return symbol.trim();
  }
}

function titleFor(rule: AlertRule, flow: Flow): string {
  const label = rule.name ?? (rule.kind === 'WHALE' ? 'Whale' : rule.kind === 'WATCHLIST_SWEEP' ? 'Sweep' : rule.kind === 'FLOW' ? 'Flow' : 'Premium');
  return `${label}: ${describe(flow.symbol)} ${formatPremium(flow.premium)}`;
}

function bodyFor(flow: Flow): string {
  return `${flow.kind} · ${flow.direction} at ${flow.side} · ${flow.size} @ ${flow.price} · ${formatDte(flow.dte)}`;
}
