// A checkpoint's state kept serialized: V8's structured serializer (node:v8) keeps numbers,
// strings, maps, sets, typed arrays, undefined and shared references exactly, in about a third of
// the heap the objects take, but makes every object plain. So the prototypes of class instances
// (a contract's tracker, its quote ring, the rolling statistics) are noted by the order in which
// a walk meets them, and set again on the copy read back, which a walk over the same shape meets
// in the same order. For data-only state, as util/clone-state.ts copies it: functions are refused
// by the serializer. The bytes are compressed (zstd at its fastest level where Node has it, as the
// recordings are: store/frame-codec.ts; deflate otherwise): checkpoints are taken often and read
// back once per seek, and repeated field names and small numbers shrink several times.
import { deserialize, serialize } from 'node:v8';
import * as zlib from 'node:zlib';

type Codec = (buffer: Buffer, options?: object) => Buffer;
const zstdCompress = (zlib as { zstdCompressSync?: Codec }).zstdCompressSync;
const zstdDecompress = (zlib as { zstdDecompressSync?: Codec }).zstdDecompressSync;
const ZSTD_LEVEL = (zlib.constants as unknown as Record<string, number>).ZSTD_c_compressionLevel;
const zstd = zstdCompress && zstdDecompress && ZSTD_LEVEL !== undefined ? { compress: zstdCompress, decompress: zstdDecompress } : null;

function compress(bytes: Buffer): Buffer {
  return zstd ? zstd.compress(bytes, { params: { [ZSTD_LEVEL as number]: 1 } }) : zlib.deflateRawSync(bytes, { level: 1 });
}

function decompress(bytes: Buffer): Buffer {
  return zstd ? zstd.decompress(bytes) : zlib.inflateRawSync(bytes);
}

export interface PackedState<T> {
  bytes: Buffer;
  /** The objects that are not plain, by the order the walk meets them, and their prototypes. */
  protos: Array<[number, object | null]>;
  /** Only for the type: what unpackState gives back. */
  readonly of?: T;
}

export function packState<T>(value: T): PackedState<T> {
  const protos: Array<[number, object | null]> = [];
  walk(value, (object, index) => {
    const proto = Object.getPrototypeOf(object) as object | null;
    if (proto !== Object.prototype) protos.push([index, proto]);
  });
  return { bytes: compress(serialize(value)), protos };
}

/** A new copy of the state, class instances and all. */
export function unpackState<T>(packed: PackedState<T>): T {
  const value = deserialize(decompress(packed.bytes)) as T;
  const { protos } = packed;
  let next = 0;
  walk(value, (object, index) => {
    const noted = protos[next];
    if (noted?.[0] !== index) return;
    Object.setPrototypeOf(object, noted[1]);
    next++;
  });
  if (next !== protos.length) throw new Error('a replay checkpoint read back with another shape than it was taken with');
  return value;
}

/** Estimated bytes a packed state holds. */
export function packedBytes(packed: PackedState<unknown>): number {
  return packed.bytes.byteLength + packed.protos.length * 32;
}

/**
 * Calls `visit` once on every plain or class object (not arrays, maps, sets or typed arrays,
 * which the serializer keeps as they are), numbered in the order met, depth first.
 */
function walk(root: unknown, visit: (object: object, index: number) => void): void {
  const seen = new Set<object>();
  let count = 0;
  const go = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) return;
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) if (item !== null && typeof item === 'object') go(item);
      return;
    }
    if (value instanceof Map) {
      for (const [k, v] of value as Map<unknown, unknown>) {
        go(k);
        go(v);
      }
      return;
    }
    if (value instanceof Set) {
      for (const v of value as Set<unknown>) go(v);
      return;
    }
    visit(value, count++);
    for (const key of Object.keys(value)) go((value as Record<string, unknown>)[key]);
  };
  go(root);
}
