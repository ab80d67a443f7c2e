// Binary frames for the windows' high-rate streams: a flow batch (or reset) as one binary
// message in the columnar form of flow-codec-layout.ts, instead of JSON inside a text message.
// The web host sends them as binary WebSocket frames to a socket that asked for them
// (`wire=binary` in its query, wire.ts); an Electron window gets them over its MessagePort. Both
// are pushes from main to a window: nothing a window sends is read this way (its requests are
// JSON, checked by the contract's parsers).
//
// A frame: u32 FRAME_MAGIC, u32 channel code, f64 when main sent it (epoch ms: the window can
// tell how long a batch took to reach its screen), then the packed batch (8-byte aligned, so the
// decoder's typed arrays view the received buffer without a copy).
import { encodeFlows } from './flow-codec-encode.ts';
import { FlowCodecError, packedRowCount } from './flow-codec-layout.ts';
import { decodeFlowBatch, flowEvents, type FlowBatchWire } from './flows.ts';
import type { WireEvent } from './push.ts';

export const FRAME_MAGIC = 0x31455746; // 'FWE1' read little-endian
const FRAME_HEADER_BYTES = 16;
/** 'FWA1': a window's receipt of a binary frame (the only binary message a window sends). */
export const ACK_MAGIC = 0x31415746;

/** The channels that travel as binary frames, by their code in the frame header. */
const CHANNELS: readonly string[] = [flowEvents.batch.channel, flowEvents.reset.channel];

export function isBinaryChannel(channel: string): boolean {
  return CHANNELS.includes(channel);
}

/** One event of a binary channel as a frame; its batch is packed unless it already is. */
export function encodeBinaryFrame(channel: string, wire: FlowBatchWire, sentAt: number = Date.now()): Uint8Array {
  const code = CHANNELS.indexOf(channel);
  if (code < 0) throw new FlowCodecError(`${channel} is not a binary channel`);
  const packed = wire.format === 'packed' ? wire.bytes : encodeFlows(decodeFlowBatch(wire));
  const frame = new Uint8Array(FRAME_HEADER_BYTES + packed.byteLength);
  new Uint32Array(frame.buffer, 0, 2).set([FRAME_MAGIC, code]);
  new Float64Array(frame.buffer, 8, 1)[0] = sentAt;
  frame.set(packed, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * A received frame as the event it carries, its batch still packed (the window decodes it when
 * it applies it, once per animation frame). Throws FlowCodecError for anything that is not a
 * frame of ours; the batch itself is checked when it is decoded.
 */
export function readBinaryFrame(data: ArrayBuffer | Uint8Array): WireEvent {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const own = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  if (own.byteLength < FRAME_HEADER_BYTES) throw new FlowCodecError('a binary frame shorter than its header');
  const [magic, code] = new Uint32Array(own.buffer, own.byteOffset, 2) as unknown as [number, number];
  if (magic !== FRAME_MAGIC) throw new FlowCodecError('not a binary frame of this wire (bad magic)');
  const channel = CHANNELS[code];
  if (channel === undefined) throw new FlowCodecError(`unknown binary channel ${code}`);
  const sentAt = new Float64Array(own.buffer, own.byteOffset + 8, 1)[0] as number;
  const packed = own.subarray(FRAME_HEADER_BYTES);
  const wire: FlowBatchWire = { format: 'packed', n: packedRowCount(packed), bytes: packed, sentAt };
  return [channel, wire];
}

/** A batch of events for one window, in order: JSON parts and binary frames. */
export type WirePart = { kind: 'json'; events: WireEvent[] } | { kind: 'binary'; channel: string; frame: Uint8Array };

/** Splits a batch so binary channels go as frames of their own, in the order the events came. */
export function splitForBinary(events: readonly WireEvent[]): WirePart[] {
  const parts: WirePart[] = [];
  let json: WireEvent[] = [];
  for (const event of events) {
    if (!isBinaryChannel(event[0])) {
      json.push(event);
      continue;
    }
    if (json.length > 0) parts.push({ kind: 'json', events: json });
    json = [];
    parts.push({ kind: 'binary', channel: event[0], frame: encodeBinaryFrame(event[0], event[1] as FlowBatchWire) });
  }
  if (json.length > 0) parts.push({ kind: 'json', events: json });
  return parts;
}

/** The channel a binary frame of ours carries, from its header (null for anything else). */
export function frameChannel(data: Uint8Array): string | null {
  if (data.byteLength < FRAME_HEADER_BYTES) return null;
  const view = new DataView(data.buffer, data.byteOffset, FRAME_HEADER_BYTES);
  if (view.getUint32(0, true) !== FRAME_MAGIC) return null;
  return CHANNELS[view.getUint32(4, true)] ?? null;
}

/** When main sent a binary frame, from its header (NaN for anything shorter than one). */
export function frameSentAt(data: ArrayBuffer | Uint8Array): number {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength < FRAME_HEADER_BYTES) return Number.NaN;
  return new DataView(bytes.buffer, bytes.byteOffset, FRAME_HEADER_BYTES).getFloat64(8, true);
}

/**
 * A window's receipt of a binary frame: u32 ACK_MAGIC, u32 0, f64 the frame's send time. The
 * web host sends a window that acknowledges only a few flow frames ahead of what it has
 * received, and merges what comes meanwhile (src-main/hosts/web/send-queue.ts), so flows never
 * queue in the socket's buffers on the way to a window that cannot keep up.
 */
export function encodeAck(sentAt: number): ArrayBuffer {
  const ack = new ArrayBuffer(FRAME_HEADER_BYTES);
  const view = new DataView(ack);
  view.setUint32(0, ACK_MAGIC, true);
  view.setFloat64(8, sentAt, true);
  return ack;
}

/** The send time a window's receipt acknowledges, or null for anything that is not a receipt. */
export function readAck(data: Uint8Array): number | null {
  if (data.byteLength !== FRAME_HEADER_BYTES) return null;
  const view = new DataView(data.buffer, data.byteOffset, FRAME_HEADER_BYTES);
  if (view.getUint32(0, true) !== ACK_MAGIC || view.getUint32(4, true) !== 0) return null;
  const sentAt = view.getFloat64(8, true);
  return Number.isFinite(sentAt) ? sentAt : null;
}
