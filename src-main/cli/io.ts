// Where a command reads and writes: the process's streams in the app, captured ones in tests.
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Bulk output (flows, exports) goes here, with backpressure. */
  stdout?: Writable;
  /** Typed or piped answers (`login` reads the redirected address here); process.stdin by default. */
  stdin?: Readable;
  /** The environment commands read; process.env by default (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** The clock commands read (an IV rank is the underlying's now); Date.now by default. */
  now?: () => number;
}
