// Growable byte buffers with unsigned and zigzag varints for the frame codec's columns (see
// frame-codec.ts). Numbers go up to 2^53 (Number.isSafeInteger), so the arithmetic avoids 32-bit
// bitwise operators past the low bits.

export class ByteWriter {
  private buf: Buffer;
  length = 0;

  constructor(initial = 4096) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** A non-negative safe integer, 7 bits a byte. */
  uint(n: number): void {
    this.room(8);
    while (n >= 0x80) {
      this.buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.length++] = n;
  }

  /** A safe integer of either sign (zigzag). */
  int(n: number): void {
    this.uint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  /** A string as its UTF-8 length and bytes. */
  text(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.uint(n);
    this.room(n);
    this.length += this.buf.write(s, this.length, 'utf8');
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

export class ByteReader {
  private readonly buf: Buffer;
  private at: number;
  private readonly end: number;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.buf = buf;
    this.at = start;
    this.end = end;
  }

  /** Where the next byte is read. */
  get offset(): number {
    return this.at;
  }

  byte(): number {
    if (this.at >= this.end) throw new Error('a frame batch ends early');
    return this.buf[this.at++] as number;
  }

  uint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  text(): string {
    const n = this.uint();
    if (this.at + n > this.end) throw new Error('a frame batch ends early');
    const s = this.buf.toString('utf8', this.at, this.at + n);
    this.at += n;
    return s;
  }
}
