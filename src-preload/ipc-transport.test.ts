import { describe, expect, it } from 'vitest';
import { createBridge } from '../shared/ipc/bridge.ts';
import { EVENTS_CHANNEL, REQUEST_CHANNEL } from '../shared/ipc/transport.ts';
import { createIpcTransport, type IpcRendererLike } from './ipc-transport.ts';
import { api, events as eventDefs } from '../shared/ipc/index.ts';

/** A stand-in for ipcRenderer: records invokes, answers from a function, and can push events. */
function fakeIpc(answer: (channel: string, payload: unknown) => unknown = () => ({ ok: true, value: null })) {
  const invoked: unknown[][] = [];
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipc: IpcRendererLike = {
    async invoke(channel, ...args) {
      invoked.push([channel, ...args]);
      return answer(args[0] as string, args[1]);
    },
    on(channel, listener) {
      handlers.set(channel, listener);
      return ipc;
    },
  };
  const push = (batch: unknown) => handlers.get(EVENTS_CHANNEL)?.({}, batch);
  return { ipc, invoked, push, handlers };
}

describe('the preload transport', () => {
  it('sends every request on the one internal channel and returns the envelope', async () => {
    const { ipc, invoked } = fakeIpc(() => ({ ok: true, value: { muted: true } }));
    const transport = createIpcTransport(ipc);
    expect(await transport.invoke(api.alerts.mute.channel, { muted: true })).toEqual({ ok: true, value: { muted: true } });
    expect(invoked).toEqual([[REQUEST_CHANNEL, api.alerts.mute.channel, { muted: true }]]);
  });

  it('turns a missing or malformed answer, or a failed invoke, into a failed envelope', async () => {
    for (const [answer, code] of [
      [undefined, 'INTERNAL'],
      [{ ok: false }, 'INTERNAL'],
      [{ ok: 'yes', value: 1 }, 'INTERNAL'],
      ['text', 'INTERNAL'],
    ] as const) {
      const transport = createIpcTransport(fakeIpc(() => answer).ipc);
      expect(await transport.invoke(api.settings.get.channel, {})).toMatchObject({ ok: false, error: { code } });
    }
    const throwing = createIpcTransport(
      fakeIpc(() => {
        throw new Error('An object could not be cloned.');
      }).ipc,
    );
    expect(await throwing.invoke(api.settings.get.channel, {})).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'settings:get: An object could not be cloned.' } });
  });

  it('fans pushed batches out by channel, in order; unsubscribes are independent', () => {
    const { ipc, push } = fakeIpc();
    const transport = createIpcTransport(ipc);
    const seen: unknown[] = [];
    const listener = (p: unknown) => seen.push(p);
    const offA = transport.subscribe(eventDefs.marketData.status.channel, listener);
    const offB = transport.subscribe(eventDefs.marketData.status.channel, listener);
    transport.subscribe(eventDefs.alerts.fired.channel, (p) => seen.push(['alert', p]));
    push([
      [api.marketData.status.channel, 1],
      [eventDefs.alerts.fired.channel, 2],
      ['unknown', 3],
    ]);
    expect(seen).toEqual([1, 1, ['alert', 2]]);
    offA();
    offA();
    push([[api.marketData.status.channel, 4]]);
    offB();
    push([[api.marketData.status.channel, 5]]);
    expect(seen).toEqual([1, 1, ['alert', 2], 4]);
  });

  it('ignores malformed batches, and keeps delivering when a listener throws', () => {
    const errors: string[] = [];
    const { ipc, push } = fakeIpc();
    const transport = createIpcTransport(ipc, { onListenerError: (channel) => errors.push(channel) });
    const seen: unknown[] = [];
    transport.subscribe('x', () => {
      throw new Error('boom');
    });
    transport.subscribe('x', (p) => seen.push(p));
    for (const bad of [null, 'x', 42, [null], [[1, 2]], [['x']]]) push(bad);
    push([['x', 'ok']]);
    expect(seen).toEqual([undefined, 'ok']);
    expect(errors).toEqual(['x', 'x']);
  });

  it("gives the page named methods only, filtered by the window's kind", () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(createIpcTransport(ipc), 'book');
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.api) && Object.isFrozen(bridge.api.windows)).toBe(true);
    expect(Object.keys(bridge)).toEqual(['window', 'api', 'on']);
    expect('invoke' in bridge || 'subscribe' in bridge || 'transport' in bridge).toBe(false);
    expect(typeof bridge.api.windows.openFeed).toBe('function');
    expect(typeof bridge.api.books.subscribe).toBe('function');
    const feed = createBridge(createIpcTransport(ipc), 'feed');
    expect('openFeed' in feed.api.windows).toBe(false);
  });

  it('rejects a refused request with the message from main', async () => {
    const { ipc } = fakeIpc(() => ({ ok: false, error: { code: 'FORBIDDEN', message: 'this sender may not call Fathom' } }));
    const bridge = createBridge(createIpcTransport(ipc), 'feed');
    await expect(bridge.api.settings.get({})).rejects.toThrow('this sender may not call Fathom');
  });
});
