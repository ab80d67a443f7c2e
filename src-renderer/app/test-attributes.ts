// Mirrors the window's state into data-* attributes on its root for the end-to-end tests
// (README.md): written directly, once per frame, outside React's render.
import type { FeedModel } from './feed-model.ts';
import { connectionView } from './connection-view.ts';

export function bindTestAttributes(el: HTMLElement, model: FeedModel): () => void {
  const write = (): void => {
    const view = connectionView(model.link.get(), model.market.get(), Date.now());
    el.dataset.connection = view.state;
    el.dataset.source = view.source;
    el.dataset.link = model.link.get().status;
    el.dataset.ready = String(model.ready.get());
    el.dataset.flowCount = String(model.store.size);
    el.dataset.visibleCount = String(model.store.visibleCount);
    el.dataset.alertCount = String(model.alerts.history.get().length);
    el.dataset.gapCount = String(model.gaps.get().length);
    el.dataset.selected = model.selected.get() ?? '';
  };
  write();
  const cells = [model.link, model.market, model.ready, model.flowRevision, model.alerts.history, model.gaps, model.selected] as const;
  const offs = cells.map((cell) => cell.subscribe(write));
  return () => offs.forEach((off) => off());
}
