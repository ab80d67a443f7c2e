// The positioning view's data, outside React: the worker's answer for one underlying and scope
// (shared/analytics/FLOW-RULES.md §12), whether it is loading, and why it failed. An answer that
// arrives after a newer request was made is dropped, so a quick change of underlying never shows
// the old one's figures under the new name.
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import type { PositioningAnswer } from '../../shared/ipc/positioning.ts';
import type { TestHooks } from '../app/test-hooks.ts';
import type { FlowStore } from '../feed/flow-store.ts';
import { Cell } from '../state/cell.ts';
import type { FrameBatcher } from '../state/frame-batcher.ts';
import { scopeOf, type ScopeChoice } from './positioning-scope.ts';

export type PositioningStatus = 'idle' | 'loading' | 'loaded' | 'failed';

export interface PositioningModelDeps {
  bridge: FathomBridge;
  batcher: FrameBatcher;
  hooks: TestHooks;
  /** The feed's flows, which tests compare the answer with. */
  feed: FlowStore;
}

export class PositioningModel {
  readonly answer: Cell<PositioningAnswer | null>;
  readonly status: Cell<PositioningStatus>;
  readonly error: Cell<string | null>;
  private readonly deps: PositioningModelDeps;
  private asked = 0;

  constructor(deps: PositioningModelDeps) {
    this.deps = deps;
    this.answer = new Cell<PositioningAnswer | null>(null, deps.batcher);
    this.status = new Cell<PositioningStatus>('idle', deps.batcher);
    this.error = new Cell<string | null>(null, deps.batcher);
    // Tests read what the charts draw, and the feed's own flows of the same underlying to check it.
    deps.hooks.expose('positioning', () => this.answer.get());
    deps.hooks.expose('positioning-feed', () => this.feedFlows(this.answer.get()?.underlying ?? null));
  }

  /** Asks for `underlying` over `choice`; a bad date range fails here, in words, without asking. */
  async load(underlying: string, choice: ScopeChoice): Promise<void> {
    const ask = ++this.asked;
    this.status.set('loading');
    try {
      const answer = await this.deps.bridge.api.positioning.get({ underlying, scope: scopeOf(choice) });
      if (ask !== this.asked) return;
      this.answer.set(answer);
      this.error.set(null);
      this.status.set('loaded');
      this.deps.hooks.emit('positioning', { underlying: answer.underlying, scope: answer.scope.kind, flows: answer.totals.flows, premium: answer.totals.premium, at: answer.at });
    } catch (error) {
      if (ask !== this.asked) return;
      this.error.set(error instanceof Error ? error.message : String(error));
      this.status.set('failed');
    }
  }

  /** The feed's flows of `underlying` as positioning reads them. */
  feedFlows(underlying: string | null): { id: string; version: number; strike: number; expiry: string; right: string; premium: number; size: number; cancelled: boolean }[] {
    if (underlying === null) return [];
    const store = this.deps.feed;
    const out = [];
    for (const { id } of store.held()) {
      const row = store.get(id)?.row;
      if (!row || row.underlying !== underlying) continue;
      out.push({ id, version: row.version, strike: row.strike, expiry: row.expiry, right: row.right, premium: row.premium, size: row.size, cancelled: row.cancelled === true });
    }
    return out;
  }
}
