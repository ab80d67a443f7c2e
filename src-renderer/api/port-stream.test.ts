// The page's side of the port handshake over Node's own MessageChannel and EventTarget.
import { describe, expect, it } from 'vitest';
import { createBridge, type BridgeTransport } from '../../shared/ipc/bridge.ts';
import { encodeBinaryFrame } from '../../shared/ipc/binary-frames.ts';
import { EventFanOut } from '../../shared/ipc/fan-out.ts';
import { decodeFlowBatch, encodeFlowBatch, type FlowBatchWire } from '../../shared/ipc/flows.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { events as eventDefs } from '../../shared/ipc/index.ts';
import { makePortNonce } from '../../shared/ipc/port-handshake.ts';
import { acquirePort, listenPort, withPortStreams } from './port-stream.ts';

const nonce = () => makePortNonce((b) => crypto.getRandomValues(b));

describe('acquirePort', () => {
  it('takes only the port posted from its own window with its own nonce', async () => {
    const target = new EventTarget();
    const mine = nonce();
    const own = new MessageChannel();
    const forged = new MessageChannel();
    let asked = '';
    const port = acquirePort(target as never, (n) => (asked = n), mine, (event) => event.origin === 'own');
    expect(asked).toBe(mine);
    // Another frame with the right nonce, and our window with a wrong one: both ignored.
    target.dispatchEvent(new MessageEvent('message', { data: { fathomPort: mine }, ports: [forged.port1], origin: 'other' }));
    target.dispatchEvent(new MessageEvent('message', { data: { fathomPort: nonce() }, ports: [forged.port2], origin: 'own' }));
    target.dispatchEvent(new MessageEvent('message', { data: { fathomPort: mine }, ports: [own.port1], origin: 'own' }));
    expect(await port).toBe(own.port1);
    for (const p of [own.port1, own.port2, forged.port1, forged.port2]) p.close();
  });
});

describe('flow frames over the port', () => {
  it('reach the bridge listeners beside what the preload delivers, and a bad frame is reported', async () => {
    const preloaded = new EventFanOut();
    const transport: BridgeTransport = { invoke: async () => ({ ok: true, value: null }), subscribe: (c, l) => preloaded.subscribe(c, l) };
    const fromPort = new EventFanOut();
    const bridge = withPortStreams(createBridge(transport, 'feed'), fromPort);
    const seen: string[][] = [];
    const off = bridge.on.flows.batch((wire) => seen.push(decodeFlowBatch(wire).map((r) => r.id)));
    const a = flowRow();
    const b = flowRow();
    preloaded.deliver([[eventDefs.flows.batch.channel, encodeFlowBatch([a])]]);

    const { port1, port2 } = new MessageChannel();
    const bad: unknown[] = [];
    const arrived = new Promise<void>((resolve) => fromPort.subscribe(eventDefs.flows.batch.channel, () => resolve()));
    listenPort(port2, fromPort, (e) => bad.push(e));
    port1.postMessage('not binary');
    port1.postMessage(encodeBinaryFrame(eventDefs.flows.batch.channel, encodeFlowBatch([b])));
    await arrived;
    expect(seen).toEqual([[a.id], [b.id]]);
    expect(bad).toHaveLength(1);
    off();
    preloaded.deliver([[eventDefs.flows.batch.channel, encodeFlowBatch([flowRow()]) as FlowBatchWire]]);
    expect(seen).toHaveLength(2);
    port1.close();
  });
});
