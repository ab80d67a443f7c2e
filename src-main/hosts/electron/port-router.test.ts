// The router over a real MessageChannel (Node's, which Electron's MessageChannelMain mirrors).
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readBinaryFrame } from '../../../shared/ipc/binary-frames.ts';
import { decodeFlowBatch, encodeFlowBatch, type FlowBatchWire } from '../../../shared/ipc/flows.ts';
import { flowRow } from '../../../shared/ipc/flow-rows.testkit.ts';
import { events as eventDefs } from '../../../shared/ipc/index.ts';
import type { WireEvent } from '../../../shared/ipc/push.ts';
import { memoryLogger } from '../../util/memory-logger.testkit.ts';
import { PortRouter } from './port-router.ts';

const BATCH = eventDefs.flows.batch.channel;
const STATS = eventDefs.flows.stats.channel;

describe('PortRouter', () => {
  it('sends everything over the events channel until the page holds a port, then flow batches over the port as binary frames', async () => {
    const ipc: WireEvent[][] = [];
    const router = new PortRouter((events) => ipc.push(events), memoryLogger().logger);
    const rows = [flowRow(), flowRow()];
    router.send([[BATCH, encodeFlowBatch(rows)]]);
    expect(ipc).toHaveLength(1);

    const { port1, port2 } = new MessageChannel();
    const frames: Uint8Array[] = [];
    const got = new Promise<void>((resolve) =>
      port2.on('message', (data: Uint8Array) => {
        frames.push(data);
        resolve();
      }),
    );
    router.attach(port1);
    router.send([[STATS, { at: 1 }], [BATCH, encodeFlowBatch(rows)], [STATS, { at: 2 }]]);
    await got;
    expect(ipc.slice(1).map((events) => events.map(([c, p]) => [c, p]))).toEqual([[[STATS, { at: 1 }]], [[STATS, { at: 2 }]]]);
    const [channel, wire] = readBinaryFrame(frames[0]!);
    expect(channel).toBe(BATCH);
    expect(decodeFlowBatch(wire as FlowBatchWire)).toEqual(rows);

    const closed = new Promise<void>((resolve) => port2.once('close', () => resolve()));
    router.detach();
    await closed;
    router.send([[BATCH, encodeFlowBatch(rows)]]);
    expect(ipc).toHaveLength(4);
    port2.close();
  });

  it('sends a batch it cannot pack over the events channel, with a warning', () => {
    const ipc: WireEvent[][] = [];
    const logged = memoryLogger();
    const router = new PortRouter((events) => ipc.push(events), logged.logger);
    const posted: unknown[] = [];
    router.attach({ postMessage: (m) => posted.push(m), close: () => undefined });
    router.send([[BATCH, encodeFlowBatch([flowRow({ side: 'SIDEWAYS' as never })])]]);
    expect(posted).toHaveLength(0);
    expect(ipc).toHaveLength(1);
    expect(logged.lines.some((l) => l.includes('could not be packed'))).toBe(true);
  });
});
