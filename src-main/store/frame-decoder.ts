// The decoder of the 'delta1' frame codec (frame-codec.ts): rebuilds each frame's exact text
// from its pieces and its items' changes, reading the chain's batches in order.
import { ByteReader } from './byte-stream.ts';
import {
  NEGATIVE_ZERO,
  NUM_ABSOLUTE,
  NUM_NEW_SCALE,
  NUM_SAME_SCALE,
  POW10,
  TEXT_NEW,
  TEXT_SAME,
  formatDecimal,
  lengthsEnd,
  newSlot,
  slotOf,
  unpack,
  type CodecFrame,
  type Slot,
} from './frame-codec.ts';

interface Readers {
  head: ByteReader;
  tags: ByteReader;
  nums: ByteReader;
  texts: ByteReader;
}

/** Per-chain state of the decoder: batches of a chain are decoded in order, the first with `key`. */
export class FrameDecoder {
  private contracts: Slot[][] = [];
  private fields: string[] = [];
  private shapes: number[][] = [];
  private received: Slot = newSlot();
  private started = false;

  decode(payload: Buffer, key: boolean): CodecFrame[] {
    if (key) {
      this.contracts = [];
      this.fields = [];
      this.shapes = [];
      this.received = newSlot();
      this.started = true;
    } else if (!this.started) {
      throw new Error('a continuing frame batch read without the batch that starts its chain');
    }
    const body = unpack(payload);
    const lengths = new ByteReader(body);
    const count = lengths.uint();
    const headLen = lengths.uint();
    const tagsLen = lengths.uint();
    const numsLen = lengths.uint();
    const at = lengthsEnd(body);
    const r: Readers = {
      head: new ByteReader(body, at, at + headLen),
      tags: new ByteReader(body, at + headLen, at + headLen + tagsLen),
      nums: new ByteReader(body, at + headLen + tagsLen, at + headLen + tagsLen + numsLen),
      texts: new ByteReader(body, at + headLen + tagsLen + numsLen),
    };
    const frames = new Array<CodecFrame>(count);
    for (let f = 0; f < count; f++) {
      const receivedLit = this.value(this.received, r);
      const receivedAt = receivedLit === null ? -0 : Number(receivedLit);
      const connection = r.head.uint();
      frames[f] = { receivedAt, connection, text: r.head.uint() === 0 ? r.texts.text() : this.frame(r) };
    }
    return frames;
  }

  private frame(r: Readers): string {
    let text = '';
    while (r.head.uint() === 1) {
      text += r.texts.text();
      let first = true;
      for (;;) {
        const contract = r.head.uint();
        if (contract === 0) break;
        if (!first) text += ',';
        first = false;
        text += this.item(contract - 1, r);
      }
    }
    return text + r.texts.text();
  }

  private item(id: number, r: Readers): string {
    if (id === this.contracts.length) this.contracts.push([]);
    const slots = this.contracts[id];
    if (!slots) throw new Error(`a frame batch names contract ${id} before it was defined`);
    const shapeId = r.head.uint();
    if (shapeId === this.shapes.length) {
      const n = r.head.uint();
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        const field = r.head.uint();
        if (field === this.fields.length) this.fields.push(r.head.text());
        ids.push(field);
      }
      this.shapes.push(ids);
    }
    const shape = this.shapes[shapeId];
    if (!shape) throw new Error(`a frame batch uses shape ${shapeId} before it was defined`);
    let out = '{';
    for (let i = 0; i < shape.length; i++) {
      const field = shape[i] as number;
      if (i > 0) out += ',';
      out += this.fields[field] as string;
      out += ':';
      out += this.value(slotOf(slots, field), r) ?? '-0';
    }
    return `${out}}`;
  }

  /** The value's text; null for -0 (only a receive time can be one). */
  private value(slot: Slot, r: Readers): string | null {
    const tag = r.tags.byte();
    switch (tag) {
      case NUM_SAME_SCALE:
        slot.m += r.nums.int();
        return formatDecimal(slot.m, slot.d);
      case NUM_NEW_SCALE: {
        const d = r.nums.uint();
        const c = Math.max(d, slot.d);
        const cur = slot.m * (POW10[c - slot.d] as number) + r.nums.int();
        slot.m = cur / (POW10[c - d] as number);
        slot.d = d;
        slot.kind = 1;
        return formatDecimal(slot.m, d);
      }
      case NUM_ABSOLUTE:
        slot.d = r.nums.uint();
        slot.m = r.nums.int();
        slot.kind = 1;
        return formatDecimal(slot.m, slot.d);
      case TEXT_SAME:
        return slot.text;
      case TEXT_NEW:
        slot.text = r.texts.text();
        slot.kind = 2;
        return slot.text;
      case NEGATIVE_ZERO:
        return null;
      default:
        throw new Error(`unknown value tag ${tag} in a frame batch`);
    }
  }
}
