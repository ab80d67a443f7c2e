// A window's receipt of a binary frame (binary-frames.ts): what the web host reads from it, and
// what it refuses.
import { describe, expect, it } from 'vitest';
import { encodeAck, encodeBinaryFrame, frameChannel, frameSentAt, readAck } from './binary-frames.ts';
import { encodeFlowBatch, flowEvents } from './flows.ts';
import { flowRow } from './flow-rows.testkit.ts';

describe('binary frame receipts', () => {
  it('carries the send time read from the frame it acknowledges', () => {
    const frame = encodeBinaryFrame(flowEvents.batch.channel, encodeFlowBatch([flowRow()]), 1_796_310_000_123.5);
    expect(frameChannel(frame)).toBe(flowEvents.batch.channel);
    expect(frameSentAt(frame)).toBe(1_796_310_000_123.5);
    expect(readAck(new Uint8Array(encodeAck(frameSentAt(frame.slice().buffer))))).toBe(1_796_310_000_123.5);
  });

  it('refuses anything that is not a receipt: a frame, a wrong length, a bad magic, a non-finite time', () => {
    const frame = encodeBinaryFrame(flowEvents.reset.channel, encodeFlowBatch([flowRow()]), 5);
    expect(frameChannel(frame)).toBe(flowEvents.reset.channel);
    expect(readAck(frame)).toBeNull();
    expect(readAck(new Uint8Array(encodeAck(5)).subarray(0, 15))).toBeNull();
    const wrongMagic = new Uint8Array(encodeAck(5));
    wrongMagic[0] = 0;
    expect(readAck(wrongMagic)).toBeNull();
    expect(readAck(new Uint8Array(encodeAck(Number.NaN)))).toBeNull();
    expect(frameChannel(new Uint8Array(encodeAck(5)))).toBeNull();
    expect(frameSentAt(new Uint8Array(8))).toBeNaN();
  });
});
