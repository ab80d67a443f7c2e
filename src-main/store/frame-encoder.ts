// The encoder of the frame codec (frame-codec.ts), writing version 3. One pass over
// each frame's text: the text before each `"content":[` array goes to the texts as it is, and
// each item of the array, a flat `{"name":value,…}` object with a "key" field (nested arrays
// and objects allowed), is written by ItemEncoder (frame-items.ts). An item that is not such an
// object (a space, nesting where a name goes, no key, the text ending early) is found mid-frame;
// the batch is then encoded again from a new chain with that frame verbatim, so no state is ever
// half-applied.
import { ByteWriter } from './byte-stream.ts';
import { serviceBefore } from './frame-text.ts';
import { KEY_FRAMES, KEY_ITEMS, NEGATIVE_ZERO, newSlot, nextDictionary, pack, type CodecFrame, type Slot } from './frame-codec.ts';
import { ItemEncoder } from './frame-items.ts';
import { NOT_FLAT } from './frame-values.ts';
import { EncoderTables } from './frame-tables.ts';

const CONTENT = '"content":[';
const COMMA = 44;
const CLOSE_BRACKET = 93;

/** Per-chain state of the encoder; `reset` starts a new chain. */
export class FrameEncoder {
  private items = new ItemEncoder(new EncoderTables());
  private received: Slot = newSlot();
  private frames = 0;
  private fresh = true;
  /** The chain's previous batch body: the next batch's zstd dictionary. */
  private previous: Buffer | null = null;

  /** Starts a new chain with the next batch (after a failed write, whose batches were lost). */
  reset(): void {
    this.items.restart(new EncoderTables());
    this.received = newSlot();
    this.frames = 0;
    this.fresh = true;
    this.previous = null;
  }

  /** One batch; `key` says it starts a chain (decodable on its own). */
  encode(frames: readonly CodecFrame[]): { payload: Buffer; key: boolean } {
    if (!this.fresh && (this.items.items >= KEY_ITEMS || this.frames >= KEY_FRAMES)) this.reset();
    const verbatim = new Set<number>();
    for (;;) {
      const key = this.fresh;
      this.fresh = false;
      this.items.streams();
      const failed = this.attempt(frames, verbatim);
      if (failed < 0) {
        const body = this.join(frames.length);
        const payload = pack(body, this.previous);
        this.previous = nextDictionary(this.previous, body);
        return { payload, key };
      }
      verbatim.add(failed);
      this.reset();
    }
  }

  /** -1, or the frame that turned out not to split (state is then spoiled: reset). */
  private attempt(frames: readonly CodecFrame[], verbatim: ReadonlySet<number>): number {
    const s = this.items;
    for (let f = 0; f < frames.length; f++) {
      const frame = frames[f] as CodecFrame;
      this.frames++;
      if (Object.is(frame.receivedAt, -0)) s.tag(NEGATIVE_ZERO);
      else s.leaf(String(frame.receivedAt), 0, this.received, -1, -1);
      s.head.uint(frame.connection);
      const text = frame.text;
      if (verbatim.has(f) || text.indexOf(CONTENT) < 0) {
        s.head.uint(0);
        s.texts.text(text);
        continue;
      }
      s.head.uint(1);
      try {
        this.frame(text);
      } catch (error) {
        if (error === NOT_FLAT) return f;
        throw error;
      }
    }
    return -1;
  }

  /** A frame with content arrays: (1, piece, items…, 0)… then 0 and the last piece. */
  private frame(text: string): void {
    const s = this.items;
    let pieceStart = 0;
    let from = 0;
    for (;;) {
      const at = text.indexOf(CONTENT, from);
      if (at < 0) break;
      const start = at + CONTENT.length;
      s.head.uint(1);
      s.texts.text(text.slice(pieceStart, start));
      const service = serviceBefore(text, at, pieceStart);
      let p = start;
      if (text.charCodeAt(p) !== CLOSE_BRACKET) {
        for (;;) {
          p = s.item(text, p, service);
          const c = text.charCodeAt(p);
          if (c === COMMA) p++;
          else if (c === CLOSE_BRACKET) break;
          else throw NOT_FLAT;
        }
      }
      s.contracts.uint(0);
      pieceStart = p;
      from = p;
    }
    s.head.uint(0);
    s.texts.text(text.slice(pieceStart));
  }

  /**
   * count, the lengths of the five streams before the texts, the columns used (their number, each
   * column's number and length), then the streams, the columns and the texts.
   */
  private join(count: number): Buffer {
    const s = this.items;
    s.flushRun();
    const lengths = new ByteWriter(64);
    lengths.uint(count);
    const streams = [s.head, s.tags, s.nums, s.contracts, s.shapes];
    for (const stream of streams) lengths.uint(stream.length);
    lengths.uint(s.used.length);
    const parts = [lengths.bytes(), ...streams.map((stream) => stream.bytes())];
    for (const column of s.used) {
      const writer = s.columns[column] as ByteWriter;
      lengths.uint(column);
      lengths.uint(writer.length);
      parts.push(writer.bytes());
    }
    parts[0] = lengths.bytes();
    parts.push(s.texts.bytes());
    return Buffer.concat(parts);
  }
}
