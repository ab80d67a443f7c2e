import { describe, expect, it } from 'vitest';
import type { ClientMessage } from '../../shared/ipc/wire.ts';
import { parseServerMessage } from '../../shared/ipc/wire.ts';
import { MAX_QUEUED, WireClient } from './wire-client.ts';
import { api, events as eventDefs } from '../../shared/ipc/index.ts';
import { encodeBinaryFrame } from '../../shared/ipc/binary-frames.ts';
import { decodeFlowBatch, encodeFlowBatch, type FlowBatchWire } from '../../shared/ipc/flows.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';

function client() {
  const sent: ClientMessage[] = [];
  const wire = new WireClient((text) => sent.push(JSON.parse(text) as ClientMessage));
  return { wire, sent };
}

describe('WireClient', () => {
  it('queues requests until the socket opens, then sends them in order', async () => {
    const { wire, sent } = client();
    const a = wire.invoke(api.settings.get.channel, {});
    const b = wire.invoke(api.marketData.status.channel, {});
    expect(sent).toHaveLength(0);
    wire.opened();
    expect(sent.map((m) => m.channel)).toEqual([api.settings.get.channel, api.marketData.status.channel]);
    wire.received(JSON.stringify({ t: 'res', id: sent[1]!.id, envelope: { ok: true, value: 'B' } }));
    wire.received(JSON.stringify({ t: 'res', id: sent[0]!.id, envelope: { ok: true, value: 'A' } }));
    expect(await a).toEqual({ ok: true, value: 'A' });
    expect(await b).toEqual({ ok: true, value: 'B' });
    expect(wire.waiting).toBe(0);
  });

  it('fails requests in flight when the socket closes, and queues new ones again', async () => {
    const { wire, sent } = client();
    wire.opened();
    const lost = wire.invoke(eventDefs.flows.stats.channel, {});
    wire.closed('1006');
    expect(await lost).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    const later = wire.invoke(eventDefs.flows.stats.channel, {});
    expect(sent).toHaveLength(1);
    wire.opened();
    expect(sent).toHaveLength(2);
    wire.received(JSON.stringify({ t: 'res', id: sent[1]!.id, envelope: { ok: false, error: { code: 'NOT_FOUND', message: 'x' } } }));
    expect(await later).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'x' } });
  });

  it('refuses requests beyond the queue bound', async () => {
    const { wire } = client();
    for (let i = 0; i < MAX_QUEUED; i++) void wire.invoke(eventDefs.marketData.status.channel, {});
    expect(await wire.invoke(eventDefs.marketData.status.channel, {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('fans event batches out by channel, in order, and unsubscribes', () => {
    const { wire } = client();
    const seen: unknown[] = [];
    const off = wire.subscribe(eventDefs.flows.stats.channel, (p) => seen.push(['s', p]));
    wire.subscribe(eventDefs.marketData.gap.channel, (p) => seen.push(['g', p]));
    wire.received(JSON.stringify({ t: 'evts', events: [[api.flows.stats.channel, 1], [eventDefs.marketData.gap.channel, 2], ['other', 3], [api.flows.stats.channel, 4]] }));
    off();
    wire.received(JSON.stringify({ t: 'evts', events: [[api.flows.stats.channel, 5]] }));
    expect(seen).toEqual([['s', 1], ['g', 2], ['s', 4]]);
  });

  it('keeps delivering when one listener throws', () => {
    const errors: string[] = [];
    const wire = new WireClient(() => {}, (channel) => errors.push(channel));
    const seen: unknown[] = [];
    wire.subscribe(eventDefs.alerts.fired.channel, () => {
      throw new Error('boom');
    });
    wire.subscribe(eventDefs.alerts.fired.channel, (p) => seen.push(p));
    wire.received(JSON.stringify({ t: 'evts', events: [[eventDefs.alerts.fired.channel, 'a']] }));
    expect(seen).toEqual(['a']);
    expect(errors).toEqual([eventDefs.alerts.fired.channel]);
  });

  it('ignores malformed frames and answers to unknown ids', () => {
    const { wire } = client();
    expect(() => wire.received('not json')).not.toThrow();
    expect(() => wire.received(JSON.stringify({ t: 'res', id: 99, envelope: { ok: true, value: 1 } }))).not.toThrow();
  });
});

describe('parseServerMessage', () => {
  it('accepts the two shapes of wire.ts and nothing else', () => {
    expect(parseServerMessage('{"t":"res","id":1,"envelope":{"ok":true,"value":null}}')).toEqual({ t: 'res', id: 1, envelope: { ok: true, value: null } });
    expect(parseServerMessage('{"t":"res","id":1,"envelope":{"ok":false}}')).toBeNull();
    expect(parseServerMessage('{"t":"evts","events":[["a",1],[2,3],"x"]}')).toEqual({ t: 'evts', events: [['a', 1]] });
    expect(parseServerMessage('[1]')).toBeNull();
    expect(parseServerMessage('null')).toBeNull();
  });
});

describe('WireClient binary frames', () => {
  it('delivers a flow batch frame still packed, in order with the JSON events, and drops a frame not of ours', () => {
    const bad: unknown[] = [];
    const wire = new WireClient(() => {}, () => {}, (error) => bad.push(error));
    const seen: [string, unknown][] = [];
    wire.subscribe(eventDefs.flows.batch.channel, (p) => seen.push(['batch', p]));
    wire.subscribe(eventDefs.flows.stats.channel, (p) => seen.push(['stats', p]));
    const rows = [flowRow(), flowRow({ kind: 'BLOCK', whale: true })];
    wire.received(JSON.stringify({ t: 'evts', events: [[eventDefs.flows.stats.channel, 1]] }));
    const frame = encodeBinaryFrame(eventDefs.flows.batch.channel, encodeFlowBatch(rows));
    // As the browser hands it over: an ArrayBuffer of its own.
    wire.receivedBinary(frame.slice().buffer);
    expect(seen.map(([k]) => k)).toEqual(['stats', 'batch']);
    const wireBatch = seen[1]![1] as FlowBatchWire;
    expect(wireBatch.format).toBe('packed');
    expect(decodeFlowBatch(wireBatch)).toEqual(rows);
    wire.receivedBinary(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]).buffer);
    expect(bad).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });
});
