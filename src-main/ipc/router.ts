// The one IPC router in main, used by both hosts. Every request is validated against the
// contract in shared/ipc before a handler sees it, and every answer is an envelope: a handler
// that throws becomes { ok: false }, never a crash and never a leaked stack.
import type { z } from 'zod';
import type { AnyRequestDef, Envelope, IpcError, RequestDef, WindowKind } from '../../shared/ipc/index.ts';
import { validateRequest } from '../../shared/ipc/validate.ts';
import { redact, silentLogger, type Logger } from '../util/log.ts';

export interface CallContext {
  /** The window that asked: a BrowserWindow id in Electron, a socket id in the web host. */
  windowId: string;
  kind: WindowKind;
  /** The contract a book window shows; null for the feed. */
  symbol: string | null;
}

type RequestPayload<D> = D extends RequestDef<string, infer S, unknown> ? z.output<S> : never;
type ResponseValue<D> = D extends RequestDef<string, z.ZodType, infer R> ? R : never;

export type Handler<D> = (payload: RequestPayload<D>, context: CallContext) => ResponseValue<D> | Promise<ResponseValue<D>>;

/** An error a handler throws on purpose, with a code the renderer can act on. */
export class IpcFailure extends Error {
  readonly code: IpcError['code'];

  constructor(code: IpcError['code'], message: string) {
    super(message);
    this.name = 'IpcFailure';
    this.code = code;
  }
}

export class IpcRouter {
  private readonly handlers = new Map<string, (payload: unknown, context: CallContext) => unknown>();
  private readonly log: Logger;

  constructor(logger: Logger = silentLogger) {
    this.log = logger.child('ipc');
  }

  handle<D extends AnyRequestDef>(def: D, handler: Handler<D>): void {
    if (this.handlers.has(def.channel)) throw new Error(`two handlers for ${def.channel}`);
    this.handlers.set(def.channel, handler as (payload: unknown, context: CallContext) => unknown);
  }

  has(channel: string): boolean {
    return this.handlers.has(channel);
  }

  async dispatch(channel: unknown, payload: unknown, context: CallContext): Promise<Envelope<unknown>> {
    const checked = validateRequest(channel, payload, context.kind);
    if (!checked.ok) {
      this.log.warn('request refused', { channel: typeof channel === 'string' ? channel.slice(0, 64) : typeof channel, code: checked.error.code });
      return { ok: false, error: checked.error };
    }
    const handler = this.handlers.get(checked.def.channel);
    if (!handler) return { ok: false, error: { code: 'UNAVAILABLE', message: `${checked.def.channel} is not available in this host` } };
    try {
      return { ok: true, value: await handler(checked.value, context) };
    } catch (error) {
      if (error instanceof IpcFailure) return { ok: false, error: { code: error.code, message: redact(error.message) } };
      this.log.error('handler failed', { channel: checked.def.channel, reason: (error as Error)?.message });
      // Whatever a failing handler says passes the log's redaction before a window sees it.
      return { ok: false, error: { code: 'INTERNAL', message: redact(`${checked.def.channel} failed: ${(error as Error)?.message ?? 'unknown error'}`) } };
    }
  }
}
