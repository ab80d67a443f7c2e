// The send queue on a real socket: a ws server on loopback, a real client that stops reading
// (its TCP socket paused), and a manual clock for the deadline.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { events as eventDefs, api } from '../../../shared/ipc/index.ts';
import { ManualClock } from '../../util/manual-clock.testkit.ts';
import { memoryLogger } from '../../util/memory-logger.testkit.ts';
import { CLOSE_TOO_SLOW, SendQueue, type SendQueueLimits } from './send-queue.ts';
import { connectWindow, type WindowClient } from './web-client.testkit.ts';
import { decodeFlowBatch, encodeFlowBatch, type FlowBatchWire } from '../../../shared/ipc/flows.ts';
import { flowRow } from '../../../shared/ipc/flow-rows.testkit.ts';
import { encodeAck, readAck } from '../../../shared/ipc/binary-frames.ts';

const LIMITS: SendQueueLimits = { lowWaterBytes: 64 * 1024, flowLowWaterBytes: 64 * 1024, flowFramesAhead: 2, maxQueuedBytes: 512 * 1024, stallMs: 1_000, closeGraceMs: 500 };
const STATUS = eventDefs.auth.status.channel; // latest
const WARNING = eventDefs.auth.warning.channel; // every
const BOOK = eventDefs.books.book.channel; // latest, one per contract

let wss: WebSocketServer;
let clock: ManualClock;
let server: WebSocket;
let client: WindowClient;
let queue: SendQueue;
let logged: ReturnType<typeof memoryLogger>;

beforeEach(async () => {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  client = await connectWindow((wss.address() as AddressInfo).port, 'window=feed');
  server = await accepted;
  clock = new ManualClock(0);
  logged = memoryLogger();
  queue = new SendQueue(server, { clock, log: logged.logger, window: 'w1', limits: LIMITS });
});

afterEach(async () => {
  client.ws.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
});

const warning = (n: number, size = 100) => [WARNING, { n, message: 'w'.repeat(size) }] as [string, unknown];
const status = (n: number) => [STATUS, { state: 'signed-out', reason: `status ${n}` }] as [string, unknown];
const book = (symbol: string, n: number) => [BOOK, { symbol, n }] as [string, unknown];
const received = (channel: string) => client.events.filter(([c]) => c === channel).map(([, p]) => p as Record<string, unknown>);

/** Pushes 32 KiB warnings to a window that does not read until they start to queue. */
function backUp(): number {
  let n = 0;
  while (queue.queuedBytes === 0) {
    if (n > 10_000) throw new Error('the socket never backed up');
    queue.events([warning(n++, 32 * 1024)]);
  }
  return n;
}

describe('send queue', () => {
  it('sends at once while the window reads, in one frame per batch', async () => {
    queue.events([status(1), warning(1)]);
    await client.waitFor(([c]) => c === WARNING);
    expect(client.events).toEqual([status(1), warning(1)]);
    expect(queue.queuedBytes).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('while the window stops reading: keeps only the newest of each latest event, every event in order, under its bound', async () => {
    client.pause();
    const filled = backUp();
    for (let i = 1; i <= 30; i++) {
      queue.events([status(i), book(i % 2 ? 'SPY   261218C00600000' : 'QQQ   261218P00500000', i)]);
      if (i % 5 === 0) queue.events([warning(filled + i)]);
      queue.answer(i, { ok: true, value: i });
      expect(queue.queuedBytes).toBeLessThanOrEqual(LIMITS.maxQueuedBytes);
    }
    const queued = queue.queuedBytes;
    client.resume();
    await client.waitFor(([c, p]) => c === WARNING && (p as { n: number }).n === filled + 30);
    expect(queue.queuedBytes).toBe(0);
    // What was superseded no longer counts: the queue held the one warning that backed it up,
    // the six after it, the newest status, the newest book of each contract and the answers.
    const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
    const kept = [warning(filled - 1, 32 * 1024), ...[5, 10, 15, 20, 25, 30].map((i) => warning(filled + i)), status(30), book('SPY   261218C00600000', 29), book('QQQ   261218P00500000', 30)];
    const answers = Array.from({ length: 30 }, (_, i) => ({ t: 'res', id: i + 1, envelope: { ok: true, value: i + 1 } }));
    expect(queued).toBe([...kept, ...answers].reduce((sum, item) => sum + size(item), 0));
    // Superseded pushes never went out; the newest did, after everything queued before it.
    expect(received(STATUS).map((p) => p.reason)).toEqual(['status 30']);
    expect(received(BOOK).map((p) => p.n)).toEqual([29, 30]);
    const warnings = received(WARNING).map((p) => p.n);
    expect(warnings).toEqual([...Array.from({ length: filled }, (_, i) => i), ...[5, 10, 15, 20, 25, 30].map((i) => filled + i)]);
    // A newer push takes its place after what arrived before it.
    expect(client.events.slice(-4)).toEqual([book('SPY   261218C00600000', 29), status(30), book('QQQ   261218P00500000', 30), warning(filled + 30)]);
    // The deadline is off once the queue empties; the window stays open.
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(LIMITS.stallMs * 2);
    expect(server.readyState).toBe(server.OPEN);
  });

  it('answers every request, in order, even while the window is behind', async () => {
    client.pause();
    backUp();
    for (let id = 1; id <= 20; id++) queue.answer(id, { ok: true, value: id });
    const answers = Promise.all(Array.from({ length: 20 }, (_, i) => client.call(api.settings.get.channel).then((e) => ({ id: i + 1, e }))));
    client.resume();
    for (const { id, e } of await answers) expect(e).toEqual({ ok: true, value: id });
  });

  it('closes with 1013 when an event that must arrive would pass the bound, never holding more than it', async () => {
    client.pause();
    let n = backUp();
    while (server.readyState === server.OPEN) {
      queue.events([warning(n++, 32 * 1024)]);
      expect(queue.queuedBytes).toBeLessThanOrEqual(LIMITS.maxQueuedBytes);
    }
    expect(queue.queuedBytes).toBe(0);
    expect(logged.lines.some((l) => l.includes('too slow') && l.includes('would pass'))).toBe(true);
    // Later pushes go nowhere.
    queue.events([warning(n)]);
    expect(queue.queuedBytes).toBe(0);
    client.resume();
    expect(await client.closed).toEqual({ code: CLOSE_TOO_SLOW, reason: 'too slow' });
  });

  it('closes with 1013 a window whose queue has not emptied by the deadline', async () => {
    client.pause();
    backUp();
    clock.advance(LIMITS.stallMs - 1);
    queue.events([status(1)]);
    expect(server.readyState).toBe(server.OPEN);
    clock.advance(1);
    expect(server.readyState).toBe(server.CLOSING);
    expect(logged.lines.some((l) => l.includes('too slow') && l.includes('did not empty'))).toBe(true);
    client.resume();
    expect(await client.closed).toEqual({ code: CLOSE_TOO_SLOW, reason: 'too slow' });
  });

  it('cuts a window that never reads the close frame after the grace', async () => {
    client.pause();
    backUp();
    clock.advance(LIMITS.stallMs);
    expect(server.readyState).toBe(server.CLOSING);
    const serverClosed = new Promise<number>((resolve) => server.once('close', (code) => resolve(code)));
    clock.advance(LIMITS.closeGraceMs);
    expect(await serverClosed).toBe(1006);
  });

  it('sends flow batches as binary frames to a window that asked; while it is behind they wait merged, where the newest stood', async () => {
    const binary = new SendQueue(server, { clock, log: logged.logger, window: 'w1', limits: LIMITS, binary: true });
    const rows = (n: number) => [flowRow({ id: `b${n}`, version: n })];
    const batch = (n: number) => [eventDefs.flows.batch.channel, encodeFlowBatch(rows(n))] as [string, unknown];
    binary.events([status(1), batch(1)]);
    await client.waitFor(([c]) => c === eventDefs.flows.batch.channel);
    client.pause();
    let n = 0;
    while (binary.queuedBytes === 0) {
      if (n > 10_000) throw new Error('the socket never backed up');
      binary.events([warning(n++, 32 * 1024)]);
    }
    binary.events([batch(2), status(2), batch(3)]);
    client.resume();
    await client.waitFor(([c, p]) => c === eventDefs.flows.batch.channel && decodeFlowBatch(p as FlowBatchWire).some((r) => r.id === 'b3'));
    const order = client.events
      .filter(([c]) => c === eventDefs.flows.batch.channel || c === STATUS)
      .map(([c, p]) => (c === STATUS ? (p as { reason: string }).reason : decodeFlowBatch(p as FlowBatchWire).map((r) => r.id).join('+')));
    expect(order).toEqual(['status 1', 'b1', 'status 2', 'b2+b3']);
    expect(client.binaryFrames()).toBe(2);
    expect(binary.shedFlows).toBe(0);
  });

  for (const wire of ['binary', 'JSON'] as const) {
    it(`sheds the older versions of flows waiting for a window that is behind (${wire}), never merging across a reset`, async () => {
      const q = wire === 'binary' ? new SendQueue(server, { clock, log: logged.logger, window: 'w1', limits: LIMITS, binary: true }) : queue;
      const BATCH = eventDefs.flows.batch.channel;
      const RESET = eventDefs.flows.reset.channel;
      const versions = (v: number, ids: number) => [BATCH, encodeFlowBatch(Array.from({ length: ids }, (_, k) => flowRow({ id: `g${k}`, version: v, size: v })))] as [string, unknown];
      client.pause();
      let n = 0;
      while (q.queuedBytes === 0) {
        if (n > 10_000) throw new Error('the socket never backed up');
        q.events([warning(n++, 32 * 1024)]);
      }
      // 200 versions of 50 flows (a stale version 3 among them), far more bytes than the bound
      // if each were kept: the queue holds one version of each.
      for (let v = 1; v <= 200; v++) {
        q.events([versions(v, 50)]);
        expect(q.queuedBytes).toBeLessThanOrEqual(LIMITS.maxQueuedBytes);
      }
      q.events([versions(3, 1)]);
      q.events([[RESET, encodeFlowBatch([flowRow({ id: 'r1', version: 1 })])], versions(201, 2)]);
      expect(server.readyState).toBe(server.OPEN);
      client.resume();
      await client.waitFor(([c, p]) => c === BATCH && decodeFlowBatch(p as FlowBatchWire).some((r) => r.version === 201));
      const flowEventsSeen = client.events.filter(([c]) => c === BATCH || c === RESET).map(([c, p]) => [c, decodeFlowBatch(p as FlowBatchWire).map((r) => `${r.id}@${r.version}`)]);
      expect(flowEventsSeen).toEqual([
        [BATCH, Array.from({ length: 50 }, (_, k) => `g${k}@200`)],
        [RESET, ['r1@1']],
        [BATCH, ['g0@201', 'g1@201']],
      ]);
      expect(q.shedFlows).toBe(199 * 50 + 1);
      expect(client.binaryFrames()).toBe(wire === 'binary' ? 3 : 0);
      expect(clock.pendingTimers()).toBe(0);
    });
  }

  it('holds flow batches back, merged, once the socket holds more than the flow mark, while other pushes still go straight out', async () => {
    const q = new SendQueue(server, { clock, log: logged.logger, window: 'w1', limits: { ...LIMITS, flowLowWaterBytes: 4 * 1024 }, binary: true });
    const BATCH = eventDefs.flows.batch.channel;
    const version = (v: number) => [BATCH, encodeFlowBatch([flowRow({ id: 'h1', version: v })])] as [string, unknown];
    client.pause();
    // Warnings until the socket holds more than the flow mark (the kernel's buffers fill first),
    // still far below the low-water mark the rest waits behind.
    for (let i = 0; server.bufferedAmount <= 4 * 1024; i++) {
      if (i > 10_000) throw new Error('the socket never backed up');
      q.events([warning(i, 4 * 1024)]);
    }
    expect(q.queuedBytes).toBe(0);
    for (let v = 1; v <= 20; v++) q.events([version(v)]);
    expect(q.queuedBytes).toBeGreaterThan(0);
    expect(q.shedFlows).toBe(19);
    client.resume();
    await client.waitFor(([c]) => c === BATCH);
    expect(client.events.filter(([c]) => c === BATCH).map(([, p]) => decodeFlowBatch(p as FlowBatchWire).map((r) => r.version))).toEqual([[20]]);
    expect(q.queuedBytes).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('to a window that acknowledges its frames, sends only a few flow frames ahead of its receipts and merges the rest meanwhile', async () => {
    const q = new SendQueue(server, { clock, log: logged.logger, window: 'w1', limits: LIMITS, binary: true });
    const acks: number[] = [];
    server.on('message', (data: Buffer) => {
      const sentAt = readAck(new Uint8Array(data));
      if (sentAt === null) throw new Error('not a receipt');
      acks.push(sentAt);
      q.received(sentAt);
    });
    const BATCH = eventDefs.flows.batch.channel;
    const version = (v: number) => [BATCH, encodeFlowBatch([flowRow({ id: 'k1', version: v })])] as [string, unknown];
    const batches = () => client.events.filter(([c]) => c === BATCH).map(([, p]) => p as FlowBatchWire & { format: 'packed' });
    const ack = async (index: number) => {
      const before = acks.length;
      client.ws.send(encodeAck(batches()[index]?.sentAt as number));
      await new Promise<void>((resolve) => {
        const check = () => (acks.length > before ? resolve() : setImmediate(check));
        check();
      });
    };
    // Before any receipt the window is not counted on to send them: batches go straight out.
    q.events([version(1)]);
    await client.waitFor(([c]) => c === BATCH);
    await ack(0);
    // Two frames on the way, not acknowledged: the next eight versions wait, merged into one.
    q.events([version(2)]);
    q.events([version(3)]);
    for (let v = 4; v <= 10; v++) q.events([version(v)]);
    await client.waitFor(() => batches().length === 3);
    expect(q.queuedBytes).toBeGreaterThan(0);
    expect(q.shedFlows).toBe(6);
    // What comes after the merge waits behind it, in order, until a receipt lets it go.
    const merged = q.queuedBytes;
    q.events([status(1)]);
    expect(q.queuedBytes).toBeGreaterThan(merged);
    await ack(2);
    await client.waitFor(([c]) => c === STATUS);
    expect(batches().map((b) => decodeFlowBatch(b)[0]?.version)).toEqual([1, 2, 3, 10]);
    expect(client.events.at(-1)?.[0]).toBe(STATUS);
    expect(q.queuedBytes).toBe(0);
  });

  it('gives a window whose queue moves, if never empties, a new deadline each time it takes something', async () => {
    const q = new SendQueue(server, { clock, log: logged.logger, window: 'w1', limits: { ...LIMITS, flowFramesAhead: 1 }, binary: true });
    let receipts = 0;
    server.on('message', (data: Buffer) => {
      q.received(readAck(new Uint8Array(data)) as number);
      receipts++;
    });
    const BATCH = eventDefs.flows.batch.channel;
    const RESET = eventDefs.flows.reset.channel;
    const version = (v: number) => [BATCH, encodeFlowBatch([flowRow({ id: 'm1', version: v })])] as [string, unknown];
    const frames = () => client.events.filter(([c]) => c === BATCH || c === RESET).map(([, p]) => p as FlowBatchWire & { format: 'packed' });
    const receipt = async (index: number) => {
      const before = receipts;
      client.ws.send(encodeAck(frames()[index]?.sentAt as number));
      await vi.waitFor(() => expect(receipts).toBe(before + 1));
    };
    q.events([version(1)]);
    await client.waitFor(() => frames().length === 1);
    await receipt(0);
    q.events([version(2)]);
    // One on the way: a merge, a reset (which closes it) and a merge after the reset wait.
    q.events([version(3), [RESET, encodeFlowBatch([flowRow({ id: 'm2', version: 1 })])], version(4)]);
    await client.waitFor(() => frames().length === 2);
    clock.advance(LIMITS.stallMs - 1);
    // Its receipt: the first merge and the reset go, the second merge waits for the next one.
    await receipt(1);
    await client.waitFor(() => frames().length === 4);
    expect(q.queuedBytes).toBeGreaterThan(0);
    clock.advance(1);
    expect(server.readyState).toBe(server.OPEN);
    clock.advance(LIMITS.stallMs);
    expect(server.readyState).toBe(server.CLOSING);
    expect(logged.lines.some((l) => l.includes('too slow') && l.includes('did not move'))).toBe(true);
  });
});
