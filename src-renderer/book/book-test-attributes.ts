// Mirrors the book window's state into data-* attributes on its root for the end-to-end tests
// (README.md): written directly, once per frame, outside React's render.
import { isSpreadWide, spreadOf } from '../../shared/analytics/book.ts';
import { connectionView } from '../app/connection-view.ts';
import type { BookModel } from './book-model.ts';

export function bindBookAttributes(el: HTMLElement, model: BookModel): () => void {
  const write = (): void => {
    const view = connectionView(model.link.get(), model.market.get(), Date.now());
    const book = model.book.get();
    const settings = model.settings.get();
    const levels = settings?.book.levels ?? 0;
    const spread = book ? spreadOf(book) : null;
    el.dataset.connection = view.state;
    el.dataset.source = view.source;
    el.dataset.link = model.link.get().status;
    el.dataset.ready = String(model.ready.get());
    el.dataset.levels = String(levels);
    el.dataset.updates = String(model.updates);
    el.dataset.bidLevels = String(book ? Math.min(levels, book.bids.length) : 0);
    el.dataset.askLevels = String(book ? Math.min(levels, book.asks.length) : 0);
    el.dataset.bookDepth = book ? `${book.bids.length}x${book.asks.length}` : '';
    el.dataset.spreadState = !book || !spread || !settings ? 'none' : isSpreadWide(book, settings.book.spreadAlertPercent) ? 'wide' : 'ok';
    el.dataset.spreadPercent = spread ? spread.percentOfMid.toFixed(3) : '';
    el.dataset.flowCount = String(model.flows.get().length);
    el.dataset.alertCount = String(model.alerts.get().length);
  };
  write();
  const cells = [model.link, model.market, model.ready, model.book, model.settings, model.flows, model.alerts] as const;
  const offs = cells.map((cell) => cell.subscribe(write));
  return () => offs.forEach((off) => off());
}
