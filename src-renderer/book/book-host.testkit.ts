// A scripted host for BookModel tests: the real bridge and request validation over a transport
// whose answers the test writes, pushes delivered by channel, a link the test opens and drops,
// and frames flushed by hand.
import type { Envelope } from '../../shared/ipc/define.ts';
import type { BookTimeline } from '../../shared/domain/book-events.ts';
import { defaultAppSettings } from '../../shared/domain/app-settings.ts';
import { createBridge, type BridgeTransport } from '../../shared/ipc/bridge.ts';
import { api, events } from '../../shared/ipc/index.ts';
import { validateRequest } from '../../shared/ipc/validate.ts';
import type { HostLink, LinkState } from '../api/transport.ts';
import type { TestHooks } from '../app/test-hooks.ts';
import { FrameBatcher } from '../state/frame-batcher.ts';
import { BookModel } from './book-model.ts';

export const SYMBOL = 'SPY   260116C00600000';

export interface ScriptedHost {
  model: BookModel;
  /** Requests sent, by channel, in order. */
  sent: string[];
  /** Answers the next books.timeline request (they wait until answered). */
  answerTimeline(history: BookTimeline): void;
  push(delta: BookTimeline): void;
  setLink(status: 'open' | 'connecting'): void;
  /** Runs what waits for the next animation frame. */
  frame(): void;
  /** Lets the handshake's awaited answers land. */
  settle(): Promise<void>;
  emitted: { name: string; detail: unknown }[];
  read(name: string): unknown;
}

export function scriptedHost(): ScriptedHost {
  const sent: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const waiting: ((history: BookTimeline) => void)[] = [];
  const answers: Record<string, () => unknown> = {
    [api.windows.ready.channel]: () => ({}),
    [api.settings.get.channel]: () => defaultAppSettings(),
    [api.marketData.status.channel]: () => ({ state: 'live', source: 'demo', since: 0, delayed: false }),
    [api.alerts.history.channel]: () => [],
    [api.books.subscribe.channel]: () => ({ symbol: SYMBOL }),
    [api.flows.subscribe.channel]: () => ({ backlog: 0 }),
  };
  const transport: BridgeTransport = {
    async invoke(channel, payload) {
      sent.push(channel);
      const checked = validateRequest(channel, payload, 'book');
      if (!checked.ok) return { ok: false, error: checked.error };
      if (channel === api.books.timeline.channel) {
        return new Promise<Envelope<unknown>>((resolve) => waiting.push((history) => resolve({ ok: true, value: history })));
      }
      const answer = answers[channel];
      return answer ? { ok: true, value: answer() } : { ok: false, error: { code: 'UNAVAILABLE', message: `no answer scripted for ${channel}` } };
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
  let link: LinkState = { status: 'connecting', attempt: 1, since: 0 };
  const linkListeners = new Set<(state: LinkState) => void>();
  const hostLink: HostLink = {
    state: () => link,
    onState: (listener) => {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    hasCredentials: () => true,
  };
  let queued: (() => void) | null = null;
  const batcher = new FrameBatcher((callback) => {
    queued = callback;
  });
  const emitted: { name: string; detail: unknown }[] = [];
  const readers = new Map<string, () => unknown>();
  const hooks: TestHooks = {
    emit: (name, detail) => emitted.push({ name, detail }),
    expose: (name, read) => readers.set(name, read),
  };
  const model = new BookModel({ bridge: createBridge(transport, 'book'), link: hostLink, batcher, hooks, symbol: SYMBOL });
  return {
    model,
    sent,
    emitted,
    answerTimeline: (history) => {
      const next = waiting.shift();
      if (!next) throw new Error('no books.timeline request is waiting');
      next(history);
    },
    push: (delta) => listeners.get(events.books.timeline.channel)?.forEach((l) => l(delta)),
    setLink: (status) => {
      link = status === 'open' ? { status: 'open', since: 0 } : { status: 'connecting', attempt: 2, since: 0 };
      linkListeners.forEach((l) => l(link));
    },
    frame: () => {
      const run = queued;
      queued = null;
      run?.();
    },
    settle: async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    },
    read: (name) => readers.get(name)?.(),
  };
}
