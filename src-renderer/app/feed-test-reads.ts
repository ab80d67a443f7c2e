// What the feed window lets the end-to-end tests read on demand (test-hooks.ts `expose`): what
// the store holds, each computed only when a test asks.
import type { FlowStore } from '../feed/flow-store.ts';
import type { TestHooks } from './test-hooks.ts';

export function exposeFeedReads(hooks: TestHooks, store: FlowStore, newestReceived: () => number): void {
  // Tests hold the newest row on screen against the newest flow the window was sent.
  hooks.expose('market-clock', newestReceived);
  // Tests compare what the feed holds with a session's export.
  hooks.expose('flows', () => store.held());
  // Tests find a scripted strategy by its legs' contracts.
  hooks.expose('strategies', () => {
    const out = new Map<string, { id: string; type: string; symbols: string[] }>();
    for (const row of store.rows()) if (row.strategy) out.set(row.strategy.id, { id: row.strategy.id, type: row.strategy.type, symbols: row.strategy.legs.map((l) => l.symbol) });
    return [...out.values()];
  });
  // Tests check the delta and volatility filters against what each held flow carries.
  hooks.expose('flow-figures', () =>
    store.held().flatMap(({ id }) => {
      const entry = store.get(id);
      return entry ? [{ id, underlying: entry.row.underlying, delta: entry.row.delta, iv: entry.row.iv, shown: entry.visible }] : [];
    }),
  );
}
