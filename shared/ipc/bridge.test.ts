import { describe, expect, it } from 'vitest';
import type { Envelope } from './define.ts';
import { createBridge, IpcClientError, type BridgeTransport } from './bridge.ts';
import { api, eventDef, events, requestDef } from './index.ts';
import { validateRequest } from './validate.ts';
import { IPC_PATH, MAX_CLIENT_MESSAGE_BYTES, parseClientMessage } from './wire.ts';

/** A transport that answers like main does: validation first, then an echo of the payload. */
function transport(kind: 'feed' | 'book', answer: (channel: string, value: unknown) => Envelope<unknown> | null = (_c, v) => ({ ok: true, value: v })) {
  const sent: string[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const t: BridgeTransport = {
    async invoke(channel, payload) {
      sent.push(channel);
      const checked = validateRequest(channel, payload, kind);
      if (!checked.ok) return { ok: false, error: checked.error };
      return answer(channel, checked.value) ?? new Promise<Envelope<unknown>>(() => undefined);
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
  return { t, sent, emit };
}

describe('createBridge', () => {
  it('exposes a named method per request the window kind may make, and nothing else', () => {
    const feed = createBridge(transport('feed').t, 'feed');
    const book = createBridge(transport('book').t, 'book');
    expect(typeof feed.api.auth.begin).toBe('function');
    expect((book.api.auth as Record<string, unknown>).begin).toBeUndefined();
    expect(typeof book.api.books.subscribe).toBe('function');
    expect(Object.isFrozen(feed.api) && Object.isFrozen(feed.api.flows)).toBe(true);
    expect('invoke' in feed).toBe(false);
  });

  it('unwraps envelopes: values resolve, refusals reject with the code', async () => {
    const { t, sent } = transport('feed');
    const bridge = createBridge(t, 'feed');
    await expect(bridge.api.books.subscribe({ symbol: ' SPY   261218C00600000 ' })).resolves.toEqual({ symbol: 'SPY   261218C00600000' });
    const refused = bridge.api.flows.subscribe({ backlog: -1 });
    await expect(refused).rejects.toBeInstanceOf(IpcClientError);
    await expect(refused).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(sent).toEqual(['books:subscribe', 'flows:subscribe']);
  });

  it('gives up on a request that is never answered, with a TIMEOUT', async () => {
    const bridge = createBridge(transport('feed', () => null).t, 'feed', 20);
    await expect(bridge.api.settings.get({})).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('delivers pushed events by name, each subscription with its own unsubscribe', () => {
    const { t, emit } = transport('feed');
    const bridge = createBridge(t, 'feed');
    const seen: unknown[] = [];
    const off = bridge.on.alerts.fired((a) => seen.push(a));
    bridge.on.alerts.fired((a) => seen.push(['second', a]));
    emit('alerts:fired', 1);
    off();
    emit('alerts:fired', 2);
    expect(seen).toEqual([1, ['second', 1], ['second', 2]]);
  });
});

describe('the registry and the wire', () => {
  it('knows event channels apart from request channels', () => {
    expect(eventDef(events.flows.batch.channel)).toBe(events.flows.batch);
    expect(eventDef(api.settings.get.channel)).toBeUndefined();
    expect(requestDef(api.settings.get.channel)).toBe(api.settings.get);
    expect(requestDef(events.alerts.fired.channel)).toBeUndefined();
  });

  it('parses only well-formed client requests of bounded size', () => {
    expect(IPC_PATH).toBe('/ipc');
    expect(parseClientMessage('{"t":"req","id":3,"channel":"settings:get","payload":{}}')).toEqual({ t: 'req', id: 3, channel: 'settings:get', payload: {} });
    for (const bad of ['', 'nope', '[]', 'null', '{"t":"res","id":1,"channel":"x"}', '{"t":"req","id":"1","channel":"x"}', '{"t":"req","id":1.5,"channel":"x"}', '{"t":"req","id":1,"channel":7}']) {
      expect(parseClientMessage(bad), bad).toBeNull();
    }
    const huge = JSON.stringify({ t: 'req', id: 1, channel: 'settings:get', payload: 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES) });
    expect(parseClientMessage(huge)).toBeNull();
  });
});
