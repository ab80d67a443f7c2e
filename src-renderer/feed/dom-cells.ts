// Small writers for the feed's pooled rows (row-pool.ts): each remembers what it last wrote and
// touches the DOM only when the value differs. A text cell keeps one Text node and changes its
// data: the browser then lays the cell out again but computes no style and builds no new boxes.
import type { Badge } from './badges.ts';

export type Flash = 'new' | 'grew' | null;

/** A span with one text node, written only when its text changes. */
export class TextCell {
  readonly el: HTMLSpanElement;
  private readonly text: Text;

  constructor(doc: Document, className: string, role: string | null = 'cell') {
    this.el = doc.createElement('span');
    this.el.className = className;
    if (role) this.el.setAttribute('role', role);
    this.text = doc.createTextNode('');
    this.el.appendChild(this.text);
  }

  set(value: string): void {
    if (this.text.data !== value) this.text.data = value;
  }
}

/** Sets or removes an attribute, only when it changes. */
export function setAttr(el: Element, name: string, value: string | null | undefined): void {
  if (value === null || value === undefined) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
    return;
  }
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

export function setClass(el: Element, value: string): void {
  if (el.className !== value) el.className = value;
}

/** A cell that is its badge (its column class, tone, tooltip and key), or plain when the badge is absent. */
export class BadgeCell {
  readonly cell: TextCell;
  private readonly column: string;

  constructor(doc: Document, column: string) {
    this.column = column;
    this.cell = new TextCell(doc, column);
  }

  set(badge: Badge | null, plain = '—'): void {
    const el = this.cell.el;
    if (!badge) {
      setClass(el, this.column);
      setAttr(el, 'title', null);
      setAttr(el, 'data-badge', null);
      this.cell.set(plain);
      return;
    }
    setClass(el, `${this.column} badge tone-${badge.tone}`);
    setAttr(el, 'title', badge.title);
    setAttr(el, 'data-badge', badge.key);
    this.cell.set(badge.label);
  }
}
