// One flow in the feed as a pooled element (row-pool.ts): built once, then pointed at any flow,
// writing only the cells whose text or badge changed. Fixed height, one line, badges in fixed
// columns so the eye can run down a column. Few elements a row: a badge is its cell itself, the
// confidence bars are the cell's background. Clicks are handled by the list (FlowTable.tsx)
// from the data attributes: no listener per row.
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { formatPremium, formatPrice, formatSize, formatTimeEt } from '../../shared/format/format.ts';
import type { Badge } from './badges.ts';
import { confidenceMark, dteBadge, flagBadges, kindBadge, moneynessLabel, senderBadge, sentimentBadge, sideBadge } from './badges.ts';
import { BadgeCell, TextCell, setAttr, setClass, type Flash } from './dom-cells.ts';
import { shortExpiry, strikeLabel } from './row-labels.ts';
import { strategyBadge } from './strategy-view.ts';

export interface FlowItem {
  kind: 'flow';
  key: string;
  row: FlowRow;
  selected: boolean;
  flash: Flash;
  /** When the flash began (the flow arrived or grew), on the frame clock. */
  since: number;
}

export class FlowRowDom {
  readonly el: HTMLDivElement;
  private readonly doc: Document;
  private readonly time: TextCell;
  private readonly sym: TextCell;
  private readonly exp: TextCell;
  private readonly strike: Text;
  private readonly right: TextCell;
  private readonly dte: BadgeCell;
  private readonly side: BadgeCell;
  private readonly size: TextCell;
  private readonly price: TextCell;
  private readonly prem: TextCell;
  private readonly kind: BadgeCell;
  private readonly sent: BadgeCell;
  private readonly money: TextCell;
  private readonly who: BadgeCell;
  private readonly flags: HTMLSpanElement;
  private readonly conf: HTMLSpanElement;
  private row: FlowRow | null = null;
  private flagsKey = '';

  constructor(doc: Document) {
    this.doc = doc;
    const el = doc.createElement('div');
    el.setAttribute('role', 'row');
    el.setAttribute('data-testid', 'flow-row');
    this.el = el;
    this.time = new TextCell(doc, 'c-time');
    this.sym = new TextCell(doc, 'c-sym');
    this.exp = new TextCell(doc, 'c-exp');
    const strikeCell = new TextCell(doc, 'c-strike');
    this.strike = strikeCell.el.firstChild as Text;
    this.right = new TextCell(doc, 'right-call', null);
    strikeCell.el.appendChild(this.right.el);
    this.dte = new BadgeCell(doc, 'c-dte');
    this.side = new BadgeCell(doc, 'c-side');
    this.size = new TextCell(doc, 'c-size num');
    this.price = new TextCell(doc, 'c-price num');
    this.prem = new TextCell(doc, 'c-prem num');
    this.kind = new BadgeCell(doc, 'c-kind');
    this.sent = new BadgeCell(doc, 'c-sent');
    this.money = new TextCell(doc, 'c-money');
    this.who = new BadgeCell(doc, 'c-who');
    this.flags = doc.createElement('span');
    this.flags.className = 'c-flags';
    this.flags.setAttribute('role', 'cell');
    this.conf = doc.createElement('span');
    this.conf.setAttribute('role', 'cell');
    el.append(
      this.time.el, this.sym.el, this.exp.el, strikeCell.el, this.dte.cell.el, this.side.cell.el, this.size.el, this.price.el,
      this.prem.el, this.kind.cell.el, this.sent.cell.el, this.money.el, this.who.cell.el, this.flags, this.conf,
    );
  }

  show(item: FlowItem, tint = true): void {
    const row = item.row;
    if (row !== this.row) {
      this.write(row);
      this.row = row;
    }
    const flash = tint && item.flash !== null ? ` flash-${item.flash}` : '';
    setClass(this.el, `flow-row${row.whale ? ' is-whale' : ''}${row.cancelled === true ? ' is-cancelled' : ''}${item.selected ? ' is-selected' : ''}${flash}`);
    setAttr(this.el, 'aria-selected', item.selected ? 'true' : 'false');
  }

  private write(row: FlowRow): void {
    const el = this.el;
    setAttr(el, 'data-flow-id', row.id);
    setAttr(el, 'data-version', String(row.version));
    setAttr(el, 'data-time', String(row.time));
    setAttr(el, 'data-kind', row.kind);
    setAttr(el, 'data-whale', row.whale ? 'true' : 'false');
    setAttr(el, 'data-cancelled', row.cancelled === true ? 'true' : 'false');
    setAttr(el, 'data-symbol', row.symbol);
    setAttr(el, 'data-strategy-id', row.strategy?.id);
    setAttr(el, 'data-next-day', row.nextDay?.label ?? '');
    this.time.set(formatTimeEt(row.time));
    this.sym.set(row.underlying);
    this.exp.set(shortExpiry(row.expiry));
    setAttr(this.exp.el, 'title', row.expiry);
    const strike = strikeLabel(row);
    if (this.strike.data !== strike) this.strike.data = strike;
    setClass(this.right.el, row.right === 'C' ? 'right-call' : 'right-put');
    this.right.set(row.right);
    this.dte.set(dteBadge(row));
    this.side.set(sideBadge(row));
    this.size.set(formatSize(row.size));
    this.price.set(formatPrice(row.price));
    this.prem.set(formatPremium(row.premium));
    this.kind.set(kindBadge(row));
    this.sent.set(sentimentBadge(row));
    this.money.set(moneynessLabel(row));
    this.who.set(senderBadge(row));
    this.writeFlags(row);
    const confidence = confidenceMark(row);
    setClass(this.conf, `c-conf conf-${confidence.level}`);
    setAttr(this.conf, 'title', confidence.title);
    setAttr(this.conf, 'data-confidence', String(confidence.level));
  }

  /** The flags change rarely: rebuilt only when what they say does. */
  private writeFlags(row: FlowRow): void {
    const badges = flagBadges(row);
    const link = row.strategy ? strategyBadge(row.strategy) : null;
    let key = link ? `${row.strategy?.id}:${link.label}:${link.title}` : '';
    for (const b of badges) key += `|${b.key}:${b.label}:${b.title}`;
    if (key === this.flagsKey) return;
    this.flagsKey = key;
    const children: HTMLElement[] = [];
    if (link && row.strategy) {
      const button = this.doc.createElement('button');
      button.type = 'button';
      button.className = `badge badge-link tone-${link.tone}`;
      button.title = `Leg of a ${link.title}. Click: the strategy`;
      button.setAttribute('data-badge', 'strategy');
      button.setAttribute('data-testid', 'leg-strategy-link');
      button.setAttribute('data-strategy-id', row.strategy.id);
      button.textContent = link.label;
      children.push(button);
    }
    for (const badge of badges) children.push(badgeSpan(this.doc, badge));
    this.flags.replaceChildren(...children);
  }
}

export function badgeSpan(doc: Document, badge: Badge): HTMLSpanElement {
  const span = doc.createElement('span');
  span.className = `badge tone-${badge.tone}`;
  span.title = badge.title;
  span.setAttribute('data-badge', badge.key);
  span.textContent = badge.label;
  return span;
}
