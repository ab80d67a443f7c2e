// Mirrors the book window's state into data-* attributes on its root for the end-to-end tests
// (README.md): written directly, once per frame, outside React's render, and only those that
// changed (an attribute set to the value it has is still a DOM mutation, about 20 books a second).
import { isSpreadWide, spreadOf } from '../../shared/analytics/book.ts';
import { connectionView } from '../app/connection-view.ts';
import type { BookModel } from './book-model.ts';

/** Sets `data-<key>` unless it already reads `value`. */
export function setData(el: HTMLElement, key: string, value: string): void {
  if (el.dataset[key] !== value) el.dataset[key] = value;
}

export function bindBookAttributes(el: HTMLElement, model: BookModel): () => void {
  const write = (): void => {
    const view = connectionView(model.link.get(), model.market.get(), Date.now());
    const book = model.book.get();
    const settings = model.settings.get();
    const levels = settings?.book.levels ?? 0;
    const spread = book ? spreadOf(book) : null;
    setData(el, 'connection', view.state);
    setData(el, 'source', view.source);
    setData(el, 'link', model.link.get().status);
    setData(el, 'ready', String(model.ready.get()));
    setData(el, 'levels', String(levels));
    setData(el, 'updates', String(model.updates));
    setData(el, 'bidLevels', String(book ? Math.min(levels, book.bids.length) : 0));
    setData(el, 'askLevels', String(book ? Math.min(levels, book.asks.length) : 0));
    setData(el, 'bookDepth', book ? `${book.bids.length}x${book.asks.length}` : '');
    setData(el, 'spreadState', !book || !spread || !settings ? 'none' : isSpreadWide(book, settings.book.spreadAlertPercent) ? 'wide' : 'ok');
    setData(el, 'spreadPercent', spread ? spread.percentOfMid.toFixed(3) : '');
    setData(el, 'flowCount', String(model.flows.get().length));
    setData(el, 'alertCount', String(model.alerts.get().length));
  };
  write();
  const cells = [model.link, model.market, model.ready, model.book, model.settings, model.flows, model.alerts] as const;
  const offs = cells.map((cell) => cell.subscribe(write));
  return () => offs.forEach((off) => off());
}
