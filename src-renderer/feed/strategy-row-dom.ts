// The feed's two rarer rows as pooled elements (row-pool.ts): one strategy in the strategies
// view (FLOW-RULES.md §8), in place of its legs, with its type, its legs (each a link to the
// leg's own row), net premium, the strategy's sentiment (which replaces the legs') and net delta;
// and the marker where the stream had a gap. Both are few on screen and change rarely, so their
// contents are rebuilt whenever what they show changes. Clicks are handled by the list.
import type { Gap } from '../../shared/domain/session.ts';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import { formatDuration, formatTimeEt } from '../../shared/format/format.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { setAttr, setClass, type Flash } from './dom-cells.ts';
import { badgeSpan } from './flow-row-dom.ts';
import { legChipLabel, netDeltaLabel, netPremiumLabel, strategyBadge, strategySentimentBadge } from './strategy-view.ts';

export interface StrategyItem {
  kind: 'strategy';
  key: string;
  row: FlowRow & { strategy: StrategyLink };
  selected: boolean;
  flash: Flash;
  since: number;
}

export interface GapItem {
  kind: 'gap';
  key: string;
  gap: Gap;
}

function span(doc: Document, className: string, text: string, title?: string): HTMLSpanElement {
  const el = doc.createElement('span');
  el.className = className;
  el.setAttribute('role', 'cell');
  if (title !== undefined) el.title = title;
  el.textContent = text;
  return el;
}

export class StrategyRowDom {
  readonly el: HTMLDivElement;
  private readonly doc: Document;
  private row: FlowRow | null = null;

  constructor(doc: Document) {
    this.doc = doc;
    this.el = doc.createElement('div');
    this.el.setAttribute('role', 'row');
    this.el.setAttribute('data-testid', 'strategy-row');
  }

  show(item: StrategyItem, tint = true): void {
    if (item.row !== this.row) {
      this.write(item.row);
      this.row = item.row;
    }
    const flash = tint && item.flash !== null ? ` flash-${item.flash}` : '';
    setClass(this.el, `flow-row strategy-row${item.selected ? ' is-selected' : ''}${flash}`);
    setAttr(this.el, 'aria-selected', item.selected ? 'true' : 'false');
  }

  private write(row: FlowRow & { strategy: StrategyLink }): void {
    const doc = this.doc;
    const s = row.strategy;
    const el = this.el;
    setAttr(el, 'data-flow-id', row.id);
    setAttr(el, 'data-version', String(row.version));
    setAttr(el, 'data-time', String(row.time));
    setAttr(el, 'data-strategy-id', s.id);
    setAttr(el, 'data-strategy-type', s.type);
    setAttr(el, 'data-legs', String(s.legs.length));
    setAttr(el, 'data-symbols', s.legs.map((l) => l.symbol).join(','));
    setAttr(el, 'data-sentiment', s.sentiment);
    const type = strategyBadge(s);
    const sentiment = strategySentimentBadge(s);
    const expiries = new Set(s.legs.map((l) => l.expiry));
    const legs = span(doc, 'c-legs', '', s.reason);
    for (const leg of s.legs) {
      const chip = doc.createElement('button');
      chip.type = 'button';
      chip.className = `leg-chip ${leg.direction === 'BUY' ? 'tone-buy' : leg.direction === 'SELL' ? 'tone-sell' : ''}`;
      chip.title = `${leg.direction.toLowerCase()} ${leg.size} ${leg.symbol.replace(/\s+/g, ' ')}: open the leg`;
      chip.setAttribute('data-testid', 'strategy-leg');
      chip.setAttribute('data-flow-id', leg.flowId);
      chip.setAttribute('data-symbol', leg.symbol);
      chip.textContent = legChipLabel(leg, expiries.size > 1);
      legs.appendChild(chip);
    }
    const kind = span(doc, 'c-kind', '');
    kind.appendChild(badgeSpan(doc, type));
    const sent = span(doc, 'c-sent', '');
    sent.appendChild(badgeSpan(doc, sentiment));
    el.replaceChildren(
      span(doc, 'c-time', formatTimeEt(row.time)),
      span(doc, 'c-sym', row.underlying),
      legs,
      span(doc, 'c-prem num', netPremiumLabel(s.netPremium), 'Net premium: + paid (a debit), − received (a credit)'),
      kind,
      sent,
      span(doc, 'c-money', netDeltaLabel(s.netDelta), 'Net delta of the legs, in shares'),
      // The likely sender (FLOW-RULES.md §9) is each leg's, on the legs' rows.
      span(doc, 'c-who', ''),
      span(doc, 'c-flags', `${s.legs.length} legs · ${s.rule === 'STRATEGY_TIME_RATIO' ? 'time + ratio' : s.rule}`),
      span(doc, 'c-conf', ''),
    );
  }
}

/** A marker row where the stream had a gap: flows may be missing across it. */
export class GapRowDom {
  readonly el: HTMLDivElement;
  private readonly text: HTMLSpanElement;
  private gap: Gap | null = null;

  constructor(doc: Document) {
    this.el = doc.createElement('div');
    this.el.className = 'gap-row';
    this.el.setAttribute('role', 'row');
    this.el.setAttribute('data-testid', 'gap-row');
    this.text = doc.createElement('span');
    this.el.appendChild(this.text);
  }

  show(item: GapItem): void {
    const gap = item.gap;
    if (gap === this.gap) return;
    this.gap = gap;
    const span = gap.end === null ? 'ongoing' : formatDuration(gap.end - gap.start);
    this.el.title = gap.reason;
    this.text.textContent = `Gap ${formatTimeEt(gap.start)}${gap.end !== null ? `–${formatTimeEt(gap.end)}` : ''} · ${span} · ${gap.reason}`;
  }
}
