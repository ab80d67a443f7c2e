// The building blocks of the IPC contract. Each channel is declared exactly once, in the file of
// its domain, with the zod schema main validates every renderer request against, the response
// type, and the window kinds allowed to call it.
import type { z } from 'zod';

export type WindowKind = 'feed' | 'book';
export const WINDOW_KINDS: readonly WindowKind[] = ['feed', 'book'];

export interface RequestDef<C extends string, S extends z.ZodType, R> {
  readonly kind: 'request';
  readonly channel: C;
  readonly schema: S;
  readonly allowedFrom: readonly WindowKind[];
  /** Phantom: carries the response type; never set at runtime. */
  readonly response?: R;
}

export interface EventDef<C extends string, P> {
  readonly kind: 'event';
  readonly channel: C;
  /** Phantom: carries the payload type; never set at runtime. */
  readonly payload?: P;
}

/**
 * Declares a request. Curried so the response type is written once and the channel and schema
 * types are inferred: `request<Status>()('auth:status', schema, ['feed'])`.
 */
export function request<R>() {
  return <C extends string, S extends z.ZodType>(
    channel: C,
    schema: S,
    allowedFrom: readonly WindowKind[] = WINDOW_KINDS,
  ): RequestDef<C, S, R> => ({ kind: 'request', channel, schema, allowedFrom });
}

export function event<P>() {
  return <C extends string>(channel: C): EventDef<C, P> => ({ kind: 'event', channel });
}

export type RequestOf<D> = D extends RequestDef<string, infer S, unknown> ? z.infer<S> : never;
export type ResponseOf<D> = D extends RequestDef<string, z.ZodType, infer R> ? R : never;
export type PayloadOf<D> = D extends EventDef<string, infer P> ? P : never;

/** Error codes a caller can act on; the message is for people. */
export type IpcErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_CHANNEL'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'INTERNAL';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

/**
 * Every answer travels in an envelope, because an Electron invoke carries only an error's
 * message across and the web host must look the same.
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Bounds shared by the schemas so a hostile payload can never be huge. */
export const LIMITS = Object.freeze({
  symbol: 32,
  shortText: 200,
  longText: 4096,
  list: 500,
  id: 64,
});
