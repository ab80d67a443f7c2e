// The last line of defence of a long-running process (the CLI's `serve`, the ingest worker): a
// promise nobody caught is logged, redacted, and the process goes on (every fire-and-forget call
// in the product has its own catch; this guard is for the one that was missed). An uncaught
// exception leaves the process in an unknown state, so it is logged and the process exits with
// a non-zero code instead of limping on.
import { redact, type Logger } from './log.ts';

export interface ProcessLike {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  exit(code: number): never;
}

/** What went wrong, as one redacted line with its stack: never a secret, never `[object Object]`. */
export function describeFailure(reason: unknown): string {
  if (reason instanceof Error) return redact(reason.stack ?? `${reason.name}: ${reason.message}`);
  try {
    return redact(typeof reason === 'string' ? reason : JSON.stringify(reason));
  } catch {
    return redact(String(reason));
  }
}

export function installProcessGuards(logger: Logger, target: ProcessLike = process): void {
  target.on('unhandledRejection', (reason) => {
    logger.error('a promise failed and nobody caught it; going on', { reason: describeFailure(reason) });
  });
  target.on('uncaughtException', (error) => {
    logger.error('an uncaught exception; stopping', { reason: describeFailure(error) });
    target.exit(1);
  });
}
